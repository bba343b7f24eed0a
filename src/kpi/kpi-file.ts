/**
 * Reads the monthly statistics file into rows of text cells: CSV through csv-parse, XLSX through exceljs.
 * Checking the rows is kpi-validation.ts; nothing here decides what a value means.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../shared/errors.js';

/** The file was refused; `problems` is the row-level report (file:line: column: what is wrong). */
export class KpiFileError extends DomainError {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, 25).join('\n');
    const more = problems.length > 25 ? `\n… og ${problems.length - 25} fejl mere` : '';
    super('INVALID_INPUT', `KPI-filen blev ikke indlæst, og intet er ændret:\n${shown}${more}`, { problems });
    this.name = 'KpiFileError';
  }
}

/** A file with more data rows than this is refused before it is checked (a month is ~1,000-15,000 rows). */
export const MAX_KPI_ROWS = 50_000;

const isXlsx = (bytes: Buffer, fileName: string) =>
  /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b);

/** A data row with the line (CSV) or row number (Excel) it came from. */
export interface KpiRecord {
  line: number;
  cells: string[];
}

export interface KpiSheet {
  header: string[];
  rows: KpiRecord[];
}

export async function readKpiSheet(bytes: Buffer, fileName: string): Promise<KpiSheet> {
  const records = isXlsx(bytes, fileName) ? await xlsxRecords(bytes, fileName) : csvRecords(bytes, fileName);
  const [head, ...rows] = records;
  if (!head) throw new KpiFileError([`${fileName}: filen er tom`]);
  if (rows.length > MAX_KPI_ROWS)
    throw new KpiFileError([
      `${fileName}: højst ${integerText(MAX_KPI_ROWS)} rækker pr. fil (filen har ${integerText(rows.length)})`,
    ]);
  return { header: head.cells, rows };
}

/** The header row only, for telling a KPI file from other files without reading all of it. */
export async function readKpiHeader(bytes: Buffer, fileName: string): Promise<string[]> {
  try {
    if (isXlsx(bytes, fileName)) return (await xlsxRecords(bytes, fileName, 1))[0]?.cells ?? [];
    const firstLine =
      decode(bytes.subarray(0, 4096))
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/, 1)[0] ?? '';
    return (
      (parse(firstLine, { delimiter: delimiterOf(firstLine), relax_quotes: true, trim: true })[0] as
        string[] | undefined) ?? []
    );
  } catch {
    return [];
  }
}

const integerText = (count: number) => count.toLocaleString('da-DK');

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel in Danish saves "CSV (semikolonsepareret)" as Windows-1252.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const delimiterOf = (headerLine: string) => (headerLine.split(';').length >= headerLine.split(',').length ? ';' : ',');

function csvRecords(bytes: Buffer, fileName: string): KpiRecord[] {
  const text = decode(bytes).replace(/^\uFEFF/, '');
  if (!text.trim()) throw new KpiFileError([`${fileName}: filen er tom`]);
  try {
    const parsed = parse(text, {
      delimiter: delimiterOf(text.split(/\r?\n/, 1)[0]),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return parsed.map((p) => ({ line: p.info.lines, cells: p.record }));
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new KpiFileError([
      `${fileName}${line ? `:${line}` : ''}: ugyldig CSV (${(err as Error).message.split('\n')[0]})`,
    ]);
  }
}

/**
 * The workbook's first sheet, read as a stream: rows are handed over as they are unpacked, so a month of 12,000 rows
 * costs a third of the memory and time of loading the whole workbook (bench/kpi-import.ts). `limit` stops after that
 * many non-empty rows (the header check reads one).
 */
async function xlsxRecords(bytes: Buffer, fileName: string, limit = Infinity): Promise<KpiRecord[]> {
  // Loaded on the first Excel file only: exceljs and what it pulls in cost the idle bot memory for nothing otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const out: KpiRecord[] = [];
  let sheets = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), {
      sharedStrings: 'cache',
      styles: 'cache', // dates are known by their number format
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const sheet of reader) {
      // The first sheet in the workbook's order (as the tabs show), whatever its place in the file.
      const first = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets?.[0]?.name;
      if (first !== undefined && (sheet as unknown as { name?: string }).name !== first) {
        for await (const _ of sheet) void _;
        continue;
      }
      sheets++;
      for await (const row of sheet) {
        // Line numbers are Excel's row numbers, so the report points at the row the user sees; blank rows are
        // skipped like blank CSV lines. row.values is sparse (index = column); Array.from fills the holes.
        const cells = Array.from((row.values as unknown[]).slice(1), cellText);
        if (cells.some((c) => c !== '')) out.push({ line: row.number, cells });
        if (out.length >= limit) break;
      }
      break;
    }
  } catch {
    throw new KpiFileError([`${fileName}: filen er ikke et gyldigt Excel-regneark (.xlsx)`]);
  }
  if (!sheets || !out.length) throw new KpiFileError([`${fileName}: regnearket er tomt`]);
  return out;
}

/** Excel cells as the text a CSV would hold: formulas by their result, dates as their month, rich text joined. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 7);
  if (typeof value === 'object') {
    const cell = value as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: unknown };
    if ('result' in cell) return cellText(cell.result);
    if (cell.richText) return cell.richText.map((run) => run.text).join('');
    if (cell.text !== undefined) return String(cell.text);
    if (cell.error !== undefined) return String(cell.error);
    return '';
  }
  return String(value).trim();
}
