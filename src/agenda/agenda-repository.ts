/** Agenda SQL: items, drafts and publications; rows map to AgendaItem in one place. */
import type { Queryable } from '../db/database.js';
import type { Meeting } from '../registry/registry-types.js';
import { toMeeting, type MeetingRow } from '../registry/meeting-repository.js';
import type { ItemInput, ItemStatus, Marker, SubItem } from './agenda-domain.js';

export interface AgendaItem {
  id: number;
  meetingId: number;
  submitterPersonId: number | null;
  title: string;
  markers: Marker[];
  presenter: string;
  introduction: string;
  recommendation: string;
  attachments: { name: string; url: string }[];
  subItems: SubItem[];
  status: ItemStatus;
  late: boolean;
  reason: string | null;
  position: number | null;
  version: number;
  submittedAt: Date;
}

interface Row {
  id: number;
  meeting_id: number;
  submitter_person_id: number | null;
  title: string;
  markers: Marker[];
  presenter: string;
  introduction: string;
  recommendation: string;
  attachments: { name: string; url: string }[];
  // Sub-items stored before they had their own text have none.
  sub_items: (Omit<SubItem, 'text'> & { text?: string })[];
  status: ItemStatus;
  late: boolean;
  reason: string | null;
  position: number | null;
  version: number;
  submitted_at: Date | string;
}

const COLUMNS =
  'id, meeting_id, submitter_person_id, title, markers, presenter, introduction, recommendation, attachments, sub_items, status, late, reason, position, version, submitted_at';
const COLUMNS_OF_I = COLUMNS.split(', ')
  .map((column) => `i.${column}`)
  .join(', ');

const toItem = (row: Row): AgendaItem => ({
  id: row.id,
  meetingId: row.meeting_id,
  submitterPersonId: row.submitter_person_id,
  title: row.title,
  markers: row.markers,
  presenter: row.presenter,
  introduction: row.introduction,
  recommendation: row.recommendation,
  attachments: row.attachments,
  subItems: row.sub_items.map((sub) => ({ title: sub.title, markers: sub.markers, text: sub.text ?? '' })),
  status: row.status,
  late: row.late,
  reason: row.reason,
  position: row.position,
  version: row.version,
  submittedAt: new Date(row.submitted_at),
});

const contentParams = (input: ItemInput) => [
  input.title,
  input.markers,
  input.presenter,
  input.introduction,
  input.recommendation,
  JSON.stringify(input.attachments),
  JSON.stringify(input.subItems),
];

