/**
 * Where the roster comes from. Plangy has no public API, so today it is an export file (CSV or JSON, see
 * docs/shifts.md); a direct connector later only has to implement RosterSource.
 */
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { DomainError } from '../shared/errors.js';
import { datesBetween, localDateIn } from './roster-time.js';
import { canonicalField, DEFAULT_LABELS, validateRow, type FieldPlaces, type RawRow } from './roster-fields.js';

export { validateRow, type FieldPlaces, type RawRow };

/** One shift as the roster states it, validated. */
export interface RosterShift {
  externalId: string;
  municipalityCode: number;
  agentEmail: string | null;
  agentId: string | null;
  startsAt: Date;
  endsAt: Date;
  /** "Lederposten": the e-mail of the manager on duty for the shift, when the roster names one. */
  leaderEmail: string | null;
}

export interface RosterBatch {
  /** A label for the history, e.g. 'fil:vagter-uge48.csv' or 'ingest'. */
  source: string;
  shifts: RosterShift[];
  /** Local dates (YYYY-MM-DD) the batch is the complete roster for: active shifts on them missing from it are removed. */
  coveredDates: string[];
}

export interface RosterSource {
  readonly name: string;
  /** Reads and validates everything; throws RosterValidationError listing every bad row and field. */
  load(): Promise<RosterBatch>;
}

export interface RosterFieldError {
  /** The line in a CSV file (header = 1) or the position in a JSON list (first = 1); 0 for the file as a whole. */
  row: number;
  /** The field as the file names it (the CSV header or the JSON key, e.g. "kommunekode"). */
  field: string;
  /** The CSV column (first = 1), when the error is in one. */
  column?: number;
  message: string;
}

export const MAX_ROSTER_ROWS = 20_000;
const MAX_ERRORS_LISTED = 50;

export class RosterValidationError extends DomainError {
  constructor(
    readonly errors: RosterFieldError[],
    rowLabel: 'række' | 'vagt nr.',
  ) {
    const lines = errors.slice(0, MAX_ERRORS_LISTED).map((e) => {
      const where = [e.row > 0 ? `${rowLabel} ${e.row}` : '', e.column ? `kolonne ${e.column}` : '']
        .filter(Boolean)
        .join(', ');
      return `${where ? `${where}, ` : ''}felt ${e.field}: ${e.message}`;
    });
    const more = errors.length > MAX_ERRORS_LISTED ? [`… og ${errors.length - MAX_ERRORS_LISTED} fejl mere`] : [];
    super(
      'INVALID_INPUT',
      [`Vagtplanen blev ikke indlæst (${errors.length} fejl); intet fra filen er gemt.`, ...lines, ...more].join('\n'),
      { errors },
    );
    this.name = 'RosterValidationError';
  }
}

/** Checks across rows (ids unique) and builds the batch, or throws with every error found. */
function finish(
  source: string,
  rows: { row: number; raw: RawRow; places: FieldPlaces }[],
  zone: string,
  errors: RosterFieldError[],
  rowLabel: 'række' | 'vagt nr.',
  period: { from: string; to: string } | null,
): RosterBatch {
  if (rows.length > MAX_ROSTER_ROWS)
    errors.push({ row: 0, field: 'fil', message: `højst ${MAX_ROSTER_ROWS} vagter pr. fil` });
  const shifts: RosterShift[] = [];
  const seen = new Map<string, number>();
  for (const { row, raw, places } of rows) {
    const shift = validateRow(raw, row, zone, errors, places);
    if (!shift) continue;
    const first = seen.get(shift.externalId);
    if (first !== undefined) {
      const place = places.shift_id ?? { label: DEFAULT_LABELS.shift_id };
      errors.push({
        row,
        field: place.label,
        ...(place.column ? { column: place.column } : {}),
        message: `"${shift.externalId.slice(0, 40)}" står også i ${rowLabel} ${first}`,
      });
      continue;
    }
    seen.set(shift.externalId, row);
    shifts.push(shift);
  }
  if (rows.length === 0 && !period) errors.push({ row: 0, field: 'fil', message: 'indeholder ingen vagter' });
  if (errors.length)
    throw new RosterValidationError(
      errors.sort((a, b) => a.row - b.row),
      rowLabel,
    );
  const dates = new Set(shifts.map((s) => localDateIn(s.startsAt, zone)));
  if (period) for (const date of datesBetween(period.from, period.to)) dates.add(date);
  return { source, shifts, coveredDates: [...dates].sort() };
}

