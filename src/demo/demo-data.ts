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
import type { MeetingKind } from '../registry/registry-types.js';
import { copenhagenToUtc, ZONE } from '../shared/time.js';
import type { ShiftsModule } from '../shifts/shifts-module.js';
import { workingDayOnOrAfter, workingDayOnOrBefore } from './danish-holidays.js';
import { loadDemoRoster } from './demo-roster.js';

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

/**
 * The demo's meetings, relative to today and each on a Danish working day (moved forward past weekends and holidays
 * such as 2. juledag), 10:00-12:00 Copenhagen time. The first lies inside the 14-day agenda deadline (the refusal can
 * be seen), the others outside it.
 */
export function demoMeetings(now: Date): { kind: MeetingKind; startsAt: Date; endsAt: Date }[] {
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  // The first moves back, not forward, so that it stays inside the deadline even after a long Christmas.
  const plan: [days: number, kind: MeetingKind, move: (date: string) => string][] = [
    [10, 'styregruppe', workingDayOnOrBefore],
    [24, 'styregruppe', workingDayOnOrAfter],
    [52, 'styregruppe', workingDayOnOrAfter],
    [40, 'repraesentantskab', workingDayOnOrAfter],
  ];
  return plan.map(([days, kind, move]) => {
    const date = move(today.plus({ days }).toISODate()!);
    return { kind, startsAt: copenhagenToUtc(date, '10:00'), endsAt: copenhagenToUtc(date, '12:00') };
  });
}

export async function loadDemoData(
  deps: Pick<CoreDeps, 'db' | 'clock' | 'registry'>,
  shifts?: Pick<ShiftsModule, 'roster' | 'attendance'>,
): Promise<boolean> {
  const { db, clock } = deps;
  const existing = await db.query<{ people: number }>('SELECT count(*)::int AS people FROM people');
  if (existing.rows[0].people > 0) return false;

  const summary = await importRegistry(db, parseRegistryFile(readFileSync(DEMO_FILE, 'utf8'), 'demo-registry.yaml'));
  await deps.registry.relinkConversations(summary.importedPeople);

  const aarhus = municipalityByName('Aarhus')!.code;
  for (const meeting of demoMeetings(clock.now())) {
    await upsertMeeting(db, { ...meeting, place: 'Aarhus Rådhus, mødelokale 1', hostMunicipalityCode: aarhus });
  }
  const today = DateTime.fromJSDate(clock.now(), { zone: ZONE }).startOf('day');

  const year = today.year % 2 === 1 ? today.year : today.year - 1;
  const rows = Object.entries(DEMO_POPULATION).map(([name, population]) => ({
    municipalityCode: municipalityByName(name)!.code,
    quarter: `${year}K3`,
    population,
  }));
  await importPopulation(db, rows, true);
  if (shifts) await loadDemoRoster(deps, shifts);
  return true;
}
