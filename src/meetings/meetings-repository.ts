/** Meetings SQL: the calendar identity of each meeting, its invitees and its attendance; rows mapped in one place. */
import type { Queryable } from '../db/database.js';
import type { AttendanceRecord, DeputyStatus, InviteeCapacity, InviteeRef, MemberStatus } from './meetings-domain.js';

/** A meeting's calendar identity: the .ics UID and SEQUENCE, kept across moves, and its online event. */
export interface CalendarEntry {
  meetingId: number;
  uid: string;
  sequence: number;
  onlineUrl: string | null;
  movedToMeetingId: number | null;
  graphEventId: string | null;
  graphJoinUrl: string | null;
  quorumWarned: boolean;
}

interface CalendarRow {
  meeting_id: number;
  uid: string;
  sequence: number;
  online_url: string | null;
  moved_to_meeting_id: number | null;
  graph_event_id: string | null;
  graph_join_url: string | null;
  quorum_warned: boolean;
}

const CALENDAR_COLUMNS =
  'meeting_id, uid, sequence, online_url, moved_to_meeting_id, graph_event_id, graph_join_url, quorum_warned';

const toEntry = (row: CalendarRow): CalendarEntry => ({
  meetingId: row.meeting_id,
  uid: row.uid,
  sequence: row.sequence,
  onlineUrl: row.online_url,
  movedToMeetingId: row.moved_to_meeting_id,
  graphEventId: row.graph_event_id,
  graphJoinUrl: row.graph_join_url,
  quorumWarned: row.quorum_warned,
});

/** The meeting's calendar row, made on first use for meetings that came from the registry file. */
export async function ensureCalendar(q: Queryable, meetingId: number, uid: string): Promise<CalendarEntry> {
  const result = await q.query<CalendarRow>(
    `WITH made AS (INSERT INTO meeting_calendar (meeting_id, uid) VALUES ($1, $2) ON CONFLICT (meeting_id) DO NOTHING
       RETURNING ${CALENDAR_COLUMNS})
     SELECT ${CALENDAR_COLUMNS} FROM made UNION ALL SELECT ${CALENDAR_COLUMNS} FROM meeting_calendar WHERE meeting_id = $1`,
    [meetingId, uid],
  );
  return toEntry(result.rows[0]);
}

export async function calendarsOf(q: Queryable, meetingIds: number[]): Promise<Map<number, CalendarEntry>> {
  const result = await q.query<CalendarRow>(
    `SELECT ${CALENDAR_COLUMNS} FROM meeting_calendar WHERE meeting_id = ANY($1::int[])`,
    [meetingIds],
  );
  return new Map(result.rows.map((row) => [row.meeting_id, toEntry(row)]));
}

/** Writes the entry as given (insert or replace): a new meeting, a move, a Graph event id, a quorum warning. */
export async function saveCalendar(q: Queryable, entry: CalendarEntry): Promise<void> {
  await q.query(
    `INSERT INTO meeting_calendar (${CALENDAR_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (meeting_id) DO UPDATE SET uid = EXCLUDED.uid, sequence = EXCLUDED.sequence, online_url = EXCLUDED.online_url,
       moved_to_meeting_id = EXCLUDED.moved_to_meeting_id, graph_event_id = EXCLUDED.graph_event_id,
       graph_join_url = EXCLUDED.graph_join_url, quorum_warned = EXCLUDED.quorum_warned, updated_at = now()`,
    [
      entry.meetingId,
      entry.uid,
      entry.sequence,
      entry.onlineUrl,
      entry.movedToMeetingId,
      entry.graphEventId,
      entry.graphJoinUrl,
      entry.quorumWarned,
    ],
  );
}

/** An invitee with what the invitation shows and the .ics needs. */
export interface Invitee extends InviteeRef {
  name: string;
  email: string;
}

/** Records invitees; returns those not invited before (who get an invitation card now). */
export async function addInvitees(q: Queryable, meetingId: number, refs: InviteeRef[], at: Date): Promise<number[]> {
  if (!refs.length) return [];
  const result = await q.query<{ person_id: number }>(
    `INSERT INTO meeting_invitees (meeting_id, person_id, capacity, municipality_code, invited_at)
     SELECT $1, person_id, capacity, municipality_code, $5
     FROM unnest($2::int[], $3::text[], $4::int[]) AS x(person_id, capacity, municipality_code)
     ON CONFLICT (meeting_id, person_id) DO NOTHING RETURNING person_id`,
    [meetingId, refs.map((r) => r.personId), refs.map((r) => r.capacity), refs.map((r) => r.municipalityCode), at],
  );
  return result.rows.map((row) => row.person_id);
}

/** The moved meeting invites the same people. */
export async function copyInvitees(q: Queryable, fromMeetingId: number, toMeetingId: number): Promise<void> {
  await q.query(
    `INSERT INTO meeting_invitees (meeting_id, person_id, capacity, municipality_code, invited_at)
     SELECT $2, person_id, capacity, municipality_code, invited_at FROM meeting_invitees WHERE meeting_id = $1
     ON CONFLICT DO NOTHING`,
    [fromMeetingId, toMeetingId],
  );
}

