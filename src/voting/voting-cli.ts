/** `npm run report -- decisions`: the decision register as CSV (semicolon, for Danish Excel). */
import type { Queryable } from '../db/database.js';
import { formatDateTime } from '../shared/time.js';
import { listDecisions } from './voting-repository.js';

const cell = (v: string | number) => {
  const s = String(v);
  // Quote always, and defuse spreadsheet formulas in user text.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export async function decisionsReportCommand(db: Queryable): Promise<string> {
  const rows = await listDecisions(db);
  const lines = [
    ['nr', 'besluttet', 'spørgsmål', 'resultat', 'for', 'imod', 'undlader', 'pladser'].map(cell).join(';'),
  ];
  for (const d of rows)
    lines.push(
      [d.id, formatDateTime(d.decidedAt), d.question, d.result, d.for, d.against, d.abstain, d.seats]
        .map(cell)
        .join(';'),
    );
  return lines.join('\n');
}
