/** SQL for shifts, attendance, delay notices, policies and ingest signatures; rows map to domain types here only. */
import type { Queryable } from '../db/database.js';
import type { AttendanceEvent, Shift, ShiftStatus } from './shifts-domain.js';
import type { RosterShift } from './roster-source.js';

interface ShiftRow {
  id: number;
  external_id: string;
  municipality_code: number;
  agent_email: string | null;
  agent_id: string | null;
  agent_person_id: number | null;
  starts_at: Date;
  ends_at: Date;
  status: ShiftStatus;
  leader_email: string | null;
  leader_person_id: number | null;
}

const SHIFT_COLUMNS =
  'id, external_id, municipality_code, agent_email, agent_id, agent_person_id, starts_at, ends_at, status, leader_email, leader_person_id';

function toShift(row: ShiftRow): Shift {
  return {
    id: row.id,
    externalId: row.external_id,
    municipalityCode: row.municipality_code,
    agentEmail: row.agent_email,
    agentId: row.agent_id,
    agentPersonId: row.agent_person_id,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    status: row.status,
    leaderEmail: row.leader_email,
    leaderPersonId: row.leader_person_id,
  };
}

export async function activeShiftsByExternalId(db: Queryable, externalIds: string[]): Promise<Map<string, Shift>> {
  const result = await db.query<ShiftRow>(
    `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE status = 'active' AND external_id = ANY($1::text[]) FOR UPDATE`,
    [externalIds],
  );
  return new Map(result.rows.map((row) => [row.external_id, toShift(row)]));
}

export async function activeShiftsStartingBetween(db: Queryable, from: Date, to: Date): Promise<Shift[]> {
  const result = await db.query<ShiftRow>(
    `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE status = 'active' AND starts_at >= $1 AND starts_at < $2 ORDER BY starts_at, id`,
    [from, to],
  );
  return result.rows.map(toShift);
}

/** A municipality's active shifts starting in [from, to), with the agent's registry name where known. */
export async function activeShiftsOfMunicipalityWithAgentNames(
  db: Queryable,
  code: number,
  from: Date,
  to: Date,
): Promise<(Shift & { agentName: string | null })[]> {
  const result = await db.query<ShiftRow & { agent_name: string | null }>(
    `SELECT ${SHIFT_COLUMNS.split(', ')
      .map((column) => 's.' + column)
      .join(', ')}, p.name AS agent_name
     FROM shifts s LEFT JOIN people p ON p.id = s.agent_person_id AND p.forgotten_at IS NULL
     WHERE s.status = 'active' AND s.municipality_code = $1 AND s.starts_at >= $2 AND s.starts_at < $3
     ORDER BY s.starts_at, s.id LIMIT 100`,
    [code, from, to],
  );
  return result.rows.map((row) => ({ ...toShift(row), agentName: row.agent_name }));
}

