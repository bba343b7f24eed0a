/** `npm run report -- decisions`: the decision register as CSV (semicolon, for Danish Excel). */
import type { Queryable } from '../db/database.js';
import { formatDateTime } from '../shared/time.js';
import { listDecisions } from './voting-repository.js';

const cell = (value: string | number) => {
  const text = String(value);
  // Quote always, and defuse spreadsheet formulas in user text.
  return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

export async function decisionsReportCommand(db: Queryable): Promise<string> {
  const rows = await listDecisions(db);
  const lines = [
    ['nr', 'besluttet', 'spørgsmål', 'resultat', 'for', 'imod', 'undlader', 'pladser'].map(cell).join(';'),
  ];
  for (const decision of rows)
    lines.push(
      [
        decision.id,
        formatDateTime(decision.decidedAt),
        decision.question,
        decision.result,
        decision.for,
        decision.against,
        decision.abstain,
        decision.seats,
      ]
        .map(cell)
        .join(';'),
    );
  return lines.join('\n');
}
