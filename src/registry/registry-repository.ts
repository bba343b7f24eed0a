import type { Queryable } from '../db/database.js';
import { MUNICIPALITIES } from './municipalities.js';
import type { Actor, CommitteeTerm, MunicipalRole, Person } from './registry-types.js';

interface PersonRow {
  id: number;
  email: string;
  name: string;
  entra_object_id: string | null;
  tenant_id: string | null;
  mobile: string | null;
}

const PERSON_COLUMNS = 'id, email, name, entra_object_id, tenant_id, mobile';

export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    entraObjectId: row.entra_object_id,
    tenantId: row.tenant_id,
    mobile: row.mobile,
  };
}

/** The 98 municipalities are reference data: upserted at every start so a fresh database has them. */
export async function seedMunicipalities(q: Queryable): Promise<void> {
  await q.query(
    `INSERT INTO municipalities (code, name, region)
     SELECT * FROM unnest($1::int[], $2::text[], $3::text[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region`,
    [MUNICIPALITIES.map((m) => m.code), MUNICIPALITIES.map((m) => m.name), MUNICIPALITIES.map((m) => m.region)],
  );
}

export async function findPersonByObjectId(q: Queryable, objectId: string): Promise<Person | null> {
  const result = await q.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM people WHERE entra_object_id = $1 AND forgotten_at IS NULL`,
    [objectId],
  );
  return result.rows[0] ? toPerson(result.rows[0]) : null;
}

export async function findPersonById(q: Queryable, id: number): Promise<Person | null> {
  const result = await q.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM people WHERE id = $1 AND forgotten_at IS NULL`,
    [id],
  );
  return result.rows[0] ? toPerson(result.rows[0]) : null;
}