/** A CSV export: header row, comma or semicolon separated, UTF-8 (with or without BOM). */
export function parseRosterCsv(text: string, source: string, zone: string): RosterBatch {
  const errors: RosterFieldError[] = [];
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? 0;
    throw new RosterValidationError(
      [{ row: line, field: 'csv', message: 'ugyldig CSV (fx et citationstegn der ikke lukkes)' }],
      'række',
    );
  }
  if (records.length === 0) throw new RosterValidationError([{ row: 0, field: 'fil', message: 'er tom' }], 'række');
  const written = records[0].record.map((name) => name.trim());
  const header = written.map(canonicalField);
  const places: FieldPlaces = {};
  header.forEach((field, i) => {
    if (field && !places[field]) places[field] = { label: written[i], column: i + 1 };
  });
  const missing = (field: string, message: string) => errors.push({ row: 1, field: DEFAULT_LABELS[field], message });
  if (!places.shift_id) missing('shift_id', 'kolonnen mangler i overskriften (fx vagt_id eller shift_id)');
  if (!places.municipality) missing('municipality', 'kolonnen mangler i overskriften (fx kommunekode eller kommune)');
  if (!places.start) missing('start', 'kolonnen mangler i overskriften (fx start eller starttid)');
  if (!places.end) missing('end', 'kolonnen mangler i overskriften (fx slut eller sluttid)');
  if (!places.agent_email && !places.agent_id)
    missing('agent_email', 'kolonnen agent_email (e-mail) eller agent_id mangler i overskriften');
  if (errors.length) throw new RosterValidationError(errors, 'række');
  const rows = records.slice(1).map(({ record, info }) => {
    const raw: RawRow = {};
    header.forEach((field, i) => {
      if (field && record[i] !== undefined && places[field]?.column === i + 1) raw[field] = record[i];
    });
    if (record.length > header.length && record.slice(header.length).some((v) => v !== '')) raw.__extra = 'x';
    return { row: info.lines, raw, places };
  });
  for (const { row, raw } of rows)
    if (raw.__extra)
      errors.push({ row, field: 'csv', column: header.length + 1, message: 'har flere felter end overskriften' });
  return finish(source, rows, zone, errors, 'række', null);
}

/**
 * A JSON export: a list of shifts, or { "period": { "from", "to" }, "shifts": [...] } where period names the local
 * dates the file is the complete roster for (so a day whose shifts were all cancelled can be stated).
 */
export function parseRosterJson(input: string | unknown, source: string, zone: string): RosterBatch {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch {
      throw new RosterValidationError([{ row: 0, field: 'json', message: 'er ikke gyldig JSON' }], 'vagt nr.');
    }
  }
  const errors: RosterFieldError[] = [];
  const obj = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  const list = Array.isArray(data) ? data : obj?.shifts;
  if (!Array.isArray(list))
    throw new RosterValidationError([{ row: 0, field: 'shifts', message: 'skal være en liste af vagter' }], 'vagt nr.');
  let period: { from: string; to: string } | null = null;
  if (obj?.period !== undefined) {
    const given = obj.period as Record<string, unknown> | null;
    const ok =
      given &&
      typeof given.from === 'string' &&
      typeof given.to === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(given.from) &&
      /^\d{4}-\d{2}-\d{2}$/.test(given.to) &&
      given.from <= given.to;
    if (!ok)
      errors.push({
        row: 0,
        field: 'period',
        message: 'skal være { "from": "ÅÅÅÅ-MM-DD", "to": "ÅÅÅÅ-MM-DD" } med from ≤ to',
      });
    else if (datesBetween(given.from as string, given.to as string).length > 366)
      errors.push({ row: 0, field: 'period', message: 'højst ét år' });
    else period = { from: given.from as string, to: given.to as string };
  }
  const rows = list.map((item, i) => {
    const raw: RawRow = {};
    const places: FieldPlaces = {};
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      errors.push({ row: i + 1, field: 'vagt', message: 'skal være et objekt' });
      return { row: i + 1, raw: { __skip: 'x' } as RawRow, places };
    }
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      const field = canonicalField(key.replace(/([a-z])([A-Z])/g, '$1_$2'));
      if (!field || places[field]) continue;
      places[field] = { label: key };
      if (typeof value === 'string' || typeof value === 'number') raw[field] = String(value);
    }
    return { row: i + 1, raw, places };
  });
  return finish(
    source,
    rows.filter((r) => !r.raw.__skip),
    zone,
    errors,
    'vagt nr.',
    period,
  );
}

/** Picks the parser by file name, or by the first character when the name says nothing. */
export function parseRosterText(text: string, fileName: string, zone: string): RosterBatch {
  const source = `fil:${fileName.split(/[\\/]/).pop()}`;
  const lower = fileName.toLowerCase();
  const json = lower.endsWith('.json') || (!lower.endsWith('.csv') && /^\uFEFF?\s*[[{]/.test(text));
  return json ? parseRosterJson(text, source, zone) : parseRosterCsv(text, source, zone);
}

/** A roster from text already in memory (a file read by the CLI, or an ingest request body). */
export class TextRosterSource implements RosterSource {
  constructor(
    readonly name: string,
    private readonly text: string,
    private readonly zone: string,
  ) {}
  async load(): Promise<RosterBatch> {
    return parseRosterText(this.text, this.name, this.zone);
  }
}
