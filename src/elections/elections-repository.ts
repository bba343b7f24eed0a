/** Elections SQL: populations for the key, the election and its regional rounds, candidates and votes. */
import type { Queryable } from '../db/database.js';
import { REGIONS, type Region } from '../registry/municipalities.js';
import type { Method } from './elections-domain.js';

export interface KeyInput {
  quarter: string | null;
  isDemo: boolean;
  population: Record<Region, number>;
  missing: number;
}

/** Members' populations per region for the newest 1 July (K3) of an odd year on file. */
export async function keyInput(q: Queryable): Promise<KeyInput> {
  const latest = await q.query<{ quarter: string | null }>(
    `SELECT max(quarter) AS quarter FROM populations WHERE quarter LIKE '%K3' AND (substr(quarter, 1, 4)::int % 2) = 1`,
  );
  const quarter = latest.rows[0]?.quarter ?? null;
  const population = Object.fromEntries(REGIONS.map((r) => [r, 0])) as Record<Region, number>;
  if (!quarter) return { quarter, isDemo: false, population, missing: 0 };
  const result = await q.query<{ region: Region; population: number; is_demo: boolean }>(
    `SELECT m.region, p.population, p.is_demo FROM memberships s JOIN municipalities m ON m.code = s.municipality_code
     LEFT JOIN populations p ON p.municipality_code = s.municipality_code AND p.quarter = $1`,
    [quarter],
  );
  let missing = 0;
  let isDemo = false;
  for (const row of result.rows) {
    if (row.population === null) missing++;
    else population[row.region] += row.population;
    isDemo ||= row.is_demo;
  }
  return { quarter, isDemo, population, missing };
}

export interface Election {
  id: number;
  termName: string;
  startsOn: string;
  endsOn: string;
  method: Method;
  status: 'open' | 'confirmed';
  key: { seats: Record<Region, number>; electable: Record<Region, number>; order: Region[] };
}

interface ElectionRow {
  id: number;
  term_name: string;
  starts_on: string;
  ends_on: string;
  method: Method;
  status: 'open' | 'confirmed';
  key: Election['key'];
}

const ELECTION_COLUMNS = 'id, term_name, starts_on, ends_on, method, status, key';

const toElection = (row: ElectionRow): Election => ({
  id: row.id,
  termName: row.term_name,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  method: row.method,
  status: row.status,
  key: row.key,
});

export async function openElection(q: Queryable): Promise<Election | null> {
  const result = await q.query<ElectionRow>(
    `SELECT ${ELECTION_COLUMNS} FROM elections WHERE status = 'open' ORDER BY id DESC LIMIT 1`,
  );
  return result.rows[0] ? toElection(result.rows[0]) : null;
}

