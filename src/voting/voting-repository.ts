/**
 * Voting SQL: a vote with everything its cards show in one read, the seat snapshot, one statement per ballot attempt
 * (the attempt audited, the ballot and totals written), closing, and the decision register. Rows are mapped here.
 */
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
  /** The chair when the vote started (for the tie rule 'chair'). */
  chairPersonId: number | null;
}

/** A seat's ballot as everyone may know it: in an anonymous vote without choice and without person. */
export interface Ballot {
  municipalityCode: number;
  choice: Choice | null;
  castBy: number | null;
  asDeputy: boolean | null;
}

/** A vote and everything its cards show, read in one statement. */
export interface VoteRecord {
  vote: Vote;
  /** Bumped by every counted ballot and by closing: a ballot is written only onto the state it was decided on. */
  version: number;
  seats: SeatHolders[];
  ballots: Ballot[];
  /** Anonymous votes: the totals of counted secret ballots. */
  secretTotals: Record<Choice, number>;
  /** Anonymous votes: deputies' secret choices held apart while their member may still vote (counted, never shown). */
  held: { municipalityCode: number; choice: Choice }[];
  /**
   * Teams user ids of the seat holders: Teams refreshes the shared card for each into their own view (their seat and
   * ballot). The chair and the secretariat need no own view to close: "Luk afstemningen" is on the shared card.
   */
  userIds: string[];
}

const VOTE_COLUMNS = `v.id, v.question, v.recommendation, v.agenda_item_id, v.conversation_id, v.anonymous, v.show_during,
  v.closes_at, v.status, v.result, v.started_at, v.closed_at, v.chair_person_id, v.version`;

const RECORD_SELECT = `SELECT ${VOTE_COLUMNS},
  (SELECT coalesce(json_agg(json_build_object('code', s.municipality_code, 'member', s.member_person_id,
     'deputy', s.deputy_person_id) ORDER BY s.municipality_code), '[]'::json)
   FROM vote_seats s WHERE s.vote_id = v.id) AS seats,
  (SELECT coalesce(json_agg(json_build_object('code', b.municipality_code, 'choice', b.choice, 'castBy', b.cast_by,
     'asDeputy', b.as_deputy) ORDER BY b.municipality_code), '[]'::json)
   FROM ballots b WHERE b.vote_id = v.id) AS ballots,
  (SELECT coalesce(json_agg(json_build_object('code', b.municipality_code, 'choice', b.secret_choice)), '[]'::json)
   FROM ballots b WHERE b.vote_id = v.id AND b.secret_choice IS NOT NULL) AS held,
  (SELECT coalesce(json_object_agg(a.choice, a.count), '{}'::json) FROM anonymous_totals a WHERE a.vote_id = v.id)
    AS totals,
  (SELECT coalesce(json_agg(DISTINCT c.reference->'user'->>'id'), '[]'::json) FROM conversations c
   WHERE c.type = 'personal' AND c.reference->'user'->>'id' IS NOT NULL AND c.person_id IN (
     SELECT s.member_person_id FROM vote_seats s WHERE s.vote_id = v.id
     UNION SELECT s.deputy_person_id FROM vote_seats s WHERE s.vote_id = v.id)) AS user_ids
FROM votes v`;

interface RecordRow {
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
  chair_person_id: number | null;
  version: number;
  seats: { code: number; member: number | null; deputy: number | null }[];
  ballots: { code: number; choice: Choice | null; castBy: number | null; asDeputy: boolean | null }[];
  held: { code: number; choice: Choice }[];
  totals: Partial<Record<Choice, number>>;
  user_ids: string[];
}

const toRecord = (row: RecordRow): VoteRecord => ({
  vote: {
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
    chairPersonId: row.chair_person_id,
  },
  version: row.version,
  seats: row.seats.map((s) => ({ municipalityCode: s.code, memberPersonId: s.member, deputyPersonId: s.deputy })),
  ballots: row.ballots.map((b) => ({
    municipalityCode: b.code,
    choice: b.choice,
    castBy: b.castBy,
    asDeputy: b.asDeputy,
  })),
  secretTotals: { for: row.totals.for ?? 0, imod: row.totals.imod ?? 0, undlader: row.totals.undlader ?? 0 },
  held: row.held.map((h) => ({ municipalityCode: h.code, choice: h.choice })),
  userIds: row.user_ids,
});

