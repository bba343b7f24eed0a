/**
 * The no-show history: incidents per municipality in a month (Copenhagen time) with the SMS they cost, for the
 * secretariat's card, the month's CSV behind a signed link (issue 18: no command line for a Teams user) and
 * `npm run report -- noshows --month 2024-01`. Aggregates only; no agent names.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Queryable } from '../db/database.js';
import { municipalityByCode } from '../registry/municipalities.js';
import type { Actor } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import { forbidden, invalidInput } from '../shared/errors.js';
import { smsSentCounts } from '../sms/sms-public.js';
import { incidentBatch, type Incident } from './shifts-domain.js';
import { incidentsOpenedBetween } from './shifts-incident-repository.js';
import type { HistoryView, MonthRow } from './shifts-views.js';

export interface NoShowHistoryServiceDeps {
  db: Queryable;
  clock: Clock;
  /** Months begin and end at local midnight in this zone. */
  zone: string;
  /** The bot's public address (no trailing slash) and the link secret, for the CSV link. */
  baseUrl: string;
  linkSecret: string;
}

/** GET /api/shifts/udeblivelser.csv?m=2026-11&sig=… : the month's CSV, signed like the agenda's Word link. */
export const MONTH_CSV_PATH = '/api/shifts/udeblivelser.csv';

/** How many months the card offers, the current one included. */
const MONTHS_TO_CHOOSE = 13;

export class NoShowHistoryService {
  constructor(private readonly deps: NoShowHistoryServiceDeps) {}

  /** The secretariat's card: the requested month when it is one of the last 13, else the current one. */
  async monthView(actor: Actor, requestedMonth: string | null): Promise<HistoryView> {
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan se historikken over udeblivelser.');
    const current = DateTime.fromJSDate(this.deps.clock.now(), { zone: this.deps.zone }).startOf('month');
    const months = Array.from({ length: MONTHS_TO_CHOOSE }, (_, back) =>
      current.minus({ months: back }).toFormat('yyyy-MM'),
    );
    const month = requestedMonth && months.includes(requestedMonth) ? requestedMonth : months[0];
    return { month, months, rows: await this.rowsOf(month), csvUrl: this.csvUrl(month) };
  }

  /** `npm run report -- noshows --month 2024-01`, the signed link and shifts-public: any month, as CSV. */
  async csv(month: string): Promise<string> {
    return historyCsv(month, await this.rowsOf(month));
  }

  /** The link to a month's CSV; whoever has it may download that month's aggregates (no personal data). */
  csvUrl(month: string): string {
    return `${this.deps.baseUrl}${MONTH_CSV_PATH}?m=${month}&sig=${this.sign(month)}`;
  }

  /** The CSV behind a link: the signature is checked before anything is read. */
  async signedCsv(month: string, signature: string): Promise<string> {
    const expected = Buffer.from(this.sign(month));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw forbidden('Linket er ugyldigt eller udløbet.');
    return this.csv(month);
  }

  private sign(month: string): string {
    return createHmac('sha256', this.deps.linkSecret).update(`noshow-month:${month}`).digest('base64url');
  }

  private async rowsOf(month: string): Promise<MonthRow[]> {
    const { from, to } = monthBounds(month, this.deps.zone);
    const incidents = await incidentsOpenedBetween(this.deps.db, from, to);
    const sms = await smsSentCounts(
      this.deps.db,
      incidents.map((incident) => incidentBatch(incident.id)),
    );
    return summarize(incidents, (incident) => sms.get(incidentBatch(incident.id)) ?? 0);
  }
}

export function monthBounds(month: string, zone: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (!/^\d{4}-\d{2}$/.test(month) || !start.isValid)
    throw invalidInput(`Måneden skal skrives ÅÅÅÅ-MM, fx 2024-01 (fik "${month.slice(0, 20)}").`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

export function summarize(incidents: Incident[], smsOf: (incident: Incident) => number = () => 0): MonthRow[] {
  const byMunicipality = new Map<number, Incident[]>();
  for (const incident of incidents)
    byMunicipality.set(incident.municipalityCode, [...(byMunicipality.get(incident.municipalityCode) ?? []), incident]);
  return [...byMunicipality.entries()]
    .map(([code, list]) => {
      const acked = list.filter((i) => i.acknowledgedAt);
      const minutesToAcknowledge = acked.map((i) => (i.acknowledgedAt!.getTime() - i.openedAt.getTime()) / 60_000);
      const mean = acked.length
        ? Math.round(minutesToAcknowledge.reduce((sum, minutes) => sum + minutes, 0) / acked.length)
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
        smsSent: list.reduce((sum, incident) => sum + smsOf(incident), 0),
      };
    })
    .sort((a, b) => b.incidents - a.incidents || a.municipalityName.localeCompare(b.municipalityName, 'da'));
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
  'sms',
];

/** Semicolon-separated with a BOM, so Danish Excel opens it as is; every field quoted. */
export function historyCsv(month: string, rows: MonthRow[]): string {
  const quote = (value: string | number | null) => `"${String(value ?? '').replace(/"/g, '""')}"`;
  const lines = rows.map((row) =>
    [
      month,
      row.municipalityCode,
      row.municipalityName,
      row.incidents,
      row.detected,
      row.manual,
      row.acknowledged,
      row.resolvedByLogin,
      row.replacementFound,
      row.stillOpen,
      row.meanMinutesToAcknowledge,
      row.smsSent,
    ]
      .map(quote)
      .join(';'),
  );
  return `\uFEFF${[CSV_HEADER.map(quote).join(';'), ...lines].join('\r\n')}\r\n`;
}
