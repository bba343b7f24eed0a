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

export async function openElection(q: Queryable): Promise<Election | null> {
  const result = await q.query<{
    id: number;
    term_name: string;
    starts_on: string;
    ends_on: string;
    method: Method;
    status: 'open' | 'confirmed';
    key: Election['key'];
  }>(
    `SELECT id, term_name, starts_on, ends_on, method, status, key FROM elections WHERE status = 'open' ORDER BY id DESC LIMIT 1`,
  );
  const row = result.rows[0];
  return row
    ? {
        id: row.id,
        termName: row.term_name,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        method: row.method,
        status: row.status,
        key: row.key,
      }
    : null;
}

export async function insertElection(
  q: Queryable,
  election: Omit<Election, 'id' | 'status'> & { quarter: string; at: Date },
): Promise<number> {
  const result = await q.query<{ id: number }>(
    `INSERT INTO elections (term_name, starts_on, ends_on, method, quarter, key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      election.termName,
      election.startsOn,
      election.endsOn,
      election.method,
      election.quarter,
      JSON.stringify(election.key),
      election.at,
    ],
  );
  for (const region of REGIONS) {
    await q.query('INSERT INTO election_regions (election_id, region, seats) VALUES ($1, $2, $3)', [
      result.rows[0].id,
      region,
      election.key.electable[region],
    ]);
  }
  return result.rows[0].id;
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

export async function regionRound(q: Queryable, electionId: number, region: Region): Promise<RegionRound | null> {
  const result = await q.query<RegionRoundRow>(
    'SELECT seats, status, conversation_id, lot_winners FROM election_regions WHERE election_id = $1 AND region = $2',
    [electionId, region],
  );
  return result.rows[0] ? toRegionRound(result.rows[0]) : null;
}

/** A region's round in the open election, with how many of its member municipalities there are and have voted. */
export async function openRoundOverview(
  q: Queryable,
  region: Region,
): Promise<(RegionRound & { electionId: number; votesCast: number; members: number }) | null> {
  const result = await q.query<RegionRoundRow & { election_id: number; votes_cast: number; members: number }>(
    `SELECT e.id AS election_id, r.seats, r.status, r.conversation_id, r.lot_winners,
       (SELECT count(*)::int FROM election_votes v JOIN municipalities m ON m.code = v.municipality_code
         WHERE v.election_id = e.id AND m.region = r.region) AS votes_cast,
       (SELECT count(*)::int FROM memberships s JOIN municipalities m ON m.code = s.municipality_code
         WHERE s.contact_center AND m.region = r.region) AS members
     FROM elections e JOIN election_regions r ON r.election_id = e.id AND r.region = $1
     WHERE e.status = 'open' ORDER BY e.id DESC LIMIT 1`,
    [region],
  );
  const row = result.rows[0];
  return row
    ? { ...toRegionRound(row), electionId: row.election_id, votesCast: row.votes_cast, members: row.members }
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

export async function castVote(
  q: Queryable,
  electionId: number,
  code: number,
  candidateId: number,
  by: number,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO election_votes (election_id, municipality_code, candidate_person_id, cast_by, cast_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (election_id, municipality_code) DO UPDATE SET candidate_person_id = EXCLUDED.candidate_person_id, cast_by = EXCLUDED.cast_by, cast_at = EXCLUDED.cast_at`,
    [electionId, code, candidateId, by, at],
  );
}

export async function standing(
  q: Queryable,
  electionId: number,
  region: Region,
): Promise<{ personId: number; name: string; municipalityCode: number; votes: number }[]> {
  const result = await q.query<{ person_id: number; name: string; municipality_code: number; votes: number }>(
    `SELECT c.person_id, p.name, c.municipality_code,
       (SELECT count(*)::int FROM election_votes v WHERE v.election_id = c.election_id AND v.candidate_person_id = c.person_id) AS votes
     FROM election_candidates c JOIN people p ON p.id = c.person_id WHERE c.election_id = $1 AND c.region = $2 ORDER BY votes DESC, p.name`,
    [electionId, region],
  );
  return result.rows.map((row) => ({
    personId: row.person_id,
    name: row.name,
    municipalityCode: row.municipality_code,
    votes: row.votes,
  }));
}

export async function roundStatuses(q: Queryable, electionId: number): Promise<Record<Region, 'open' | 'closed'>> {
  const result = await q.query<{ region: Region; status: 'open' | 'closed' }>(
    'SELECT region, status FROM election_regions WHERE election_id = $1',
    [electionId],
  );
  return Object.fromEntries(result.rows.map((row) => [row.region, row.status])) as Record<Region, 'open' | 'closed'>;
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

/** The confirmed committee becomes the registry's only active term, with one seat per municipality. */
export async function installCommitteeTerm(
  q: Queryable,
  term: { name: string; startsOn: string; endsOn: string },
  seats: { municipalityCode: number; personId: number | null }[],
): Promise<void> {
  await q.query('UPDATE committee_terms SET active = false WHERE active');
  const result = await q.query<{ id: number }>(
    'INSERT INTO committee_terms (name, starts_on, ends_on, active) VALUES ($1, $2, $3, true) RETURNING id',
    [term.name, term.startsOn, term.endsOn],
  );
  for (const seat of seats) {
    await q.query('INSERT INTO committee_seats (term_id, municipality_code, member_person_id) VALUES ($1, $2, $3)', [
      result.rows[0].id,
      seat.municipalityCode,
      seat.personId,
    ]);
  }
}
