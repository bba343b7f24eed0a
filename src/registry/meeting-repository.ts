import type { Queryable } from '../db/database.js';
import type { Meeting, MeetingKind } from './registry-types.js';

/** A meetings row as selected (or as `row_to_json` gives it, with the instants as text). */
export interface MeetingRow {
  id: number;
  kind: MeetingKind;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string;
  host_municipality_code: number | null;
  status: 'planlagt' | 'aflyst';
}

const COLUMNS = 'id, kind, starts_at, ends_at, place, host_municipality_code, status';

/** The one mapping of a meetings row, also for other repositories that join meetings into their own reads. */
export function toMeeting(row: MeetingRow): Meeting {
  return {
    id: row.id,
    kind: row.kind,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    place: row.place,
    hostMunicipalityCode: row.host_municipality_code,
    status: row.status,
  };
}

export async function findMeeting(q: Queryable, id: number): Promise<Meeting | null> {
  const result = await q.query<MeetingRow>(`SELECT ${COLUMNS} FROM meetings WHERE id = $1`, [id]);
  return result.rows[0] ? toMeeting(result.rows[0]) : null;
}

/** Meetings not cancelled that start after `from`, soonest first. */
export async function upcomingMeetings(q: Queryable, from: Date, kind?: MeetingKind, limit = 20): Promise<Meeting[]> {
  const result = await q.query<MeetingRow>(
    `SELECT ${COLUMNS} FROM meetings
     WHERE starts_at > $1 AND status = 'planlagt' AND ($2::text IS NULL OR kind = $2)
     ORDER BY starts_at LIMIT $3`,
    [from, kind ?? null, limit],
  );
  return result.rows.map(toMeeting);
}

/**
 * One meeting by id together with the planned meetings of a kind that start after `from` (soonest first, at most
 * `limit`), in one read: a form or a card often needs the chosen meeting and the ones it could move to.
 */
export async function meetingWithUpcoming(
  q: Queryable,
  id: number,
  from: Date,
  kind: MeetingKind,
  limit = 20,
): Promise<{ meeting: Meeting | null; upcoming: Meeting[] }> {
  const result = await q.query<MeetingRow>(
    `(SELECT ${COLUMNS} FROM meetings WHERE id = $1)
     UNION
     (SELECT ${COLUMNS} FROM meetings WHERE starts_at > $2 AND status = 'planlagt' AND kind = $3 ORDER BY starts_at LIMIT $4)
     ORDER BY starts_at`,
    [id, from, kind, limit],
  );
  const meetings = result.rows.map(toMeeting);
  return {
    meeting: meetings.find((m) => m.id === id) ?? null,
    upcoming: meetings.filter((m) => m.startsAt > from && m.status === 'planlagt' && m.kind === kind),
  };
}

/** The last planned (not cancelled) meeting of a kind that started before `before`; null when there is none. */
export async function previousMeeting(q: Queryable, before: Date, kind: MeetingKind): Promise<Meeting | null> {
  const result = await q.query<MeetingRow>(
    `SELECT ${COLUMNS} FROM meetings WHERE starts_at < $1 AND status = 'planlagt' AND kind = $2 ORDER BY starts_at DESC LIMIT 1`,
    [before, kind],
  );
  return result.rows[0] ? toMeeting(result.rows[0]) : null;
}

export interface MeetingInput {
  kind: MeetingKind;
  startsAt: Date;
  endsAt: Date;
  place: string;
  hostMunicipalityCode: number | null;
}

/** Upsert by (kind, start): importing the same calendar twice changes nothing. */
export async function upsertMeeting(q: Queryable, meeting: MeetingInput): Promise<Meeting> {
  const result = await q.query<MeetingRow>(
    `INSERT INTO meetings (kind, starts_at, ends_at, place, host_municipality_code)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (kind, starts_at) DO UPDATE SET ends_at = EXCLUDED.ends_at, place = EXCLUDED.place,
       host_municipality_code = EXCLUDED.host_municipality_code, updated_at = now()
     RETURNING ${COLUMNS}`,
    [meeting.kind, meeting.startsAt, meeting.endsAt, meeting.place, meeting.hostMunicipalityCode],
  );
  return toMeeting(result.rows[0]);
}

export async function updateMeeting(q: Queryable, id: number, meeting: MeetingInput): Promise<Meeting | null> {
  const result = await q.query<MeetingRow>(
    `UPDATE meetings SET kind = $2, starts_at = $3, ends_at = $4, place = $5, host_municipality_code = $6, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, meeting.kind, meeting.startsAt, meeting.endsAt, meeting.place, meeting.hostMunicipalityCode],
  );
  return result.rows[0] ? toMeeting(result.rows[0]) : null;
}

export async function cancelMeeting(q: Queryable, id: number): Promise<Meeting | null> {
  const result = await q.query<MeetingRow>(
    `UPDATE meetings SET status = 'aflyst', updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return result.rows[0] ? toMeeting(result.rows[0]) : null;
}

export async function listMeetings(q: Queryable): Promise<Meeting[]> {
  const result = await q.query<MeetingRow>(`SELECT ${COLUMNS} FROM meetings ORDER BY starts_at`);
  return result.rows.map(toMeeting);
}

/** Every meeting (planned or cancelled) starting in [from, to), soonest first: a year of the calendar. */
export async function meetingsBetween(q: Queryable, from: Date, to: Date): Promise<Meeting[]> {
  const result = await q.query<MeetingRow>(
    `SELECT ${COLUMNS} FROM meetings WHERE starts_at >= $1 AND starts_at < $2 ORDER BY starts_at, id`,
    [from, to],
  );
  return result.rows.map(toMeeting);
}

/** Each municipality's latest planned hosting before `before` (for the host rotation). */
export async function lastHostings(q: Queryable, before: Date): Promise<Map<number, Date>> {
  const result = await q.query<{ code: number; at: Date }>(
    `SELECT host_municipality_code AS code, max(starts_at) AS at FROM meetings
     WHERE status = 'planlagt' AND host_municipality_code IS NOT NULL AND starts_at < $1 GROUP BY 1`,
    [before],
  );
  return new Map(result.rows.map((row) => [row.code, new Date(row.at)]));
}

/** Adds a meeting; null when one of that kind already starts then (the calendar has one meeting per kind and start). */
export async function insertMeeting(q: Queryable, meeting: MeetingInput): Promise<Meeting | null> {
  const result = await q.query<MeetingRow>(
    `INSERT INTO meetings (kind, starts_at, ends_at, place, host_municipality_code)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, starts_at) DO NOTHING RETURNING ${COLUMNS}`,
    [meeting.kind, meeting.startsAt, meeting.endsAt, meeting.place, meeting.hostMunicipalityCode],
  );
  return result.rows[0] ? toMeeting(result.rows[0]) : null;
}
