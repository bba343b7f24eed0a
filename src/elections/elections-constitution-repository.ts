/** Constitution SQL: the term an election created, its Konstituering item, ranked lists and chair votes. */
import type { Queryable } from '../db/database.js';

export async function insertConstitution(q: Queryable, termId: number, electionId: number): Promise<void> {
  await q.query('INSERT INTO committee_constitutions (term_id, election_id) VALUES ($1, $2)', [termId, electionId]);
}

export async function setConstitutionItem(q: Queryable, termId: number, itemId: number): Promise<void> {
  await q.query('UPDATE committee_constitutions SET agenda_item_id = $2 WHERE term_id = $1', [termId, itemId]);
}

export async function insertReserves(
  q: Queryable,
  termId: number,
  reserves: { region: string; rank: number; personId: number; municipalityCode: number }[],
): Promise<void> {
  if (!reserves.length) return;
  await q.query(
    `INSERT INTO committee_reserves (term_id, region, rank, person_id, municipality_code)
     SELECT $1, r.region, r.rank, r.person, r.code FROM unnest($2::text[], $3::int[], $4::int[], $5::int[]) AS r(region, rank, person, code)`,
    [
      termId,
      reserves.map((r) => r.region),
      reserves.map((r) => r.rank),
      reserves.map((r) => r.personId),
      reserves.map((r) => r.municipalityCode),
    ],
  );
}

/** Every representative of a municipality, with it, by name (candidates for a seat's deputy). */
export async function representatives(q: Queryable): Promise<{ personId: number; municipalityCode: number }[]> {
  const result = await q.query<{ person_id: number; municipality_code: number }>(
    `SELECT r.person_id, r.municipality_code FROM person_roles r JOIN people p ON p.id = r.person_id
     WHERE r.role = 'repraesentant' AND p.forgotten_at IS NULL ORDER BY p.name, p.id`,
  );
  return result.rows.map((r) => ({ personId: r.person_id, municipalityCode: r.municipality_code }));
}

/** The term a confirmed election created (a second "Bekræft" answers with it). */
export async function termOfElection(q: Queryable, electionId: number): Promise<number | null> {
  const result = await q.query<{ term_id: number }>(
    'SELECT term_id FROM committee_constitutions WHERE election_id = $1',
    [electionId],
  );
  return result.rows[0]?.term_id ?? null;
}

/**
 * A term no longer due to start: the active term started on or after it (the job that would start it ran for a newer
 * term, or the registry file put another committee in). SQL condition on `t`.
 */
const SUPERSEDED = `EXISTS (SELECT 1 FROM committee_terms a WHERE a.active AND a.id <> t.id AND a.starts_on >= t.starts_on)`;

/**
 * The newest term an election created that is active or still waiting for its start date: "the new term" between
 * confirmation and start is found by its constitution, not by `active` (the sitting committee is active until then).
 */
export async function currentConstitutionTerm(q: Queryable): Promise<number | null> {
  const result = await q.query<{ term_id: number }>(
    `SELECT c.term_id FROM committee_constitutions c JOIN committee_terms t ON t.id = c.term_id
     WHERE t.active OR NOT ${SUPERSEDED} ORDER BY t.starts_on DESC, c.election_id DESC LIMIT 1`,
  );
  return result.rows[0]?.term_id ?? null;
}

/**
 * What the menu tells the committee, in one statement (the menu's budget, issue 22): the active term and its chair
 * (null until elected), and an election's term waiting for its start date (not active, not superseded).
 */
export async function menuTerms(q: Queryable): Promise<{
  active: { termName: string; chairName: string | null } | null;
  waiting: { termName: string; startsOn: string } | null;
}> {
  const result = await q.query<{
    active: { termName: string; chairName: string | null } | null;
    waiting: { termName: string; startsOn: string } | null;
  }>(
    `SELECT (SELECT json_build_object('termName', t.name, 'chairName', p.name) FROM committee_terms t
         LEFT JOIN people p ON p.id = t.chair_person_id WHERE t.active) AS active,
       (SELECT json_build_object('termName', t.name, 'startsOn', t.starts_on)
         FROM committee_constitutions c JOIN committee_terms t ON t.id = c.term_id
         WHERE NOT t.active AND NOT ${SUPERSEDED} ORDER BY t.starts_on DESC LIMIT 1) AS waiting`,
  );
  return result.rows[0];
}

/**
 * Holds the term until the transaction ends and says whether it is to start: a locking read in a statement of its own
 * (another start of the same term waits here, then reads it active); null when the term is gone.
 */
export async function lockTermForStart(
  q: Queryable,
  termId: number,
): Promise<{ name: string; startsOn: string; due: boolean } | null> {
  const locked = await q.query('SELECT 1 FROM committee_terms WHERE id = $1 FOR UPDATE', [termId]);
  if (!locked.rows.length) return null;
  const result = await q.query<{ name: string; starts_on: string; due: boolean }>(
    `SELECT t.name, t.starts_on, NOT t.active AND NOT ${SUPERSEDED} AS due FROM committee_terms t WHERE t.id = $1`,
    [termId],
  );
  const row = result.rows[0];
  return { name: row.name, startsOn: row.starts_on, due: row.due };
}

/** The term becomes the registry's only active term; the sitting one steps down first (one active term at a time). */
export async function activateTerm(q: Queryable, termId: number): Promise<void> {
  await q.query('UPDATE committee_terms SET active = false WHERE active AND id <> $1', [termId]);
  await q.query('UPDATE committee_terms SET active = true WHERE id = $1', [termId]);
}

export interface NamedRef {
  personId: number;
  name: string;
}

