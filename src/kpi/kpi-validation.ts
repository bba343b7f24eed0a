/**
 * Checks the rows of a monthly statistics file and reports every problem with file, line and column.
 * Pure: the registry (members, agents) is handed in as lookups; one problem anywhere refuses the whole file.
 */
import { municipalityByCode } from '../registry/municipalities.js';
import type { KpiFigures } from './kpi-domain.js';
import type { KpiSheet } from './kpi-file.js';

/** The documented columns (docs/kpi.md), Danish names first; English names are accepted as aliases. */
export const KPI_COLUMNS = [
  'periode',
  'kommunekode',
  'agent',
  'besvarede',
  'straksafklarede',
  'tilfredshed_svar',
  'tilfredshed_gns',
] as const;
export type KpiColumn = (typeof KPI_COLUMNS)[number];

const ALIASES: Record<string, KpiColumn> = {
  periode: 'periode',
  period: 'periode',
  maaned: 'periode',
  måned: 'periode',
  kommunekode: 'kommunekode',
  municipality_code: 'kommunekode',
  kommunenr: 'kommunekode',
  agent: 'agent',
  agent_email: 'agent',
  agent_id: 'agent',
  besvarede: 'besvarede',
  calls_handled: 'besvarede',
  besvarede_opkald: 'besvarede',
  straksafklarede: 'straksafklarede',
  calls_resolved: 'straksafklarede',
  straksafklaret: 'straksafklarede',
  tilfredshed_svar: 'tilfredshed_svar',
  satisfaction_answers: 'tilfredshed_svar',
  tilfredshed_gns: 'tilfredshed_gns',
  satisfaction_mean: 'tilfredshed_gns',
  tilfredshed: 'tilfredshed_gns',
};

const normalizeHeader = (cell: string) =>
  cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** Maps header cells to columns; null when a required column is missing. */
export function columnsOf(header: string[]): Map<KpiColumn, number> | null {
  const map = new Map<KpiColumn, number>();
  header.forEach((cell, index) => {
    const column = ALIASES[normalizeHeader(cell)];
    if (column && !map.has(column)) map.set(column, index);
  });
  return KPI_COLUMNS.every((c) => map.has(c)) ? map : null;
}

export interface KpiRow extends KpiFigures {
  line: number;
  period: string;
  municipalityCode: number;
  /** The registry person of the agent; null for the municipality's total row. */
  agentPersonId: number | null;
}

export interface ValidationContext {
  fileName: string;
  /** The current month (YYYY-MM, Copenhagen); later periods are refused. */
  currentPeriod: string;
  isMember(code: number): boolean;
  /** The agent of that municipality named by e-mail, registry person id or Entra object id (lower case), or null. */
  agentOf(code: number, key: string): number | null;
}

const MAX_COUNT = 1_000_000;
const MAX_PROBLEMS = 500;

/** A whole number as Danish exports write it ("1234", "1.234", "1 234"); NaN otherwise. */
function count(text: string): number {
  const digits = text.replace(/[\s\u00a0]/g, '');
  if (/^\d+$/.test(digits)) return Number(digits);
  if (/^\d{1,3}(\.\d{3})+$/.test(digits)) return Number(digits.replaceAll('.', ''));
  return NaN;
}

/** A mean with a decimal comma or point, rounded to three decimals; NaN otherwise. */
function mean(text: string): number {
  const trimmed = text.trim();
  return /^\d+([.,]\d+)?$/.test(trimmed) ? Math.round(Number(trimmed.replace(',', '.')) * 1000) / 1000 : NaN;
}

/** Cell text as shown in the report: short, and on one line. */
const shown = (cell: string) => JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);

