/**
 * Population figures (Statistics Denmark FOLK1A) per municipality and quarter, for the election key.
 * Accepts a header row `kommune;kvartal;befolkning` or Statistikbanken's `OMRÅDE;TID;INDHOLD`, `;` or `,`.
 */
import { parse } from 'csv-parse/sync';
import type { Db } from '../db/database.js';
import { municipalityByCode, municipalityByName } from './municipalities.js';

export interface PopulationRow {
  municipalityCode: number;
  quarter: string;
  population: number;
}

export class PopulationFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`Befolkningstallene blev ikke indlæst (intet er ændret):\n  ${problems.join('\n  ')}`);
    this.name = 'PopulationFileError';
  }
}

const ALIASES: Record<string, 'kommune' | 'kvartal' | 'befolkning'> = {
  kommune: 'kommune',
  område: 'kommune',
  omraade: 'kommune',
  kvartal: 'kvartal',
  tid: 'kvartal',
  befolkning: 'befolkning',
  indhold: 'befolkning',
  antal: 'befolkning',
};

export function parsePopulationCsv(text: string, fileName: string): PopulationRow[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw new PopulationFileError([`${fileName}: ugyldig CSV (${(error as Error).message.split('\n')[0]})`]);
  }
  const headings = records[0] ?? [];
  const header = headings.map((heading) => ALIASES[heading.toLowerCase()]);
  const col = (name: 'kommune' | 'kvartal' | 'befolkning') => header.indexOf(name);
  // Problems name the column as the file's own header does (OMRÅDE, TID, INDHOLD from Statistikbanken).
  const as = (name: 'kommune' | 'kvartal' | 'befolkning') => headings[col(name)];
  if (col('kommune') < 0 || col('kvartal') < 0 || col('befolkning') < 0) {
    throw new PopulationFileError([`${fileName}:1: overskriften skal have kolonnerne kommune, kvartal og befolkning`]);
  }
  const problems: string[] = [];
  const rows: PopulationRow[] = [];
  const seen = new Set<string>();
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const name = record[col('kommune')] ?? '';
    const municipality =
      municipalityByName(name) ?? (/^\d+$/.test(name) ? municipalityByCode(Number(name)) : undefined);
    if (!municipality) {
      // Statistikbanken adds totals ("Hele landet", regions); they are not municipalities.
      if (/^(hele landet|region )/i.test(name)) return;
      problems.push(`${fileName}:${line}: ${as('kommune')}: ukendt kommune "${name}"`);
      return;
    }
    const quarter = (record[col('kvartal')] ?? '').toUpperCase();
    if (!/^\d{4}K[1-4]$/.test(quarter))
      problems.push(`${fileName}:${line}: ${as('kvartal')}: "${quarter}" skal være fx 2025K3`);
    const raw = (record[col('befolkning')] ?? '').replace(/[.\s]/g, '');
    const population = Number(raw);
    if (!/^\d+$/.test(raw) || population > 10_000_000)
      problems.push(
        `${fileName}:${line}: ${as('befolkning')}: "${record[col('befolkning')]}" er ikke et gyldigt antal`,
      );
    const key = `${municipality.code}:${quarter}`;
    if (seen.has(key)) problems.push(`${fileName}:${line}: ${municipality.name} ${quarter} står der to gange`);
    seen.add(key);
    rows.push({ municipalityCode: municipality.code, quarter, population });
  });
  if (problems.length) throw new PopulationFileError(problems);
  if (!rows.length) throw new PopulationFileError([`${fileName}: ingen rækker`]);
  return rows;
}

/** Upserts the figures in one transaction; real figures replace demo ones for the same quarter. */
export async function importPopulation(db: Db, rows: PopulationRow[], isDemo = false): Promise<number> {
  return db.withTransaction(async (tx) => {
    for (const row of rows) {
      await tx.query(
        `INSERT INTO populations (municipality_code, quarter, population, is_demo) VALUES ($1, $2, $3, $4)
         ON CONFLICT (municipality_code, quarter) DO UPDATE SET population = EXCLUDED.population, is_demo = EXCLUDED.is_demo, imported_at = now()`,
        [row.municipalityCode, row.quarter, row.population, isDemo],
      );
    }
    return rows.length;
  });
}