export async function findShift(db: Queryable, id: number, lock = false): Promise<Shift | null> {
  const result = await db.query<ShiftRow>(
    `SELECT ${SHIFT_COLUMNS} FROM shifts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0] ? toShift(result.rows[0]) : null;
}

export async function insertShift(
  db: Queryable,
  shift: RosterShift & { agentPersonId: number | null; leaderPersonId: number | null; source: string },
  now: Date,
): Promise<Shift> {
  const result = await db.query<ShiftRow>(
    `INSERT INTO shifts (external_id, municipality_code, agent_email, agent_id, agent_person_id, starts_at, ends_at, source, imported_at, updated_at,
                         leader_email, leader_person_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11) RETURNING ${SHIFT_COLUMNS}`,
    [
      shift.externalId,
      shift.municipalityCode,
      shift.agentEmail,
      shift.agentId,
      shift.agentPersonId,
      shift.startsAt,
      shift.endsAt,
      shift.source,
      now,
      shift.leaderEmail,
      shift.leaderPersonId,
    ],
  );
  return toShift(result.rows[0]);
}

/** The same assignment with another end or leader on duty: the shift is updated, not replaced. */
export async function updateShiftDetails(
  db: Queryable,
  id: number,
  details: { endsAt: Date; leaderEmail: string | null; leaderPersonId: number | null },
  now: Date,
): Promise<void> {
  await db.query(
    'UPDATE shifts SET ends_at = $2, leader_email = $3, leader_person_id = $4, updated_at = $5 WHERE id = $1',
    [id, details.endsAt, details.leaderEmail, details.leaderPersonId, now],
  );
}

export async function setShiftStatus(db: Queryable, ids: number[], status: ShiftStatus, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.query('UPDATE shifts SET status = $2, updated_at = $3 WHERE id = ANY($1::int[])', [ids, status, now]);
}

/** Every way one agent is named: roster and attendance may use the e-mail, Engage the Entra object id. */
export interface AgentKeys {
  emails: string[];
  ids: string[];
  personIds: number[];
}

/** Widens what we know of an agent with the registry person it matches (e-mail <-> object id). */
export async function agentKeysFor(
  db: Queryable,
  known: { email: string | null; agentId: string | null; personId?: number | null },
): Promise<AgentKeys> {
  const emails = new Set<string>(known.email ? [known.email] : []);
  const ids = new Set<string>(known.agentId ? [known.agentId] : []);
  const personIds = new Set<number>(known.personId ? [known.personId] : []);
  const result = await db.query<{ id: number; email: string; entra_object_id: string | null }>(
    `SELECT id, lower(email) AS email, entra_object_id FROM people
     WHERE forgotten_at IS NULL AND (lower(email) = $1 OR entra_object_id = $2 OR id = $3)`,
    [known.email, known.agentId, known.personId ?? null],
  );
  for (const person of result.rows) {
    emails.add(person.email);
    if (person.entra_object_id) ids.add(person.entra_object_id);
    personIds.add(person.id);
  }
  return { emails: [...emails], ids: [...ids], personIds: [...personIds] };
}

const AGENT_MATCH = `(agent_email = ANY($1::text[]) OR agent_id = ANY($2::text[]))`;

/** Active shifts of one agent whose start lies in [from, to). */
export async function shiftsOfAgent(db: Queryable, keys: AgentKeys, from: Date, to: Date): Promise<Shift[]> {
  const result = await db.query<ShiftRow>(
    `SELECT ${SHIFT_COLUMNS} FROM shifts
     WHERE status = 'active' AND starts_at >= $4 AND starts_at < $5
       AND (${AGENT_MATCH} OR agent_person_id = ANY($3::int[]))
     ORDER BY starts_at, id`,
    [keys.emails, keys.ids, keys.personIds, from, to],
  );
  return result.rows.map(toShift);
}

/** Registry people matching roster agents, so cards can show names and Engage posts can be matched by object id. */
export async function peopleForAgents(
  db: Queryable,
  emails: string[],
  objectIds: string[],
): Promise<{ id: number; email: string; objectId: string | null }[]> {
  const result = await db.query<{ id: number; email: string; entra_object_id: string | null }>(
    `SELECT id, lower(email) AS email, entra_object_id FROM people
     WHERE forgotten_at IS NULL AND (lower(email) = ANY($1::text[]) OR entra_object_id = ANY($2::text[]))`,
    [emails, objectIds],
  );
  return result.rows.map((x) => ({ id: x.id, email: x.email, objectId: x.entra_object_id }));
}

/** Stores events; returns those not seen before (a resend of the same event id is ignored). */
export async function insertAttendanceEvents(
  db: Queryable,
  events: AttendanceEvent[],
  now: Date,
): Promise<AttendanceEvent[]> {
  if (events.length === 0) return [];
  const result = await db.query<{ event_id: string }>(
    `INSERT INTO attendance_events (event_id, agent_email, agent_id, kind, at, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
     ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.agentEmail),
      events.map((e) => e.agentId),
      events.map((e) => e.kind),
      events.map((e) => e.at.toISOString()),
      events.map(() => now.toISOString()),
    ],
  );
  const fresh = new Set(result.rows.map((x) => x.event_id));
  return events.filter((e) => fresh.has(e.eventId));
}

/** The agent's attendance events in [from, until]. */
export async function attendanceOf(
  db: Queryable,
  keys: AgentKeys,
  from: Date,
  until: Date,
): Promise<AttendanceEvent[]> {
  const result = await db.query<{
    event_id: string;
    agent_email: string | null;
    agent_id: string | null;
    kind: 'login' | 'logout';
    at: Date;
  }>(
    `SELECT event_id, agent_email, agent_id, kind, at FROM attendance_events
     WHERE at >= $3 AND at <= $4 AND ${AGENT_MATCH}
     ORDER BY at`,
    [keys.emails, keys.ids, from, until],
  );
  return result.rows.map((e) => ({
    eventId: e.event_id,
    agentEmail: e.agent_email,
    agentId: e.agent_id,
    kind: e.kind,
    at: new Date(e.at),
  }));
}

export async function insertDelayNotice(
  db: Queryable,
  notice: { messageId: string; shiftId: number; postedAt: Date; text: string },
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO shift_delay_notices (message_id, shift_id, posted_at, text) VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING`,
    [notice.messageId, notice.shiftId, notice.postedAt, notice.text],
  );
  return result.rowCount > 0;
}

export async function latestDelayNotice(
  db: Queryable,
  shiftId: number,
): Promise<{ postedAt: Date; text: string } | null> {
  const result = await db.query<{ posted_at: Date; text: string }>(
    'SELECT posted_at, text FROM shift_delay_notices WHERE shift_id = $1 ORDER BY posted_at DESC LIMIT 1',
    [shiftId],
  );
  return result.rows[0] ? { postedAt: new Date(result.rows[0].posted_at), text: result.rows[0].text } : null;
}

/** Claims a request signature; false when it was seen before (a replay). Old ones are dropped as we go. */
export async function claimSignature(
  db: Queryable,
  signature: string,
  now: Date,
  keepMinutes: number,
): Promise<boolean> {
  await db.query('DELETE FROM shifts_ingest_signatures WHERE seen_at < $1', [
    new Date(now.getTime() - keepMinutes * 60_000),
  ]);
  const result = await db.query(
    'INSERT INTO shifts_ingest_signatures (signature, seen_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING',
    [signature, now],
  );
  return result.rowCount > 0;
}

export async function releaseSignature(db: Queryable, signature: string): Promise<void> {
  await db.query('DELETE FROM shifts_ingest_signatures WHERE signature = $1', [signature]);
}