export interface Constitution {
  termId: number;
  termName: string;
  startsOn: string;
  active: boolean;
  /** Not active and not superseded: waiting for its start date. */
  waiting: boolean;
  chair: NamedRef | null;
  itemId: number | null;
  /** The Konstituering item's meeting, while the item is on one. */
  itemMeetingStartsAt: Date | null;
  seats: { municipalityCode: number; member: NamedRef | null; deputy: NamedRef | null }[];
  reserves: { region: string; rank: number; municipalityCode: number; name: string }[];
  /** The open chair vote, else the latest decided one. */
  chairVote: { voteId: number; status: string; candidate: NamedRef } | null;
}

/** The term with everything its constitution card shows, in one read; null when no election created it. */
export async function readConstitution(q: Queryable, termId: number): Promise<Constitution | null> {
  const result = await q.query<{
    term_id: number;
    name: string;
    starts_on: string;
    active: boolean;
    waiting: boolean;
    chair: NamedRef | null;
    item_id: number | null;
    item_meeting: string | null;
    seats: Constitution['seats'];
    reserves: Constitution['reserves'];
    chair_vote: Constitution['chairVote'];
  }>(
    `SELECT t.id AS term_id, t.name, t.starts_on, t.active, NOT t.active AND NOT ${SUPERSEDED} AS waiting,
       c.agenda_item_id AS item_id,
       (SELECT json_build_object('personId', p.id, 'name', p.name) FROM people p WHERE p.id = t.chair_person_id) AS chair,
       (SELECT m.starts_at FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
         WHERE i.id = c.agenda_item_id) AS item_meeting,
       (SELECT coalesce(json_agg(json_build_object('municipalityCode', s.municipality_code,
          'member', CASE WHEN pm.id IS NULL THEN NULL ELSE json_build_object('personId', pm.id, 'name', pm.name) END,
          'deputy', CASE WHEN pd.id IS NULL THEN NULL ELSE json_build_object('personId', pd.id, 'name', pd.name) END)
          ORDER BY s.municipality_code), '[]'::json)
        FROM committee_seats s LEFT JOIN people pm ON pm.id = s.member_person_id
        LEFT JOIN people pd ON pd.id = s.deputy_person_id WHERE s.term_id = t.id) AS seats,
       (SELECT coalesce(json_agg(json_build_object('region', r.region, 'rank', r.rank,
          'municipalityCode', r.municipality_code, 'name', p.name) ORDER BY r.region, r.rank), '[]'::json)
        FROM committee_reserves r JOIN people p ON p.id = r.person_id WHERE r.term_id = t.id) AS reserves,
       (SELECT json_build_object('voteId', v.vote_id, 'status', v.status,
          'candidate', json_build_object('personId', p.id, 'name', p.name))
        FROM chair_votes v JOIN people p ON p.id = v.person_id WHERE v.term_id = t.id
        ORDER BY v.status = 'open' DESC, v.started_at DESC, v.vote_id DESC LIMIT 1) AS chair_vote
     FROM committee_terms t JOIN committee_constitutions c ON c.term_id = t.id WHERE t.id = $1`,
    [termId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    termId: row.term_id,
    termName: row.name,
    startsOn: row.starts_on,
    active: row.active,
    waiting: row.waiting,
    chair: row.chair,
    itemId: row.item_id,
    itemMeetingStartsAt: row.item_meeting ? new Date(row.item_meeting) : null,
    seats: row.seats,
    reserves: row.reserves,
    chairVote: row.chair_vote,
  };
}

/** Holds the term until the transaction ends (starting a chair vote, proposing its item); its chair, or null. */
export async function lockTerm(q: Queryable, termId: number): Promise<{ chairPersonId: number | null } | null> {
  const result = await q.query<{ chair_person_id: number | null }>(
    'SELECT chair_person_id FROM committee_terms WHERE id = $1 FOR UPDATE',
    [termId],
  );
  return result.rows[0] ? { chairPersonId: result.rows[0].chair_person_id } : null;
}

export async function openChairVote(q: Queryable, termId: number): Promise<number | null> {
  const result = await q.query<{ vote_id: number }>(
    `SELECT vote_id FROM chair_votes WHERE term_id = $1 AND status = 'open'`,
    [termId],
  );
  return result.rows[0]?.vote_id ?? null;
}

export async function insertChairVote(
  q: Queryable,
  vote: { voteId: number; termId: number; personId: number; startedBy: number; at: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO chair_votes (vote_id, term_id, person_id, started_by, started_at) VALUES ($1, $2, $3, $4, $5)',
    [vote.voteId, vote.termId, vote.personId, vote.startedBy, vote.at],
  );
}

/** Records a chair vote's result; the term and person when it was an open chair vote, else null (another vote). */
export async function decideChairVote(
  q: Queryable,
  voteId: number,
  result: string,
): Promise<{ termId: number; personId: number } | null> {
  const updated = await q.query<{ term_id: number; person_id: number }>(
    `UPDATE chair_votes SET status = $2 WHERE vote_id = $1 AND status = 'open' RETURNING term_id, person_id`,
    [voteId, result],
  );
  const row = updated.rows[0];
  return row ? { termId: row.term_id, personId: row.person_id } : null;
}

/** The term's chair, set once: a chair already elected stays. */
export async function setChair(q: Queryable, termId: number, personId: number): Promise<boolean> {
  const updated = await q.query(
    'UPDATE committee_terms SET chair_person_id = $2 WHERE id = $1 AND chair_person_id IS NULL',
    [termId, personId],
  );
  return updated.rowCount > 0;
}