/** One vote with everything its cards show, as committed when the statement starts. */
export async function readVote(q: Queryable, voteId: number): Promise<VoteRecord | null> {
  const result = await q.query<RecordRow>(`${RECORD_SELECT} WHERE v.id = $1`, [voteId]);
  return result.rows[0] ? toRecord(result.rows[0]) : null;
}

/**
 * Holds the vote until the transaction ends (closing). A statement of its own: a locking read that waited for
 * another transaction sees that transaction's vote row but not its ballots, so what is read must come after it.
 */
export async function lockVote(q: Queryable, voteId: number): Promise<void> {
  await q.query('SELECT id FROM votes WHERE id = $1 FOR UPDATE', [voteId]);
}

/** The open vote on an agenda item, if there is one. */
export async function openVoteOnItem(q: Queryable, agendaItemId: number): Promise<number | null> {
  const result = await q.query<{ id: number }>(`SELECT id FROM votes WHERE agenda_item_id = $1 AND status = 'open'`, [
    agendaItemId,
  ]);
  return result.rows[0]?.id ?? null;
}

/** Every open vote, oldest first (the chair's and the secretariat's work queue). */
export async function readOpenVotes(q: Queryable): Promise<VoteRecord[]> {
  const result = await q.query<RecordRow>(`${RECORD_SELECT} WHERE v.status = 'open' ORDER BY v.started_at, v.id`);
  return result.rows.map(toRecord);
}

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

/**
 * The vote with a snapshot of the active committee term's seats (members and deputies) and its chair, in one
 * statement; null when there is no active term with seats, or when the agenda item already has an open vote.
 * This is where votes read who holds each seat.
 */
