/** Minutes SQL: the minutes of a meeting with a decision per agenda item, and the follow-up points. */
import type { Queryable } from '../db/database.js';

export type MinutesStatus = 'kladde' | 'sendt' | 'godkendt';
export type DecisionSource = 'referent' | 'afstemning';

export interface MinutesItem {
  number: string;
  agendaItemId: number | null;
  title: string;
  markers: string[];
  decision: string;
  decisionSource: DecisionSource;
}

export interface Minutes {
  meetingId: number;
  status: MinutesStatus;
  version: number;
  sentAt: Date | null;
  approvedAt: Date | null;
  items: MinutesItem[];
}

export async function findMinutes(q: Queryable, meetingId: number): Promise<Minutes | null> {
  const result = await q.query<{
    meeting_id: number;
    status: MinutesStatus;
    version: number;
    sent_at: Date | null;
    approved_at: Date | null;
    items: {
      number: string;
      agenda_item_id: number | null;
      title: string;
      markers: string[];
      decision: string;
      decision_source: DecisionSource;
    }[];
  }>(
    `SELECT m.meeting_id, m.status, m.version, m.sent_at, m.approved_at,
       COALESCE((SELECT json_agg(json_build_object('number', i.number, 'agenda_item_id', i.agenda_item_id, 'title', i.title,
         'markers', i.markers, 'decision', i.decision, 'decision_source', i.decision_source) ORDER BY i.position)
         FROM minutes_items i WHERE i.meeting_id = m.meeting_id), '[]'::json) AS items
     FROM meeting_minutes m WHERE m.meeting_id = $1`,
    [meetingId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    meetingId: row.meeting_id,
    status: row.status,
    version: row.version,
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
    approvedAt: row.approved_at ? new Date(row.approved_at) : null,
    items: row.items.map((item) => ({
      number: item.number,
      agendaItemId: item.agenda_item_id,
      title: item.title,
      markers: item.markers,
      decision: item.decision,
      decisionSource: item.decision_source,
    })),
  };
}

/** Starts the minutes from the published agenda's items; false when another press started them first. */
export async function createMinutes(q: Queryable, meetingId: number, items: MinutesItem[], at: Date): Promise<boolean> {
  const made = await q.query(
    'INSERT INTO meeting_minutes (meeting_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING meeting_id',
    [meetingId, at],
  );
  if (!made.rows.length) return false;
  for (const [position, item] of items.entries())
    await q.query(
      `INSERT INTO minutes_items (meeting_id, number, position, agenda_item_id, title, markers, decision, decision_source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        meetingId,
        item.number,
        position,
        item.agendaItemId,
        item.title,
        item.markers,
        item.decision,
        item.decisionSource,
      ],
    );
  return true;
}

/** Takes the next version when the minutes are still at `version` (a stale card changes nothing). */
export async function bumpMinutes(
  q: Queryable,
  meetingId: number,
  version: number,
  change: { status?: MinutesStatus; by?: number; at?: Date } = {},
): Promise<boolean> {
  const result = await q.query(
    `UPDATE meeting_minutes SET version = version + 1, status = COALESCE($3, status),
       sent_at = CASE WHEN $3 = 'sendt' THEN $5 ELSE sent_at END, sent_by = CASE WHEN $3 = 'sendt' THEN $4 ELSE sent_by END,
       approved_at = CASE WHEN $3 = 'godkendt' THEN $5 ELSE approved_at END,
       approved_by = CASE WHEN $3 = 'godkendt' THEN $4 ELSE approved_by END
     WHERE meeting_id = $1 AND version = $2 RETURNING meeting_id`,
    [meetingId, version, change.status ?? null, change.by ?? null, change.at ?? null],
  );
  return result.rows.length > 0;
}

export async function setDecision(
  q: Queryable,
  meetingId: number,
  number: string,
  decision: string,
  source: DecisionSource,
): Promise<void> {
  await q.query('UPDATE minutes_items SET decision = $3, decision_source = $4 WHERE meeting_id = $1 AND number = $2', [
    meetingId,
    number,
    decision,
    source,
  ]);
}

export type FollowUpStatus = 'aaben' | 'lukket';

export interface FollowUp {
  id: number;
  meetingId: number;
  meetingStartsAt: Date;
  itemNumber: string | null;
  text: string;
  ownerPersonId: number | null;
  ownerName: string | null;
  dueOn: string;
  status: FollowUpStatus;
  version: number;
}

interface FollowUpRow {
  id: number;
  meeting_id: number;
  starts_at: Date;
  item_number: string | null;
  text: string;
  owner_person_id: number | null;
  owner_name: string | null;
  due_on: string;
  status: FollowUpStatus;
  version: number;
}

const FOLLOW_UP_SELECT = `SELECT f.id, f.meeting_id, m.starts_at, f.item_number, f.text, f.owner_person_id, p.name AS owner_name,
    to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.status, f.version
  FROM follow_ups f JOIN meetings m ON m.id = f.meeting_id
  LEFT JOIN people p ON p.id = f.owner_person_id AND p.forgotten_at IS NULL`;

const toFollowUp = (row: FollowUpRow): FollowUp => ({
  id: row.id,
  meetingId: row.meeting_id,
  meetingStartsAt: new Date(row.starts_at),
  itemNumber: row.item_number,
  text: row.text,
  ownerPersonId: row.owner_person_id,
  ownerName: row.owner_name,
  dueOn: row.due_on,
  status: row.status,
  version: row.version,
});

export async function insertFollowUp(
  q: Queryable,
  input: { meetingId: number; itemNumber: string | null; text: string; ownerPersonId: number; dueOn: string },
  by: number,
  at: Date,
): Promise<number> {
  const result = await q.query<{ id: number }>(
    `INSERT INTO follow_ups (meeting_id, item_number, text, owner_person_id, due_on, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [input.meetingId, input.itemNumber, input.text, input.ownerPersonId, input.dueOn, by, at],
  );
  return result.rows[0].id;
}

/**
 * A follow-up point the person may act on: any for the secretariat, else only their own. Who may see it is part of
 * the lookup, so a forged id gets the same answer whether it exists or not.
 */
export async function findFollowUpFor(
  q: Queryable,
  id: number,
  actor: { id: number; secretariat: boolean },
): Promise<FollowUp | null> {
  const result = await q.query<FollowUpRow>(`${FOLLOW_UP_SELECT} WHERE f.id = $1 AND ($2 OR f.owner_person_id = $3)`, [
    id,
    actor.secretariat,
    actor.id,
  ]);
  return result.rows[0] ? toFollowUp(result.rows[0]) : null;
}

export async function followUpsOfMeeting(q: Queryable, meetingId: number): Promise<FollowUp[]> {
  const result = await q.query<FollowUpRow>(`${FOLLOW_UP_SELECT} WHERE f.meeting_id = $1 ORDER BY f.id`, [meetingId]);
  return result.rows.map(toFollowUp);
}

/** Every open point, soonest due first (the next agenda lists them until they are closed). */
export async function openFollowUps(q: Queryable): Promise<FollowUp[]> {
  const result = await q.query<FollowUpRow>(`${FOLLOW_UP_SELECT} WHERE f.status = 'aaben' ORDER BY f.due_on, f.id`);
  return result.rows.map(toFollowUp);
}

/** Closes the point when it is still open at `version`; null otherwise (closed by someone else first). */
export async function closeFollowUp(q: Queryable, id: number, version: number, by: number, at: Date): Promise<boolean> {
  const result = await q.query(
    `UPDATE follow_ups SET status = 'lukket', closed_by = $3, closed_at = $4, version = version + 1
     WHERE id = $1 AND version = $2 AND status = 'aaben' RETURNING id`,
    [id, version, by, at],
  );
  return result.rows.length > 0;
}

/** Serialises changes to one meeting's minutes (two secretaries saving at once see each other's version). */
export async function lockMinutes(q: Queryable, meetingId: number): Promise<void> {
  await q.query('SELECT 1 FROM meeting_minutes WHERE meeting_id = $1 FOR UPDATE', [meetingId]);
}
