/** `npm run import -- shifts FILE`: a Plangy export (CSV or JSON, see docs/shifts.md) into the roster. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../db/database.js';
import { parseRosterText } from './roster-source.js';
import type { ShiftsModule } from './shifts-module.js';
import { historyCsv, monthHistory } from './noshow-history-service.js';

/**
 * Returns a Danish summary. Throws a DomainError (RosterValidationError) whose userMessage lists every bad
 * row and field; nothing from the file is written then.
 */
export async function importShiftsCommand(file: string, s: ShiftsModule): Promise<string> {
  const text = await readFile(file, 'utf8');
  const batch = parseRosterText(text, basename(file), s.zone);
  const r = await s.roster.importRoster(batch);
  return [
    `Vagtplan indlæst fra ${basename(file)}: ${batch.shifts.length} vagter.`,
    `  nye: ${r.created}, flyttet til anden agent/tid: ${r.reassigned}, ændret sluttid: ${r.updated}, uændrede: ${r.unchanged}, fjernet: ${r.removed}`,
    `  kontroller for udeblivelse planlagt: ${r.checksScheduled}`,
    `  dækker datoerne: ${batch.coveredDates.length ? `${batch.coveredDates[0]} – ${batch.coveredDates[batch.coveredDates.length - 1]}` : 'ingen'}`,
  ].join('\n');
}

/** `npm run report -- noshows --month 2024-01`: incidents per municipality in the month, as CSV on stdout. */
export async function noshowReportCommand(month: string, db: Db, zone: string): Promise<string> {
  return historyCsv(month, await monthHistory(db, month, zone));
}