export function validateKpiSheet(sheet: KpiSheet, ctx: ValidationContext): { rows: KpiRow[]; problems: string[] } {
  const { fileName } = ctx;
  const columns = columnsOf(sheet.header);
  if (!columns) {
    const have = new Set(sheet.header.map((h) => ALIASES[normalizeHeader(h)]).filter(Boolean));
    return {
      rows: [],
      problems: [
        `${fileName}:1: mangler kolonnerne ${KPI_COLUMNS.filter((c) => !have.has(c)).join(', ')} (se docs/kpi.md)`,
      ],
    };
  }
  const problems: string[] = [];
  const report = (line: number, column: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${fileName}:${line}: ${column}: ${message}`);
  };
  const rows: KpiRow[] = [];
  const seen = new Map<string, number>();
  const periods = new Set<string>();

  for (const { line, cells } of sheet.rows) {
    const get = (column: KpiColumn) => (cells[columns.get(column)!] ?? '').trim();
    let ok = true;
    const fail = (column: string, message: string) => {
      ok = false;
      report(line, column, message);
    };

    const period = get('periode');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) fail('periode', `${shown(period)} skal skrives ÅÅÅÅ-MM, fx 2026-10`);
    else if (period > ctx.currentPeriod) fail('periode', `${period} ligger i fremtiden`);
    else periods.add(period);

    const code = count(get('kommunekode'));
    const municipality = municipalityByCode(code);
    if (!municipality) fail('kommunekode', `ukendt kommunekode ${shown(get('kommunekode'))}`);
    else if (!ctx.isMember(code))
      fail('kommunekode', `${municipality.name} (${code}) er ikke medlem af DDH's kontaktcenter`);

    const agentText = get('agent');
    let agentPersonId: number | null = null;
    if (agentText && municipality) {
      agentPersonId = ctx.agentOf(code, agentText.toLowerCase());
      if (agentPersonId === null)
        fail('agent', `${shown(agentText)} er ikke registreret som agent i ${municipality.name}`);
    }

    const handled = count(get('besvarede'));
    const resolved = count(get('straksafklarede'));
    const answers = count(get('tilfredshed_svar'));
    const meanText = get('tilfredshed_gns');
    const satisfactionMean = meanText === '' ? null : mean(meanText);
    if (!(handled <= MAX_COUNT))
      fail('besvarede', `${shown(get('besvarede'))} er ikke et antal opkald (0-${MAX_COUNT})`);
    if (!(resolved <= MAX_COUNT)) fail('straksafklarede', `${shown(get('straksafklarede'))} er ikke et antal opkald`);
    else if (resolved > handled)
      fail('straksafklarede', `flere straksafklarede (${resolved}) end besvarede opkald (${handled})`);
    if (!(answers <= MAX_COUNT)) fail('tilfredshed_svar', `${shown(get('tilfredshed_svar'))} er ikke et antal svar`);
    if (satisfactionMean === null) {
      if (answers > 0) fail('tilfredshed_gns', `mangler, når der er ${answers} svar`);
    } else if (!(satisfactionMean >= 1 && satisfactionMean <= 9))
      fail('tilfredshed_gns', `${shown(meanText)} skal være et tal mellem 1 og 9`);
    else if (answers === 0) fail('tilfredshed_gns', 'et gennemsnit uden svar (tilfredshed_svar er 0)');

    if (!ok) continue;
    // The same agent named twice (by e-mail and by id) is a duplicate too.
    const key = `${period}|${code}|${agentPersonId ?? 'total'}`;
    const first = seen.get(key);
    if (first !== undefined) {
      report(
        line,
        'række',
        `dobbelt række for ${agentPersonId === null ? `${municipality!.name}s total` : shown(agentText)} (også linje ${first})`,
      );
      continue;
    }
    seen.set(key, line);
    rows.push({
      line,
      period,
      municipalityCode: code,
      agentPersonId,
      callsHandled: handled,
      callsResolved: resolved,
      satisfactionAnswers: answers,
      satisfactionMean,
    });
  }

  if (periods.size > 1)
    problems.push(
      `${fileName}: filen indeholder flere perioder (${[...periods].sort().join(', ')}); indlæs én måned pr. fil`,
    );
  if (!sheet.rows.length) problems.push(`${fileName}: filen har ingen datarækker`);
  if (!problems.length) problems.push(...totalsAgainstAgents(rows, fileName));
  return { rows, problems };
}

/** A municipality's total row must hold at least what its agents' rows add up to. */
function totalsAgainstAgents(rows: KpiRow[], fileName: string): string[] {
  const sums = new Map<number, { handled: number; resolved: number; answers: number }>();
  for (const row of rows) {
    if (row.agentPersonId === null) continue;
    const sum = sums.get(row.municipalityCode) ?? { handled: 0, resolved: 0, answers: 0 };
    sum.handled += row.callsHandled;
    sum.resolved += row.callsResolved;
    sum.answers += row.satisfactionAnswers;
    sums.set(row.municipalityCode, sum);
  }
  const problems: string[] = [];
  for (const total of rows.filter((r) => r.agentPersonId === null)) {
    const sum = sums.get(total.municipalityCode);
    if (!sum) continue;
    const over = (
      [
        ['besvarede', sum.handled, total.callsHandled],
        ['straksafklarede', sum.resolved, total.callsResolved],
        ['tilfredshed_svar', sum.answers, total.satisfactionAnswers],
      ] as const
    ).filter(([, agents, stated]) => agents > stated);
    for (const [column, agents, stated] of over) {
      problems.push(
        `${fileName}:${total.line}: ${column}: kommunens total (${stated}) er mindre end summen af dens agenters rækker (${agents})`,
      );
    }
  }
  return problems;
}