export async function findPersonByEmail(q: Queryable, email: string): Promise<Person | null> {
  const result = await q.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM people WHERE lower(email) = lower($1) AND forgotten_at IS NULL`,
    [email],
  );
  return result.rows[0] ? toPerson(result.rows[0]) : null;
}

/** Everything authorization needs about one person, in one round of queries. */
export async function loadActor(q: Queryable, person: Person): Promise<Actor> {
  const [roles, sec, seats, chair] = await Promise.all([
    q.query<{ municipality_code: number; role: MunicipalRole }>(
      'SELECT municipality_code, role FROM person_roles WHERE person_id = $1 ORDER BY municipality_code, role',
      [person.id],
    ),
    q.query('SELECT 1 FROM secretariat_members WHERE person_id = $1', [person.id]),
    q.query<{ municipality_code: number; member_person_id: number | null }>(
      `SELECT s.municipality_code, s.member_person_id FROM committee_seats s
       JOIN committee_terms t ON t.id = s.term_id AND t.active
       WHERE s.member_person_id = $1 OR s.deputy_person_id = $1 ORDER BY s.municipality_code`,
      [person.id],
    ),
    q.query('SELECT 1 FROM committee_terms WHERE active AND chair_person_id = $1', [person.id]),
  ]);
  return {
    ...person,
    roles: roles.rows.map((r) => ({ municipalityCode: r.municipality_code, role: r.role })),
    secretariat: sec.rows.length > 0,
    chair: chair.rows.length > 0,
    seats: seats.rows.map((s) => ({
      municipalityCode: s.municipality_code,
      as: s.member_person_id === person.id ? ('member' as const) : ('deputy' as const),
    })),
  };
}

interface ActorRow extends PersonRow {
  roles: { municipality_code: number; role: MunicipalRole }[];
  secretariat: boolean;
  chair: boolean;
  seats: { municipality_code: number; member: boolean }[];
}

const PERSON_COLUMNS_OF_P = PERSON_COLUMNS.split(', ')
  .map((column) => 'p.' + column)
  .join(', ');

/** A person with roles, secretariat membership, chair and seats as one row (`FROM people p`, filtered after). */
const ACTOR_SELECT = `SELECT ${PERSON_COLUMNS_OF_P},
       COALESCE((SELECT json_agg(json_build_object('municipality_code', r.municipality_code, 'role', r.role) ORDER BY r.municipality_code, r.role)
                 FROM person_roles r WHERE r.person_id = p.id), '[]'::json) AS roles,
       EXISTS (SELECT 1 FROM secretariat_members m WHERE m.person_id = p.id) AS secretariat,
       EXISTS (SELECT 1 FROM committee_terms t WHERE t.active AND t.chair_person_id = p.id) AS chair,
       COALESCE((SELECT json_agg(json_build_object('municipality_code', s.municipality_code, 'member', s.member_person_id = p.id) ORDER BY s.municipality_code)
                 FROM committee_seats s JOIN committee_terms t ON t.id = s.term_id AND t.active
                 WHERE s.member_person_id = p.id OR s.deputy_person_id = p.id), '[]'::json) AS seats
     FROM people p`;

const ACTOR_SQL = `WITH target AS (
       SELECT COALESCE(
         (SELECT person_id FROM local_impersonation WHERE $2 AND aad_object_id = $1),
         (SELECT id FROM people WHERE entra_object_id = $1 AND forgotten_at IS NULL)) AS id)
     ${ACTOR_SELECT} JOIN target ON p.id = target.id WHERE p.forgotten_at IS NULL`;

function toActor(row: ActorRow): Actor {
  return {
    ...toPerson(row),
    roles: row.roles.map((x) => ({ municipalityCode: x.municipality_code, role: x.role })),
    secretariat: row.secretariat,
    chair: row.chair,
    seats: row.seats.map((x) => ({
      municipalityCode: x.municipality_code,
      as: x.member ? ('member' as const) : ('deputy' as const),
    })),
  };
}

/**
 * The actor behind an Entra object id in one query (every turn needs it). In local mode an
 * impersonation row ("Skift rolle") takes precedence.
 */
export async function loadActorByObjectId(q: Queryable, objectId: string, local: boolean): Promise<Actor | null> {
  const result = await q.query<ActorRow>(ACTOR_SQL, [objectId, local]);
  return result.rows[0] ? toActor(result.rows[0]) : null;
}

export interface StoredTurnState {
  key: string;
  value: Record<string, unknown>;
  etag: number;
}

/**
 * The actor and the turn's stored Teams AI state (bot_state) in one round trip: every activity needs both
 * before any handler runs, and on this path the round trips are most of the database's cost.
 */
export async function loadActorWithTurnState(
  q: Queryable,
  objectId: string | null,
  local: boolean,
  stateKeys: string[],
): Promise<{ actor: Actor | null; state: StoredTurnState[] }> {
  const result = await q.query<{ actor: ActorRow | null; state: StoredTurnState[] }>(
    `SELECT (SELECT row_to_json(a) FROM (${ACTOR_SQL}) a) AS actor,
       COALESCE((SELECT json_agg(json_build_object('key', key, 'value', value, 'etag', etag)) FROM bot_state WHERE key = ANY($3::text[])), '[]'::json) AS state`,
    [objectId, local, stateKeys],
  );
  const row = result.rows[0];
  return { actor: row?.actor ? toActor(row.actor) : null, state: row?.state ?? [] };
}

export async function peopleWithRole(q: Queryable, role: MunicipalRole, municipalityCode?: number): Promise<Person[]> {
  const result = await q.query<PersonRow>(
    `SELECT DISTINCT ${PERSON_COLUMNS_OF_P}
     FROM people p JOIN person_roles r ON r.person_id = p.id
     WHERE r.role = $1 AND ($2::int IS NULL OR r.municipality_code = $2) AND p.forgotten_at IS NULL
     ORDER BY p.id`,
    [role, municipalityCode ?? null],
  );
  return result.rows.map(toPerson);
}

/**
 * For each (role, municipality), in order, in one query: the people holding it (as peopleWithRole) and whether each
 * has a live 1:1 chat with the bot (delivery's reachability).
 */
export async function roleHoldersWithChats(
  q: Queryable,
  targets: { role: MunicipalRole; municipalityCode: number }[],
): Promise<{ person: Person; hasChat: boolean }[][]> {
  const result = await q.query<PersonRow & { ord: string; has_chat: boolean }>(
    `SELECT t.ord, h.*,
            EXISTS (SELECT 1 FROM conversations c
                    WHERE c.person_id = h.id AND c.type = 'personal' AND c.dead_at IS NULL) AS has_chat
     FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(role, code, ord)
     JOIN LATERAL (
       SELECT DISTINCT ${PERSON_COLUMNS_OF_P} FROM people p JOIN person_roles r ON r.person_id = p.id
       WHERE r.role = t.role AND r.municipality_code = t.code AND p.forgotten_at IS NULL
     ) h ON true
     ORDER BY t.ord, h.id`,
    [targets.map((t) => t.role), targets.map((t) => t.municipalityCode)],
  );
  const holders = targets.map(() => [] as { person: Person; hasChat: boolean }[]);
  for (const row of result.rows) holders[Number(row.ord) - 1].push({ person: toPerson(row), hasChat: row.has_chat });
  return holders;
}

export async function secretariatPeople(q: Queryable): Promise<Person[]> {
  const result = await q.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM people WHERE id IN (SELECT person_id FROM secretariat_members) AND forgotten_at IS NULL ORDER BY id`,
  );
  return result.rows.map(toPerson);
}

