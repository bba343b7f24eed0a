/**
 * The no-show history: incidents per municipality in a month (Copenhagen time), for the secretariat's card
 * and `npm run report -- noshows --month 2024-01`. Aggregates only; no agent names.
 */
import { DateTime } from 'luxon';
import type { Queryable } from '../db/database.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { invalidInput } from '../shared/errors.js';
import type { Incident } from './shifts-domain.js';
import { incidentsOpenedBetween } from './shifts-incident-repository.js';

export interface MonthRow {
  municipalityCode: number;
  municipalityName: string;
  incidents: number;
  detected: number;
  manual: number;
  acknowledged: number;
  resolvedByLogin: number;
  replacementFound: number;
  stillOpen: number;
  /** Mean minutes from opening to acknowledgement, over acknowledged incidents; null when none. */
  meanMinutesToAcknowledge: number | null;
}

export function monthBounds(month: string, zone: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (!/^\d{4}-\d{2}$/.test(month) || !start.isValid)
    throw invalidInput(`Måneden skal skrives ÅÅÅÅ-MM, fx 2024-01 (fik "${month.slice(0, 20)}").`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

export function summarize(incidents: Incident[]): MonthRow[] {
  const by = new Map<number, Incident[]>();
  for (const i of incidents) by.set(i.municipalityCode, [...(by.get(i.municipalityCode) ?? []), i]);
  return [...by.entries()]
    .map(([code, list]) => {
      const acked = list.filter((i) => i.acknowledgedAt);
      const mean = acked.length
        ? Math.round(
            acked.reduce((s, i) => s + (i.acknowledgedAt!.getTime() - i.openedAt.getTime()) / 60_000, 0) / acked.length,
          )
        : null;
      return {
        municipalityCode: code,
        municipalityName: municipalityByCode(code)?.name ?? String(code),
        incidents: list.length,
        detected: list.filter((i) => i.source === 'detected').length,
        manual: list.filter((i) => i.source === 'manual').length,
        acknowledged: acked.length,
        resolvedByLogin: list.filter((i) => i.resolution === 'login').length,
        replacementFound: list.filter((i) => i.resolution === 'replacement').length,
        stillOpen: list.filter((i) => i.status !== 'resolved').length,
        meanMinutesToAcknowledge: mean,
      };
    })
    .sort((a, b) => b.incidents - a.incidents || a.municipalityName.localeCompare(b.municipalityName, 'da'));
}

export async function monthHistory(q: Queryable, month: string, zone: string): Promise<MonthRow[]> {
  const { from, to } = monthBounds(month, zone);
  return summarize(await incidentsOpenedBetween(q, from, to));
}

const CSV_HEADER = [
  'maaned',
  'kommunekode',
  'kommune',
  'udeblivelser',
  'opdaget',
  'meldt_manuelt',
  'kvitteret',
  'loest_ved_login',
  'afloeser_fundet',
  'aabne',
  'gns_minutter_til_kvittering',
];

/** Semicolon-separated with a BOM, so Danish Excel opens it as is; every field quoted. */
export function historyCsv(month: string, rows: MonthRow[]): string {
  const q = (v: string | number | null) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const lines = rows.map((r) =>
    [
      month,
      r.municipalityCode,
      r.municipalityName,
      r.incidents,
      r.detected,
      r.manual,
      r.acknowledged,
      r.resolvedByLogin,
      r.replacementFound,
      r.stillOpen,
      r.meanMinutesToAcknowledge,
    ]
      .map(q)
      .join(';'),
  );
  return `\uFEFF${[CSV_HEADER.map(q).join(';'), ...lines].join('\r\n')}\r\n`;
}
