/** Voting SQL: votes, seat snapshots, ballots, anonymous totals, the audit log and the decision register. */
import type { Queryable } from '../db/database.js';
import type { Choice, Result, SeatHolders } from './voting-domain.js';

export interface Vote {
  id: number;
  question: string;
  recommendation: string;
  agendaItemId: number | null;
  conversationId: string;
  anonymous: boolean;
  showDuring: boolean;
  closesAt: Date | null;
  status: 'open' | 'closed';
  result: Result | null;
  startedAt: Date;
  closedAt: Date | null;
}

export interface Ballot {
  municipalityCode: number;
  choice: Choice | null;
  castBy: number | null;
  asDeputy: boolean | null;
}

interface VoteRow {
  id: number;
  question: string;
  recommendation: string;
  agenda_item_id: number | null;
  conversation_id: string;
  anonymous: boolean;
  show_during: boolean;
  closes_at: Date | null;
  status: 'open' | 'closed';
  result: Result | null;
  started_at: Date;
  closed_at: Date | null;
}

const COLUMNS =
  'id, question, recommendation, agenda_item_id, conversation_id, anonymous, show_during, closes_at, status, result, started_at, closed_at';

const toVote = (row: VoteRow): Vote => ({
  id: row.id,
  question: row.question,
  recommendation: row.recommendation,
  agendaItemId: row.agenda_item_id,
  conversationId: row.conversation_id,
  anonymous: row.anonymous,
  showDuring: row.show_during,
  closesAt: row.closes_at ? new Date(row.closes_at) : null,
  status: row.status,
  result: row.result,
  startedAt: new Date(row.started_at),
  closedAt: row.closed_at ? new Date(row.closed_at) : null,
});

export interface NewVote {
  question: string;
  recommendation: string;
  agendaItemId: number | null;
  conversationId: string;
  startedBy: number;
  anonymous: boolean;
  showDuring: boolean;
  closesAt: Date | null;
  startedAt: Date;
}

