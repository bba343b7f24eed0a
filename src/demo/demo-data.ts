/**
 * Demo data for `npm start`: the demo registry (invented people, real municipalities), a meeting
 * calendar relative to today (one meeting already past its agenda deadline, so the refusal can be seen),
 * and illustrative population figures for the election key. Loaded once, into an empty database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { CoreDeps } from '../platform/capability.js';
import { parseRegistryFile } from '../registry/registry-file.js';
import { importRegistry } from '../registry/registry-import.js';
import { importPopulation } from '../registry/population-import.js';
import { upsertMeeting } from '../registry/meeting-repository.js';
import { municipalityByName } from '../registry/municipalities.js';
import { ZONE } from '../shared/time.js';

const DEMO_FILE = fileURLToPath(new URL('./demo-registry.yaml', import.meta.url));

/** Rounded, illustrative figures (marked is_demo); import FOLK1A for the real key. */
const DEMO_POPULATION: Record<string, number> = {
  Aarhus: 370000,
  Viborg: 98000,
  Randers: 100000,
  Silkeborg: 100000,
  Horsens: 100000,
  Herning: 90000,
  Aalborg: 222000,
  Hjørring: 64000,
  Odense: 210000,
  Vejle: 122000,
  Esbjerg: 115000,
  Kolding: 95000,
  Frederiksberg: 104000,
  Gentofte: 75000,
  Roskilde: 90000,
  Næstved: 84000,
  Holbæk: 73000,
  Slagelse: 80000,
};

export async function loadDemoData(deps: Pick<CoreDeps, 'db' | 'clock' | 'registry'>): Promise<boolean> {
  const { db, clock } = deps;
  const existing = await db.query<{ people: number }>('SELECT count(*)::int AS people FROM people');
  if (existing.rows[0].people > 0) return false;

  const summary = await importRegistry(db, parseRegistryFile(readFileSync(DEMO_FILE, 'utf8'), 'demo-registry.yaml'));
  await deps.registry.relinkConversations(summary.importedPeople);

  const today = DateTime.fromJSDate(clock.now(), { zone: ZONE }).startOf('day');
  const daysAhead = (days: number, hour: number) => today.plus({ days }).set({ hour }).toJSDate();
  const aarhus = municipalityByName('Aarhus')!.code;
  for (const [days, kind] of [
    [10, 'styregruppe'],
    [24, 'styregruppe'],
    [52, 'styregruppe'],
    [40, 'repraesentantskab'],
  ] as const) {
    await upsertMeeting(db, {
      kind,
      startsAt: daysAhead(days, 10),
      endsAt: daysAhead(days, 12),
      place: 'Aarhus Rådhus, mødelokale 1',
      hostMunicipalityCode: aarhus,
    });
  }

  const year = today.year % 2 === 1 ? today.year : today.year - 1;
  const rows = Object.entries(DEMO_POPULATION).map(([name, population]) => ({
    municipalityCode: municipalityByName(name)!.code,
    quarter: `${year}K3`,
    population,
  }));
  await importPopulation(db, rows, true);
  return true;
}
