/**
 * The monthly statistics file (CSV via csv-parse, XLSX via exceljs) into checked rows. Every problem is
 * reported with its row and field; one bad row means nothing from the file is used.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { municipalityByCode } from '../registry/municipalities.js';
import { DomainError } from '../shared/errors.js';
import type { KpiFigures } from './kpi-domain.js';

export interface KpiRow extends KpiFigures {
  line: number;
  period: string;
  municipalityCode: number;
  /** '' for the municipality's total row. */
  agentKey: string;
  agentPersonId: number | null;
}

export const KPI_COLUMNS = ['periode', 'kommunekode', 'agent', 'besvarede', 'straksafklarede', 'tilfredshed_svar', 'tilfredshed_gns'] as const;
type Column = (typeof KPI_COLUMNS)[number];
const ALIASES: Record<string, Column> = {
  periode: 'periode', period: 'periode', kommunekode: 'kommunekode', kommune: 'kommunekode', municipality_code: 'kommunekode',
  agent: 'agent', besvarede: 'besvarede', calls_handled: 'besvarede', straksafklarede: 'straksafklarede', calls_resolved: 'straksafklarede',
  tilfredshed_svar: 'tilfredshed_svar', satisfaction_answers: 'tilfredshed_svar', tilfredshed_gns: 'tilfredshed_gns', satisfaction_mean: 'tilfredshed_gns',
};

export const MAX_KPI_ROWS = 50_000;

export class KpiFileError extends DomainError {
  constructor(readonly problems: string[]) {
    super('INVALID_INPUT', `KPI-filen blev ikke indlæst (intet er ændret):\n${problems.slice(0, 25).join('\n')}${problems.length > 25 ? `\n… og ${problems.length - 25} mere` : ''}`, { problems });
  }
}

async function records(bytes: Buffer, fileName: string): Promise<string[][]> {
  if (/\.xlsx$/i.test(fileName)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw new KpiFileError([`${fileName}: filen er ikke et gyldigt Excel-ark (.xlsx)`]);
    }
    const ws = wb.worksheets[0];
    if (!ws) throw new KpiFileError([`${fileName}: arket er tomt`]);
    const out: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : typeof v === 'object' && v && 'result' in v ? String((v as { result: unknown }).result) : String(v)));
      out.push(values);
    });
    return out;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  const delimiter = (text.split(/\r?\n/, 1)[0] ?? '').includes(';') ? ';' : ',';
  try {
    return parse(text.replace(/^\uFEFF/, ''), { delimiter, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    throw new KpiFileError([`${fileName}: ugyldig CSV (${(e as Error).message.split('\n')[0]})`]);
  }
}

const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN);
const dec = (s: string) => (/^\d+([.,]\d+)?$/.test(s.trim()) ? Number(s.replace(',', '.')) : NaN);

/** Reads and checks a file; `agentIdOf` finds an agent of that municipality by e-mail or person id. */
export async function parseKpiFile(bytes: Buffer, fileName: string, agentIdOf: (code: number, agent: string) => Promise<number | null>): Promise<KpiRow[]> {
  const recs = await records(bytes, fileName);
  if (recs.length - 1 > MAX_KPI_ROWS) throw new KpiFileError([`${fileName}: højst ${MAX_KPI_ROWS} rækker pr. fil`]);
  const header = (recs[0] ?? []).map((h) => ALIASES[h.trim().toLowerCase()]);
  const missing = KPI_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new KpiFileError([`${fileName}:1: mangler kolonnerne ${missing.join(', ')}`]);
  const get = (r: string[], c: Column) => (r[header.indexOf(c)] ?? '').trim();
  const problems: string[] = [];
  const rows: KpiRow[] = [];
  const seen = new Set<string>();
  const periods = new Set<string>();
  for (let i = 1; i < recs.length; i++) {
    const r = recs[i];
    const line = i + 1;
    const at = (field: string, msg: string) => problems.push(`${fileName}:${line}: ${field}: ${msg}`);
    const period = get(r, 'periode');
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) at('periode', `"${period}" skal være ÅÅÅÅ-MM`);
    periods.add(period);
    const code = int(get(r, 'kommunekode'));
    if (!municipalityByCode(code)) at('kommunekode', `ukendt kommune "${get(r, 'kommunekode')}"`);
    const handled = int(get(r, 'besvarede'));
    const resolved = int(get(r, 'straksafklarede'));
    const answers = int(get(r, 'tilfredshed_svar'));
    const meanText = get(r, 'tilfredshed_gns');
    const mean = meanText === '' ? null : dec(meanText);
    if (!Number.isFinite(handled) || handled > 1_000_000) at('besvarede', `"${get(r, 'besvarede')}" er ikke et antal`);
    if (!Number.isFinite(resolved)) at('straksafklarede', `"${get(r, 'straksafklarede')}" er ikke et antal`);
    else if (resolved > handled) at('straksafklarede', `flere straksafklarede (${resolved}) end besvarede (${handled})`);
    if (!Number.isFinite(answers)) at('tilfredshed_svar', `"${get(r, 'tilfredshed_svar')}" er ikke et antal`);
    if (mean !== null && (!Number.isFinite(mean) || mean < 1 || mean > 9)) at('tilfredshed_gns', `"${meanText}" skal ligge mellem 1 og 9`);
    if (mean === null && answers > 0) at('tilfredshed_gns', 'mangler, når der er svar');
    const agent = get(r, 'agent').toLowerCase().slice(0, 320);
    let agentPersonId: number | null = null;
    if (agent && municipalityByCode(code)) {
      agentPersonId = await agentIdOf(code, agent);
      if (agentPersonId === null) at('agent', `ukendt agent "${agent}" i kommune ${code}`);
    }
    const key = `${period}|${code}|${agent}`;
    if (seen.has(key)) at('række', `dobbelt række for ${agent || 'kommunens total'}`);
    seen.add(key);
    rows.push({ line, period, municipalityCode: code, agentKey: agent, agentPersonId, callsHandled: handled, callsResolved: resolved, satisfactionAnswers: answers, satisfactionMean: mean });
  }
  if (periods.size > 1) problems.push(`${fileName}: filen indeholder flere perioder (${[...periods].join(', ')}); én måned pr. fil`);
  if (!rows.length) problems.push(`${fileName}: ingen rækker`);
  if (problems.length) throw new KpiFileError(problems);
  return rows;
}
