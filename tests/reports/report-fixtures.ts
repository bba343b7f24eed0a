/** Rows the reports read, written as the owning capabilities write them (invented people, real municipalities). */
import type { Queryable } from '../../src/db/database.js';

export interface IncidentSpec {
  municipalityCode: number;
  openedAt: string;
  source?: 'detected' | 'manual';
  acknowledgedAfterMinutes?: number;
  resolution?: 'login' | 'replacement';
}

export async function addIncident(db: Queryable, spec: IncidentSpec): Promise<void> {
  const opened = new Date(spec.openedAt);
  const acknowledged =
    spec.acknowledgedAfterMinutes === undefined
      ? null
      : new Date(opened.getTime() + spec.acknowledgedAfterMinutes * 60_000);
  await db.query(
    `INSERT INTO noshow_incidents (municipality_code, shift_starts_at, source, status, opened_at, acknowledged_at,
                                   resolved_at, resolution)
     VALUES ($1, $2, $3, $4, $2, $5, $6, $7)`,
    [
      spec.municipalityCode,
      opened,
      spec.source ?? 'detected',
      spec.resolution ? 'resolved' : acknowledged ? 'acknowledged' : 'open',
      acknowledged,
      spec.resolution ? opened : null,
      spec.resolution ?? null,
    ],
  );
}

export interface DecisionSpec {
  question: string;
  recommendation?: string;
  result: 'vedtaget' | 'forkastet' | 'ikke beslutningsdygtig';
  decidedAt: string;
  for: number;
  against: number;
  abstain: number;
  seats: number;
}

/** A closed vote and its row in the decision register. */
export async function addDecision(db: Queryable, spec: DecisionSpec): Promise<number> {
  const at = new Date(spec.decidedAt);
  const vote = await db.query<{ id: number }>(
    `INSERT INTO votes (question, recommendation, conversation_id, status, result, started_at, closed_at)
     VALUES ($1, $2, '19:styregruppe@thread.v2', 'closed', $3, $4, $4) RETURNING id`,
    [spec.question, spec.recommendation ?? '', spec.result, at],
  );
  const decision = await db.query<{ id: number }>(
    `INSERT INTO decisions (vote_id, question, recommendation, result, votes_for, votes_against, votes_abstain, seats, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      vote.rows[0].id,
      spec.question,
      spec.recommendation ?? '',
      spec.result,
      spec.for,
      spec.against,
      spec.abstain,
      spec.seats,
      at,
    ],
  );
  return decision.rows[0].id;
}