/** An election by id, open or confirmed; `lock` holds it until the transaction ends (confirming). */
export async function findElection(q: Queryable, electionId: number, lock = false): Promise<Election | null> {
  const result = await q.query<ElectionRow>(
    `SELECT ${ELECTION_COLUMNS} FROM elections WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [electionId],
  );
  return result.rows[0] ? toElection(result.rows[0]) : null;
}

/** The election and a round per region; null when another election is open (one at a time, also under a race). */
export async function insertElection(
  q: Queryable,
  election: Omit<Election, 'id' | 'status'> & { quarter: string; at: Date },
): Promise<number | null> {
  const result = await q.query<{ id: number }>(
    `WITH election AS (
       INSERT INTO elections (term_name, starts_on, ends_on, method, quarter, key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (status) WHERE status = 'open' DO NOTHING RETURNING id
     ), rounds AS (
       INSERT INTO election_regions (election_id, region, seats)
       SELECT election.id, seats.key, seats.value::int FROM election, jsonb_each_text($8::jsonb) AS seats
     )
     SELECT id FROM election`,
    [
      election.termName,
      election.startsOn,
      election.endsOn,
      election.method,
      election.quarter,
      JSON.stringify(election.key),
      election.at,
      JSON.stringify(election.key.electable),
    ],
  );
  return result.rows[0]?.id ?? null;
}

export interface RegionRound {
  seats: number;
  status: 'open' | 'closed';
  conversationId: string | null;
  /** Winners of drawn lots, in drawing order. */
  lotWinners: number[];
}

interface RegionRoundRow {
  seats: number;
  status: 'open' | 'closed';
  conversation_id: string | null;
  lot_winners: number[] | null;
}

const toRegionRound = (row: RegionRoundRow): RegionRound => ({
  seats: row.seats,
  status: row.status,
  conversationId: row.conversation_id,
  lotWinners: row.lot_winners ?? [],
});

/** A region's round with what its card shows: counts and candidates with names and votes, in one read. */
export interface RoundOverview extends RegionRound {
  electionId: number;
  electionStatus: 'open' | 'confirmed';
  votesCast: number;
  members: number;
  candidates: { personId: number; name: string; municipalityCode: number; votes: number }[];
}

/**
 * Holds the round of `region` in election `electionId` (or, without an id, in the open election) until the
 * transaction ends, and returns its election's id. A statement of its own: a locking read that waited for another
 * transaction sees that transaction's round row but not its candidates and votes, so those are read after it.
 */
export async function lockRound(q: Queryable, electionId: number | null, region: Region): Promise<number | null> {
  const result = await q.query<{ election_id: number }>(
    `SELECT r.election_id FROM election_regions r JOIN elections e ON e.id = r.election_id
     WHERE r.region = $2 AND (($1::int IS NULL AND e.status = 'open') OR e.id = $1::int)
     ORDER BY e.id DESC LIMIT 1 FOR UPDATE OF r`,
    [electionId, region],
  );
  return result.rows[0]?.election_id ?? null;
}

/** The round of `region` in election `electionId`, with its counts and candidates, in one statement. */
export async function roundOverview(q: Queryable, electionId: number, region: Region): Promise<RoundOverview | null> {
  const result = await q.query<
    RegionRoundRow & {
      election_id: number;
      election_status: 'open' | 'confirmed';
      votes_cast: number;
      members: number;
      candidates: { personId: number; name: string; code: number; votes: number }[];
    }
  >(
    `SELECT e.id AS election_id, e.status AS election_status, r.seats, r.status, r.conversation_id, r.lot_winners,
       (SELECT count(*)::int FROM election_votes v JOIN municipalities m ON m.code = v.municipality_code
         WHERE v.election_id = e.id AND m.region = r.region) AS votes_cast,
       (SELECT count(*)::int FROM memberships s JOIN municipalities m ON m.code = s.municipality_code
         WHERE s.contact_center AND m.region = r.region) AS members,
       (SELECT coalesce(json_agg(json_build_object('personId', c.person_id, 'name', p.name, 'code', c.municipality_code,
          'votes', c.votes) ORDER BY c.votes DESC, p.name), '[]'::json)
        FROM (SELECT c.person_id, c.municipality_code, (SELECT count(*)::int FROM election_votes v
                WHERE v.election_id = c.election_id AND v.candidate_person_id = c.person_id) AS votes
              FROM election_candidates c WHERE c.election_id = e.id AND c.region = r.region) c
        JOIN people p ON p.id = c.person_id) AS candidates
     FROM elections e JOIN election_regions r ON r.election_id = e.id AND r.region = $2
     WHERE e.id = $1`,
    [electionId, region],
  );
  const row = result.rows[0];
  return row
    ? {
        ...toRegionRound(row),
        electionId: row.election_id,
        electionStatus: row.election_status,
        votesCast: row.votes_cast,
        members: row.members,
        candidates: row.candidates.map((c) => ({
          personId: c.personId,
          name: c.name,
          municipalityCode: c.code,
          votes: c.votes,
        })),
      }
    : null;
}

export async function setRoundChat(
  q: Queryable,
  electionId: number,
  region: Region,
  conversationId: string,
): Promise<void> {
  await q.query('UPDATE election_regions SET conversation_id = $3 WHERE election_id = $1 AND region = $2', [
    electionId,
    region,
    conversationId,
  ]);
}

export async function closeRound(q: Queryable, electionId: number, region: Region): Promise<boolean> {
  return (
    (
      await q.query(
        `UPDATE election_regions SET status = 'closed' WHERE election_id = $1 AND region = $2 AND status = 'open'`,
        [electionId, region],
      )
    ).rowCount > 0
  );
}

export async function addCandidate(
  q: Queryable,
  electionId: number,
  region: Region,
  personId: number,
  code: number,
): Promise<boolean> {
  return (
    (
      await q.query(
        'INSERT INTO election_candidates (election_id, region, person_id, municipality_code) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [electionId, region, personId, code],
      )
    ).rowCount > 0
  );
}

/** The municipality's vote in the election (a new one replaces the old); false when it already said this. */
export async function castVote(
  q: Queryable,
  electionId: number,
  code: number,
  candidateId: number,
  by: number,
  at: Date,
): Promise<boolean> {
  const result = await q.query(
    `INSERT INTO election_votes (election_id, municipality_code, candidate_person_id, cast_by, cast_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (election_id, municipality_code) DO UPDATE SET candidate_person_id = EXCLUDED.candidate_person_id, cast_by = EXCLUDED.cast_by, cast_at = EXCLUDED.cast_at
     WHERE election_votes.candidate_person_id IS DISTINCT FROM EXCLUDED.candidate_person_id`,
    [electionId, code, candidateId, by, at],
  );
  return result.rowCount > 0;
}

export async function confirmElection(q: Queryable, electionId: number): Promise<boolean> {
  return (
    (await q.query(`UPDATE elections SET status = 'confirmed' WHERE id = $1 AND status = 'open'`, [electionId]))
      .rowCount > 0
  );
}

export async function recordLotWinner(
  q: Queryable,
  electionId: number,
  region: Region,
  personId: number,
): Promise<void> {
  await q.query(
    `UPDATE election_regions SET lot_winners = array_append(lot_winners, $3) WHERE election_id = $1 AND region = $2 AND NOT ($3 = ANY(lot_winners))`,
    [electionId, region, personId],
  );
}

/** How many seats the committee term of this name has (a confirmed election's answer to a second press). */
export async function termSeatCount(q: Queryable, termName: string): Promise<number> {
  const result = await q.query<{ seats: number }>(
    `SELECT count(s.*)::int AS seats FROM committee_terms t LEFT JOIN committee_seats s ON s.term_id = t.id
     WHERE t.name = $1`,
    [termName],
  );
  return result.rows[0]?.seats ?? 0;
}

/**
 * The confirmed committee's term, with one seat per municipality and its deputy, and no chair: the committee elects
 * one at its first meeting. `activeNow` when the term has started (a late confirmation): it becomes the registry's only
 * active term at once; else it waits, inactive, for its start date (the sitting committee keeps its term until then).
 * Returns the new term's id.
 */
export async function installCommitteeTerm(
  q: Queryable,
  term: { name: string; startsOn: string; endsOn: string },
  seats: { municipalityCode: number; personId: number | null; deputyPersonId: number | null }[],
  activeNow: boolean,
): Promise<number> {
  if (activeNow) await q.query('UPDATE committee_terms SET active = false WHERE active');
  const result = await q.query<{ id: number }>(
    'INSERT INTO committee_terms (name, starts_on, ends_on, active) VALUES ($1, $2, $3, $4) RETURNING id',
    [term.name, term.startsOn, term.endsOn, activeNow],
  );
  const termId = result.rows[0].id;
  await q.query(
    `INSERT INTO committee_seats (term_id, municipality_code, member_person_id, deputy_person_id)
     SELECT $1, s.code, s.member, s.deputy
     FROM unnest($2::int[], $3::int[], $4::int[]) AS s(code, member, deputy)`,
    [termId, seats.map((s) => s.municipalityCode), seats.map((s) => s.personId), seats.map((s) => s.deputyPersonId)],
  );
  return termId;
}