export async function inviteesOfMeeting(q: Queryable, meetingId: number): Promise<Invitee[]> {
  const result = await q.query<{
    person_id: number;
    capacity: InviteeCapacity;
    municipality_code: number | null;
    name: string;
    email: string;
  }>(
    `SELECT i.person_id, i.capacity, i.municipality_code, p.name, p.email
     FROM meeting_invitees i JOIN people p ON p.id = i.person_id AND p.forgotten_at IS NULL
     WHERE i.meeting_id = $1 ORDER BY i.invited_at, i.person_id`,
    [meetingId],
  );
  return result.rows.map((row) => ({
    personId: row.person_id,
    capacity: row.capacity,
    municipalityCode: row.municipality_code,
    name: row.name,
    email: row.email,
  }));
}

interface AttendanceRow {
  municipality_code: number;
  member_person_id: number | null;
  member_status: MemberStatus;
  deputy_person_id: number | null;
  deputy_status: DeputyStatus | null;
  changed_at: Date;
}

export async function attendanceOf(q: Queryable, meetingId: number): Promise<AttendanceRecord[]> {
  const result = await q.query<AttendanceRow>(
    `SELECT municipality_code, member_person_id, member_status, deputy_person_id, deputy_status, changed_at
     FROM meeting_attendance WHERE meeting_id = $1 ORDER BY municipality_code`,
    [meetingId],
  );
  return result.rows.map((row) => ({
    municipalityCode: row.municipality_code,
    memberPersonId: row.member_person_id,
    memberStatus: row.member_status,
    deputyPersonId: row.deputy_person_id,
    deputyStatus: row.deputy_status,
    changedAt: new Date(row.changed_at),
  }));
}

export async function saveAttendance(
  q: Queryable,
  meetingId: number,
  record: AttendanceRecord,
  changedBy: number,
): Promise<void> {
  await q.query(
    `INSERT INTO meeting_attendance (meeting_id, municipality_code, member_person_id, member_status, deputy_person_id, deputy_status, changed_by, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (meeting_id, municipality_code) DO UPDATE SET member_person_id = EXCLUDED.member_person_id,
       member_status = EXCLUDED.member_status, deputy_person_id = EXCLUDED.deputy_person_id,
       deputy_status = EXCLUDED.deputy_status, changed_by = EXCLUDED.changed_by, changed_at = EXCLUDED.changed_at`,
    [
      meetingId,
      record.municipalityCode,
      record.memberPersonId,
      record.memberStatus,
      record.deputyPersonId,
      record.deputyStatus,
      changedBy,
      record.changedAt,
    ],
  );
}

/** Serialises changes to one meeting's attendance (two presses at once must see each other's result). */
export async function lockMeeting(q: Queryable, meetingId: number): Promise<void> {
  await q.query('SELECT id FROM meetings WHERE id = $1 FOR UPDATE', [meetingId]);
}

/** Follows a moved meeting to where it went (a card's or a link's meeting id may be an old one). */
export async function currentMeetingId(q: Queryable, meetingId: number): Promise<number> {
  const result = await q.query<{ id: number }>(
    `WITH RECURSIVE chain (id, depth) AS (
       SELECT $1::int, 0
       UNION ALL
       SELECT c.moved_to_meeting_id, chain.depth + 1 FROM meeting_calendar c JOIN chain ON c.meeting_id = chain.id
       WHERE c.moved_to_meeting_id IS NOT NULL AND chain.depth < 50)
     SELECT id FROM chain ORDER BY depth DESC LIMIT 1`,
    [meetingId],
  );
  return result.rows[0]?.id ?? meetingId;
}

/** Each member municipality's representatives (the assembly's invitees). */
export async function representativesOfMembers(q: Queryable): Promise<{ personId: number; code: number }[]> {
  const result = await q.query<{ person_id: number; municipality_code: number }>(
    `SELECT r.person_id, r.municipality_code FROM person_roles r
     JOIN memberships m ON m.municipality_code = r.municipality_code AND m.contact_center
     JOIN people p ON p.id = r.person_id AND p.forgotten_at IS NULL
     WHERE r.role = 'repraesentant' ORDER BY r.municipality_code, r.person_id`,
  );
  return result.rows.map((row) => ({ personId: row.person_id, code: row.municipality_code }));
}

/** Names of registry people by id (forgotten people are left out). */
export async function namesOf(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const result = await q.query<{ id: number; name: string }>(
    'SELECT id, name FROM people WHERE id = ANY($1::int[]) AND forgotten_at IS NULL',
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row.name]));
}

/** Stores the Graph event of a meeting (only those columns: the rest may have changed since the job started). */
export async function setOnlineEvent(
  q: Queryable,
  meetingId: number,
  eventId: string,
  joinUrl: string | null,
): Promise<void> {
  await q.query(
    'UPDATE meeting_calendar SET graph_event_id = $2, graph_join_url = COALESCE($3, graph_join_url), updated_at = now() WHERE meeting_id = $1',
    [meetingId, eventId, joinUrl],
  );
}
