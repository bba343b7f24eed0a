/** `npm run import -- shifts FILE`: a Plangy export (CSV or JSON, see docs/shifts.md) into the roster. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseRosterText } from './roster-source.js';
import type { ShiftsModule } from './shifts-module.js';

/**
 * Returns a Danish summary. Throws a DomainError (RosterValidationError) whose userMessage lists every bad
 * row and field; nothing from the file is written then.
 */
export async function importShiftsCommand(file: string, shifts: ShiftsModule): Promise<string> {
  const text = await readFile(file, 'utf8');
  const batch = parseRosterText(text, basename(file), shifts.zone);
  const summary = await shifts.roster.importRoster(batch);
  return [
    `Vagtplan indlæst fra ${basename(file)}: ${batch.shifts.length} vagter.`,
    `  nye: ${summary.created}, flyttet til anden agent/tid: ${summary.reassigned}, ændret sluttid: ${summary.updated}, uændrede: ${summary.unchanged}, fjernet: ${summary.removed}`,
    `  kontroller for udeblivelse planlagt: ${summary.checksScheduled}`,
    `  dækker datoerne: ${batch.coveredDates.length ? `${batch.coveredDates[0]} – ${batch.coveredDates[batch.coveredDates.length - 1]}` : 'ingen'}`,
  ].join('\n');
}

/** `npm run report -- noshows --month 2024-01`: incidents per municipality in the month, as CSV on stdout. */
export async function noshowReportCommand(month: string, shifts: ShiftsModule): Promise<string> {
  return shifts.history.csv(month);
}