export async function insertVoteWithSeats(q: Queryable, vote: NewVote): Promise<number | null> {
  const result = await q.query<{ id: number }>(
    `WITH term AS (
       SELECT t.id, t.chair_person_id FROM committee_terms t
       WHERE t.active AND EXISTS (SELECT 1 FROM committee_seats s WHERE s.term_id = t.id)
     ), vote AS (
       INSERT INTO votes (question, recommendation, agenda_item_id, conversation_id, started_by, anonymous, show_during,
         closes_at, started_at, chair_person_id)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, term.chair_person_id FROM term
       ON CONFLICT (agenda_item_id) WHERE status = 'open' AND agenda_item_id IS NOT NULL DO NOTHING RETURNING id
     ), seats AS (
       INSERT INTO vote_seats (vote_id, municipality_code, member_person_id, deputy_person_id)
       SELECT vote.id, s.municipality_code, s.member_person_id, s.deputy_person_id
       FROM vote, term JOIN committee_seats s ON s.term_id = term.id
     )
     SELECT id FROM vote`,
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
  return result.rows[0]?.id ?? null;
}

/** One press of a choice: who, for which seat, and what became of it. */
export interface BallotAttempt {
  voteId: number;
  municipalityCode: number;
  personId: number;
  asDeputy: boolean;
  choice: Choice;
  anonymous: boolean;
  outcome: 'counted' | 'unchanged' | 'refused';
  reason: string | null;
  at: Date;
}

const AUDIT_COLUMNS = 'vote_id, municipality_code, person_id, as_deputy, choice, outcome, reason, at';
const AUDIT_VALUES =
  '$1::int, $2::int, $3::int, $4::boolean, CASE WHEN $5::boolean THEN NULL ELSE $6::text END, $7::text, $8::text, $9::timestamptz';

/**
 * Audits the attempt and, when it counted, writes the seat's ballot, in one statement; false when the vote changed
 * since `version` was read (another ballot or closing came first: nothing is written, decide again). Open vote: the
 * ballot with its choice and person. Anonymous vote: the member's choice goes straight into the totals (dropping a
 * deputy's held choice); a deputy's choice is held apart until the member votes or the vote closes.
 */
export async function recordBallotAttempt(q: Queryable, attempt: BallotAttempt, version: number): Promise<boolean> {
  const params = [
    attempt.voteId,
    attempt.municipalityCode,
    attempt.personId,
    attempt.asDeputy,
    attempt.anonymous,
    attempt.choice,
    attempt.outcome,
    attempt.reason,
    attempt.at,
  ];
  if (attempt.outcome !== 'counted') {
    // A refusal or a repeat stands whatever came in between: a member's ballot is never undone, a closed vote stays closed.
    await q.query(`INSERT INTO ballot_audit (${AUDIT_COLUMNS}) VALUES (${AUDIT_VALUES})`, params);
    return true;
  }
  const write = !attempt.anonymous
    ? `INSERT INTO ballots (vote_id, municipality_code, choice, cast_by, as_deputy, cast_at)
       SELECT $1::int, $2::int, $6::text, $3::int, $4::boolean, $9::timestamptz FROM bump
       ON CONFLICT (vote_id, municipality_code) DO UPDATE SET choice = EXCLUDED.choice, cast_by = EXCLUDED.cast_by,
         as_deputy = EXCLUDED.as_deputy, cast_at = EXCLUDED.cast_at`
    : attempt.asDeputy
      ? `INSERT INTO ballots (vote_id, municipality_code, choice, cast_by, as_deputy, secret_choice, cast_at)
         SELECT $1::int, $2::int, NULL, NULL, true, $6::text, $9::timestamptz FROM bump`
      : `INSERT INTO ballots (vote_id, municipality_code, choice, cast_by, as_deputy, secret_choice, cast_at)
         SELECT $1::int, $2::int, NULL, NULL, false, NULL, $9::timestamptz FROM bump
         ON CONFLICT (vote_id, municipality_code) DO UPDATE SET as_deputy = false, secret_choice = NULL,
           cast_at = EXCLUDED.cast_at`;
  const totals =
    attempt.anonymous && !attempt.asDeputy
      ? `, totals AS (
           INSERT INTO anonymous_totals (vote_id, choice, count) SELECT $1::int, $6::text, 1 FROM bump
           ON CONFLICT (vote_id, choice) DO UPDATE SET count = anonymous_totals.count + 1
         )`
      : '';
  const result = await q.query<{ written: number }>(
    `WITH bump AS (
       UPDATE votes SET version = version + 1 WHERE id = $1::int AND version = $10::int AND status = 'open' RETURNING id
     ), audit AS (
       INSERT INTO ballot_audit (${AUDIT_COLUMNS}) SELECT ${AUDIT_VALUES} FROM bump
     ), ballot AS (${write})${totals}
     SELECT count(*)::int AS written FROM bump`,
    [...params, version],
  );
  return result.rows[0].written > 0;
}

/** Closes the vote; deputies' held secret choices join the totals and are dropped. */
export async function closeVote(q: Queryable, id: number, result: Result, at: Date): Promise<void> {
  await q.query(
    `WITH held AS (
       SELECT secret_choice AS choice FROM ballots WHERE vote_id = $1 AND secret_choice IS NOT NULL
     ), dropped AS (
       UPDATE ballots SET secret_choice = NULL WHERE vote_id = $1 AND secret_choice IS NOT NULL
     ), totals AS (
       INSERT INTO anonymous_totals (vote_id, choice, count) SELECT $1, choice, count(*) FROM held GROUP BY choice
       ON CONFLICT (vote_id, choice) DO UPDATE SET count = anonymous_totals.count + EXCLUDED.count
     )
     UPDATE votes SET status = 'closed', result = $2, closed_at = $3, version = version + 1
     WHERE id = $1 AND status = 'open'`,
    [id, result, at],
  );
}

export interface Decision {
  voteId: number;
  question: string;
  recommendation: string;
  result: Result;
  for: number;
  against: number;
  abstain: number;
  seats: number;
  at: Date;
}

export async function insertDecision(q: Queryable, decision: Decision): Promise<void> {
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

export interface DecisionRow {
  id: number;
  question: string;
  result: string;
  for: number;
  against: number;
  abstain: number;
  seats: number;
  decidedAt: Date;
}

export async function listDecisions(q: Queryable): Promise<DecisionRow[]> {
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