export async function activeTerm(q: Queryable): Promise<CommitteeTerm | null> {
  const terms = await q.query<{
    id: number;
    name: string;
    starts_on: string;
    ends_on: string;
    chair_person_id: number | null;
  }>('SELECT id, name, starts_on, ends_on, chair_person_id FROM committee_terms WHERE active');
  const term = terms.rows[0];
  if (!term) return null;
  const seats = await q.query<{
    municipality_code: number;
    member_person_id: number | null;
    deputy_person_id: number | null;
  }>(
    'SELECT municipality_code, member_person_id, deputy_person_id FROM committee_seats WHERE term_id = $1 ORDER BY municipality_code',
    [term.id],
  );
  return {
    id: term.id,
    name: term.name,
    startsOn: term.starts_on,
    endsOn: term.ends_on,
    chairPersonId: term.chair_person_id,
    seats: seats.rows.map((s) => ({
      municipalityCode: s.municipality_code,
      memberPersonId: s.member_person_id,
      deputyPersonId: s.deputy_person_id,
    })),
  };
}

export async function memberMunicipalityCodes(q: Queryable): Promise<number[]> {
  const result = await q.query<{ municipality_code: number }>(
    'SELECT municipality_code FROM memberships WHERE contact_center ORDER BY municipality_code',
  );
  return result.rows.map((x) => x.municipality_code);
}

/** Everyone in the registry with their roles, in one query (the demo role switcher lists them all). */
export async function listActors(q: Queryable): Promise<Actor[]> {
  const result = await q.query<ActorRow>(`${ACTOR_SELECT} WHERE p.forgotten_at IS NULL ORDER BY p.name, p.id`);
  return result.rows.map(toActor);
}

/** One registry person with their roles, by id; null when unknown or forgotten. */
export async function findActorById(q: Queryable, id: number): Promise<Actor | null> {
  const result = await q.query<ActorRow>(`${ACTOR_SELECT} WHERE p.id = $1 AND p.forgotten_at IS NULL`, [id]);
  return result.rows[0] ? toActor(result.rows[0]) : null;
}

/** Local mode only: this Entra object id acts as that registry person until changed. */
export async function setImpersonation(q: Queryable, aadObjectId: string, personId: number): Promise<void> {
  await q.query(
    `INSERT INTO local_impersonation (aad_object_id, person_id) VALUES ($1, $2)
     ON CONFLICT (aad_object_id) DO UPDATE SET person_id = EXCLUDED.person_id`,
    [aadObjectId, personId],
  );
}

export async function listPeople(q: Queryable): Promise<Person[]> {
  const result = await q.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM people WHERE forgotten_at IS NULL ORDER BY name, id`,
  );
  return result.rows.map(toPerson);
}
