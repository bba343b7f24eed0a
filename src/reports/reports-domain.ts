/**
 * The secretariat's reports as pure rules: CSV for Danish Excel, Danish names for delivery batches, and whether the
 * bot can reach a person. No I/O here; the service feeds these from the repository.
 */
import { monthName } from '../shared/time.js';
import { csvCell } from '../ui/plain-text.js';

/** The reports, by the name their CSV download and `npm run report` use. */
export const REPORT_KINDS = ['udeblivelser', 'beslutninger', 'udsendelser', 'naabarhed'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * Semicolon-separated, CRLF, with a byte order mark so Danish Excel opens it as UTF-8 (æ, ø, å); every cell goes
 * through csvCell, so a name or title a person typed can never run as a formula.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const line = (cells: readonly (string | number | null)[]) => cells.map((cell) => csvCell(cell)).join(';');
  return `\uFEFF${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}

const label = (pattern: RegExp, make: (...parts: string[]) => string) => ({ pattern, make });

/** Batches as capabilities name them (see each capability's `batch:`), in words the secretariat knows. */
const BATCH_LABELS = [
  label(/^noshow:(\d+)$/, (id) => `Udeblivelse nr. ${id}`),
  label(
    /^noshow-notice:(\d+)$/,
    (id) => `Udeblivelse nr. ${id}: besked til sekretariatet om kontakter, der ikke blev nået`,
  ),
  label(/^noshow-nudge:(\d+)$/, (id) => `Udeblivelse nr. ${id}: påmindelse til agenten`),
  label(/^agenda:item:(\d+)$/, (id) => `Dagsordenspunkt nr. ${id}`),
  label(
    /^agenda:reminder:(\d+):[^:]*:(\d+)$/,
    (id, days) => `Påmindelse om fristen til møde nr. ${id} (${days} dage før)`,
  ),
  label(/^agenda:published:(\d+):v(\d+)$/, (id, version) => `Dagsorden til møde nr. ${id}, version ${version}`),
  label(/^kpi:(\d{4})-(\d{2})$/, (year, month) => `KPI-advarsler for ${monthName(`${year}-${month}`)}`),
  label(/^vote:(\d+)$/, (id) => `Afstemning nr. ${id}`),
  label(/^vote:(\d+):remind$/, (id) => `Påmindelse om afstemning nr. ${id}`),
  label(/^engage:login$/, () => 'Viva Engage: login udløbet'),
];

/** "Udeblivelse nr. 42" for 'noshow:42'; a batch no rule knows keeps its own name. */
export function batchLabel(batch: string): string {
  for (const { pattern, make } of BATCH_LABELS) {
    const match = pattern.exec(batch);
    if (match) return make(...match.slice(1));
  }
  return batch;
}

/** "Vedtaget" for the stored 'vedtaget'. */
export function resultLabel(result: string): string {
  return result ? result[0].toUpperCase() + result.slice(1) : result;
}

/** Whether the bot can write to a person now: a live chat, a chat Graph can create, or neither. */
export type ReachState = 'chat' | 'install' | 'none';

export interface ReachFacts {
  /** The person's newest 1:1 chat with the bot, if any. */
  chat: { live: boolean; deadReason: string | null } | null;
  entraObjectId: string | null;
  /** Graph installation is configured (GRAPH_ENABLED). */
  graphEnabled: boolean;
}

export interface Reach {
  state: ReachState;
  /** Why, in Danish, for the card and the CSV. */
  reason: string;
}

export function reachOf(facts: ReachFacts): Reach {
  const installable = facts.graphEnabled && facts.entraObjectId !== null;
  if (facts.chat?.live) return { state: 'chat', reason: 'Har en chat med botten.' };
  const closed = facts.chat
    ? `Chatten med botten er lukket (${facts.chat.deadReason ?? 'botten er blokeret eller fjernet'})`
    : 'Ingen chat med botten endnu';
  if (installable) return { state: 'install', reason: `${closed}; appen installeres via Graph ved næste besked.` };
  const why = !facts.graphEnabled
    ? 'automatisk installation via Graph er slået fra (GRAPH_ENABLED)'
    : 'personen har intet Entra-id i registret';
  return { state: 'none', reason: `${closed}, og ${why}.` };
}

export const REACH_LABELS: Record<ReachState, string> = {
  chat: 'Ja',
  install: 'Ja, via installation',
  none: 'Nej',
};

/** The facts of one incident the monthly history counts. */
export interface IncidentCounted {
  municipalityCode: number;
  month: string;
  source: 'detected' | 'manual';
  acknowledgedAt: Date | null;
  openedAt: Date;
  resolution: 'login' | 'replacement' | null;
  resolved: boolean;
}

/** Counts per month and municipality (the CSV's rows), busiest first within a month. */
export interface MonthMunicipalityRow {
  month: string;
  municipalityCode: number;
  incidents: number;
  detected: number;
  manual: number;
  acknowledged: number;
  resolvedByLogin: number;
  replacementFound: number;
  stillOpen: number;
  meanMinutesToAcknowledge: number | null;
}

export function countByMonthAndMunicipality(incidents: readonly IncidentCounted[]): MonthMunicipalityRow[] {
  const groups = new Map<string, IncidentCounted[]>();
  for (const incident of incidents) {
    const key = `${incident.month}|${incident.municipalityCode}`;
    groups.set(key, [...(groups.get(key) ?? []), incident]);
  }
  return [...groups.values()]
    .map((list) => {
      const acknowledged = list.filter((i) => i.acknowledgedAt);
      const minutes = acknowledged.map((i) => (i.acknowledgedAt!.getTime() - i.openedAt.getTime()) / 60_000);
      return {
        month: list[0].month,
        municipalityCode: list[0].municipalityCode,
        incidents: list.length,
        detected: list.filter((i) => i.source === 'detected').length,
        manual: list.filter((i) => i.source === 'manual').length,
        acknowledged: acknowledged.length,
        resolvedByLogin: list.filter((i) => i.resolution === 'login').length,
        replacementFound: list.filter((i) => i.resolution === 'replacement').length,
        stillOpen: list.filter((i) => !i.resolved).length,
        meanMinutesToAcknowledge: minutes.length
          ? Math.round(minutes.reduce((sum, m) => sum + m, 0) / minutes.length)
          : null,
      };
    })
    .sort(
      (a, b) => b.month.localeCompare(a.month) || b.incidents - a.incidents || a.municipalityCode - b.municipalityCode,
    );
}
