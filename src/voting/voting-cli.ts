/** `npm run report -- decisions`: the decision register as CSV (semicolon, for Danish Excel). */
import type { Queryable } from '../db/database.js';
import { formatDateTime } from '../shared/time.js';
import { csvCell } from '../ui/plain-text.js';
import { listDecisions } from './voting-repository.js';

/** Typed text (the question) stays text in a spreadsheet: csvCell defuses formulas and quotes where needed. */
const cell = (value: string | number) => csvCell(value);

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