export async function insertVote(q: Queryable, vote: NewVote, seats: SeatHolders[]): Promise<Vote> {
  const result = await q.query<VoteRow>(
    `INSERT INTO votes (question, recommendation, agenda_item_id, conversation_id, started_by, anonymous, show_during, closes_at, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [
      vote.question,
      vote.recommendation,
      vote.agendaItemId,
      vote.conversationId,
      vote.startedBy,
      vote.anonymous,
      vote.showDuring,
      vote.closesAt,
      vote.startedAt,
    ],
  );
  const inserted = toVote(result.rows[0]);
  for (const seat of seats) {
    await q.query(
      'INSERT INTO vote_seats (vote_id, municipality_code, member_person_id, deputy_person_id) VALUES ($1, $2, $3, $4)',
      [inserted.id, seat.municipalityCode, seat.memberPersonId, seat.deputyPersonId],
    );
  }
  return inserted;
}

export async function findVote(q: Queryable, id: number, forUpdate = false): Promise<Vote | null> {
  const result = await q.query<VoteRow>(`SELECT ${COLUMNS} FROM votes WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return result.rows[0] ? toVote(result.rows[0]) : null;
}

export async function seatsOf(q: Queryable, voteId: number): Promise<SeatHolders[]> {
  const result = await q.query<{
    municipality_code: number;
    member_person_id: number | null;
    deputy_person_id: number | null;
  }>(
    'SELECT municipality_code, member_person_id, deputy_person_id FROM vote_seats WHERE vote_id = $1 ORDER BY municipality_code',
    [voteId],
  );
  return result.rows.map((row) => ({
    municipalityCode: row.municipality_code,
    memberPersonId: row.member_person_id,
    deputyPersonId: row.deputy_person_id,
  }));
}

/** Teams user ids (MRIs from their 1:1 chats with the bot) of these people: Teams refreshes a card per user for them. */
export async function personalChatUserIds(q: Queryable, personIds: number[]): Promise<string[]> {
  const result = await q.query<{ id: string }>(
    `SELECT DISTINCT reference->'user'->>'id' AS id FROM conversations
     WHERE person_id = ANY($1::int[]) AND type = 'personal' AND reference->'user'->>'id' IS NOT NULL`,
    [personIds],
  );
  return result.rows.map((row) => row.id);
}

export async function ballotsOf(q: Queryable, voteId: number): Promise<Ballot[]> {
  const result = await q.query<{
    municipality_code: number;
    choice: Choice | null;
    cast_by: number | null;
    as_deputy: boolean | null;
  }>(
    'SELECT municipality_code, choice, cast_by, as_deputy FROM ballots WHERE vote_id = $1 ORDER BY municipality_code',
    [voteId],
  );
  return result.rows.map((row) => ({
    municipalityCode: row.municipality_code,
    choice: row.choice,
    castBy: row.cast_by,
    asDeputy: row.as_deputy,
  }));
}

/** Open vote: the seat's ballot is set (or changed) and the change is audited. Returns false when nothing changed. */
export async function castOpenBallot(
  q: Queryable,
  voteId: number,
  code: number,
  choice: Choice,
  personId: number,
  asDeputy: boolean,
  at: Date,
): Promise<boolean> {
  const result = await q.query(
    `INSERT INTO ballots (vote_id, municipality_code, choice, cast_by, as_deputy, cast_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (vote_id, municipality_code) DO UPDATE SET choice = EXCLUDED.choice, cast_by = EXCLUDED.cast_by, as_deputy = EXCLUDED.as_deputy, cast_at = EXCLUDED.cast_at
     WHERE ballots.choice IS DISTINCT FROM EXCLUDED.choice OR ballots.cast_by IS DISTINCT FROM EXCLUDED.cast_by`,
    [voteId, code, choice, personId, asDeputy, at],
  );
  if (result.rowCount === 0) return false;
  await q.query(
    'INSERT INTO ballot_audit (vote_id, municipality_code, person_id, as_deputy, choice, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [voteId, code, personId, asDeputy, choice, at],
  );
  return true;
}

/** Anonymous vote: marks the seat as voted (no choice, no person) and adds to the totals; once per seat. */
export async function castAnonymousBallot(
  q: Queryable,
  voteId: number,
  code: number,
  choice: Choice,
  at: Date,
): Promise<boolean> {
  const result = await q.query(
    `INSERT INTO ballots (vote_id, municipality_code, choice, cast_by, as_deputy, cast_at) VALUES ($1, $2, NULL, NULL, NULL, $3) ON CONFLICT DO NOTHING`,
    [voteId, code, at],
  );
  if (result.rowCount === 0) return false;
  await q.query(
    `INSERT INTO anonymous_totals (vote_id, choice, count) VALUES ($1, $2, 1) ON CONFLICT (vote_id, choice) DO UPDATE SET count = anonymous_totals.count + 1`,
    [voteId, choice],
  );
  return true;
}

export async function anonymousTotals(q: Queryable, voteId: number): Promise<Record<Choice, number>> {
  const result = await q.query<{ choice: Choice; count: number }>(
    'SELECT choice, count FROM anonymous_totals WHERE vote_id = $1',
    [voteId],
  );
  const totals: Record<Choice, number> = { for: 0, imod: 0, undlader: 0 };
  for (const row of result.rows) totals[row.choice] = row.count;
  return totals;
}

export async function closeVote(q: Queryable, id: number, result: Result, at: Date): Promise<boolean> {
  const updated = await q.query(
    `UPDATE votes SET status = 'closed', result = $2, closed_at = $3 WHERE id = $1 AND status = 'open'`,
    [id, result, at],
  );
  return updated.rowCount > 0;
}

export async function insertDecision(
  q: Queryable,
  decision: {
    voteId: number;
    question: string;
    recommendation: string;
    result: Result;
    for: number;
    against: number;
    abstain: number;
    seats: number;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO decisions (vote_id, question, recommendation, result, votes_for, votes_against, votes_abstain, seats, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (vote_id) DO NOTHING`,
    [
      decision.voteId,
      decision.question,
      decision.recommendation,
      decision.result,
      decision.for,
      decision.against,
      decision.abstain,
      decision.seats,
      decision.at,
    ],
  );
}

export async function listDecisions(q: Queryable): Promise<
  {
    id: number;
    question: string;
    result: string;
    for: number;
    against: number;
    abstain: number;
    seats: number;
    decidedAt: Date;
  }[]
> {
  const result = await q.query<{
    id: number;
    question: string;
    result: string;
    votes_for: number;
    votes_against: number;
    votes_abstain: number;
    seats: number;
    decided_at: Date;
  }>(
    'SELECT id, question, result, votes_for, votes_against, votes_abstain, seats, decided_at FROM decisions ORDER BY decided_at, id',
  );
  return result.rows.map((row) => ({
    id: row.id,
    question: row.question,
    result: row.result,
    for: row.votes_for,
    against: row.votes_against,
    abstain: row.votes_abstain,
    seats: row.seats,
    decidedAt: new Date(row.decided_at),
  }));
}