/** An item the bot proposes itself (no submitter: nobody gets a receipt or may edit it). */
export async function insertItem(
  q: Queryable,
  input: ItemInput,
  submitterId: number | null,
  late: boolean,
  at: Date,
): Promise<AgendaItem> {
  const result = await q.query<Row>(
    `INSERT INTO agenda_items (meeting_id, submitter_person_id, title, markers, presenter, introduction, recommendation, attachments, sub_items, late, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [input.meetingId, submitterId, ...contentParams(input), late, at],
  );
  return toItem(result.rows[0]);
}

/**
 * A person's item, written together with their draft's new state in one statement: the draft becomes the note
 * "submitted as item N", so a second "Send til næste møde" answers with that item instead of an empty form.
 * From 'card' the fields came with the press; from 'draft' they are the person's kept draft, which is claimed
 * (locked, and still unsubmitted) so two presses on two copies of the refusal make one item: the second gets null.
 */
export async function insertSubmittedItem(
  q: Queryable,
  input: ItemInput,
  submitterId: number,
  late: boolean,
  at: Date,
  from: 'card' | 'draft',
): Promise<AgendaItem | null> {
  const insert = `INSERT INTO agenda_items (meeting_id, submitter_person_id, title, markers, presenter, introduction, recommendation, attachments, sub_items, late, submitted_at)`;
  const values = '$1::int, $2::int, $3, $4::text[], $5, $6, $7, $8::jsonb, $9::jsonb, $10::boolean, $11::timestamptz';
  const sql =
    from === 'card'
      ? `WITH item AS (${insert} VALUES (${values}) RETURNING ${COLUMNS}),
         note AS (INSERT INTO agenda_drafts (person_id, data) SELECT $2, jsonb_build_object('submittedItemId', id) FROM item
                  ON CONFLICT (person_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now())
         SELECT ${COLUMNS} FROM item`
      : `WITH claim AS (SELECT person_id FROM agenda_drafts WHERE person_id = $2 AND NOT (data ? 'submittedItemId') FOR UPDATE),
         item AS (${insert} SELECT ${values} FROM claim RETURNING ${COLUMNS}),
         note AS (UPDATE agenda_drafts d SET data = jsonb_build_object('submittedItemId', item.id), updated_at = now()
                  FROM item WHERE d.person_id = $2)
         SELECT ${COLUMNS} FROM item`;
  const result = await q.query<Row>(sql, [input.meetingId, submitterId, ...contentParams(input), late, at]);
  return result.rows[0] ? toItem(result.rows[0]) : null;
}

/** Optimistic update: only applies when the item is still at `version` (a stale card changes nothing). */
export async function updateItemContent(
  q: Queryable,
  id: number,
  version: number,
  input: ItemInput,
): Promise<AgendaItem | null> {
  const result = await q.query<Row>(
    `UPDATE agenda_items SET title = $3, markers = $4, presenter = $5, introduction = $6, recommendation = $7, attachments = $8, sub_items = $9,
       version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2 AND status = 'indsendt' RETURNING ${COLUMNS}`,
    [id, version, ...contentParams(input)],
  );
  return result.rows[0] ? toItem(result.rows[0]) : null;
}

export async function setStatus(
  q: Queryable,
  id: number,
  version: number,
  status: ItemStatus,
  fields: { reason?: string | null; meetingId?: number; late?: boolean } = {},
): Promise<AgendaItem | null> {
  const result = await q.query<Row>(
    `UPDATE agenda_items SET status = $3, reason = $4, meeting_id = COALESCE($5, meeting_id), late = COALESCE($6, late), version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
    [id, version, status, fields.reason ?? null, fields.meetingId ?? null, fields.late ?? null],
  );
  return result.rows[0] ? toItem(result.rows[0]) : null;
}

/** The sub-items in a new order (or with new content), when the item is still at `version`. */
export async function setSubItems(
  q: Queryable,
  id: number,
  version: number,
  subItems: SubItem[],
): Promise<AgendaItem | null> {
  const result = await q.query<Row>(
    `UPDATE agenda_items SET sub_items = $3, version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
    [id, version, JSON.stringify(subItems)],
  );
  return result.rows[0] ? toItem(result.rows[0]) : null;
}

export async function findItem(q: Queryable, id: number): Promise<AgendaItem | null> {
  const result = await q.query<Row>(`SELECT ${COLUMNS} FROM agenda_items WHERE id = $1`, [id]);
  return result.rows[0] ? toItem(result.rows[0]) : null;
}

/** An item with what its cards show besides the item: its meeting and its submitter's name. */
export interface ItemWithContext {
  item: AgendaItem;
  meeting: Meeting;
  /** Null for an item the bot proposed, or a person no longer in the registry. */
  submitterName: string | null;
}

const CONTEXT_SELECT = `SELECT ${COLUMNS_OF_I}, row_to_json(m) AS meeting, p.name AS submitter_name
  FROM agenda_items i
  JOIN meetings m ON m.id = i.meeting_id
  LEFT JOIN people p ON p.id = i.submitter_person_id AND p.forgotten_at IS NULL`;
type ContextRow = Row & { meeting: MeetingRow; submitter_name: string | null };
const toContext = (row: ContextRow): ItemWithContext => ({
  item: toItem(row),
  meeting: toMeeting(row.meeting),
  submitterName: row.submitter_name,
});

/** One item for its card, in one read. */
export async function findItemWithContext(q: Queryable, id: number): Promise<ItemWithContext | null> {
  const result = await q.query<ContextRow>(`${CONTEXT_SELECT} WHERE i.id = $1`, [id]);
  return result.rows[0] ? toContext(result.rows[0]) : null;
}

/** Items of the given statuses on planned meetings starting after `from`, by meeting and agenda order, in one read. */
export async function upcomingItemsWithContext(
  q: Queryable,
  from: Date,
  statuses: ItemStatus[],
): Promise<ItemWithContext[]> {
  const result = await q.query<ContextRow>(
    `${CONTEXT_SELECT}
     WHERE m.starts_at > $1 AND m.status = 'planlagt' AND i.status = ANY($2::text[])
     ORDER BY m.starts_at, m.id, i.position NULLS LAST, i.submitted_at, i.id`,
    [from, statuses],
  );
  return result.rows.map(toContext);
}

/** A meeting's items with their context, in agenda order (for moving them all and updating every card). */
export async function itemsOfMeetingWithContext(q: Queryable, meetingId: number): Promise<ItemWithContext[]> {
  const result = await q.query<ContextRow>(
    `${CONTEXT_SELECT} WHERE i.meeting_id = $1 ORDER BY i.position NULLS LAST, i.submitted_at, i.id`,
    [meetingId],
  );
  return result.rows.map(toContext);
}

export async function itemsOfMeeting(
  q: Queryable,
  meetingId: number,
  statuses: ItemStatus[] = ['indsendt', 'godkendt'],
): Promise<AgendaItem[]> {
  const result = await q.query<Row>(
    `SELECT ${COLUMNS} FROM agenda_items WHERE meeting_id = $1 AND status = ANY($2::text[]) ORDER BY position NULLS LAST, submitted_at, id`,
    [meetingId, statuses],
  );
  return result.rows.map(toItem);
}

/** Per meeting: how many items are accepted and how many wait for review (meetings without items are absent). */
export async function reviewCountsOfMeetings(
  q: Queryable,
  meetingIds: number[],
): Promise<Map<number, { accepted: number; waiting: number }>> {
  const result = await q.query<{ meeting_id: number; accepted: number; waiting: number }>(
    `SELECT meeting_id, count(*) FILTER (WHERE status = 'godkendt')::int AS accepted,
            count(*) FILTER (WHERE status = 'indsendt')::int AS waiting
     FROM agenda_items WHERE meeting_id = ANY($1::int[]) GROUP BY meeting_id`,
    [meetingIds],
  );
  return new Map(result.rows.map((row) => [row.meeting_id, { accepted: row.accepted, waiting: row.waiting }]));
}

/** The agenda order of a meeting's items: position 1, 2, ... in the order given, in one statement. */
export async function setPositions(q: Queryable, meetingId: number, orderedIds: number[]): Promise<void> {
  await q.query(
    `UPDATE agenda_items i SET position = o.position, updated_at = now()
     FROM unnest($2::int[]) WITH ORDINALITY AS o(id, position)
     WHERE i.id = o.id AND i.meeting_id = $1`,
    [meetingId, orderedIds],
  );
}

/**
 * Every item of one meeting onto another, each keeping its state, lateness and order (a moved meeting); each
 * item's version moves on, so a card from before the move changes nothing. Returns the moved items' ids.
 */
export async function moveItemsOfMeeting(q: Queryable, fromMeetingId: number, toMeetingId: number): Promise<number[]> {
  const result = await q.query<{ id: number }>(
    'UPDATE agenda_items SET meeting_id = $2, version = version + 1, updated_at = now() WHERE meeting_id = $1 RETURNING id',
    [fromMeetingId, toMeetingId],
  );
  return result.rows.map((row) => row.id);
}

// The CLI's `report agenda` reads publications from here.
export { latestPublication } from './agenda-publication-repository.js';
