/** Agenda SQL: items, drafts and publications; rows map to AgendaItem in one place. */
import type { Queryable } from '../db/database.js';
import type { ItemInput, ItemStatus, Marker } from './agenda-domain.js';

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
  subItems: { title: string; markers: Marker[] }[];
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
  sub_items: { title: string; markers: Marker[] }[];
  status: ItemStatus;
  late: boolean;
  reason: string | null;
  position: number | null;
  version: number;
  submitted_at: Date;
}

const COLUMNS =
  'id, meeting_id, submitter_person_id, title, markers, presenter, introduction, recommendation, attachments, sub_items, status, late, reason, position, version, submitted_at';

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
  subItems: row.sub_items,
  status: row.status,
  late: row.late,
  reason: row.reason,
  position: row.position,
  version: row.version,
  submittedAt: new Date(row.submitted_at),
});

export async function insertItem(
  q: Queryable,
  input: ItemInput,
  /** Null for an item the bot proposes itself: nobody gets a receipt or may edit it. */
  submitterId: number | null,
  late: boolean,
  at: Date,
): Promise<AgendaItem> {
  const result = await q.query<Row>(
    `INSERT INTO agenda_items (meeting_id, submitter_person_id, title, markers, presenter, introduction, recommendation, attachments, sub_items, late, submitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [
      input.meetingId,
      submitterId,
      input.title,
      input.markers,
      input.presenter,
      input.introduction,
      input.recommendation,
      JSON.stringify(input.attachments),
      JSON.stringify(input.subItems),
      late,
      at,
    ],
  );
  return toItem(result.rows[0]);
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
    [
      id,
      version,
      input.title,
      input.markers,
      input.presenter,
      input.introduction,
      input.recommendation,
      JSON.stringify(input.attachments),
      JSON.stringify(input.subItems),
    ],
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

export async function findItem(q: Queryable, id: number): Promise<AgendaItem | null> {
  const result = await q.query<Row>(`SELECT ${COLUMNS} FROM agenda_items WHERE id = $1`, [id]);
  return result.rows[0] ? toItem(result.rows[0]) : null;
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

export async function setPositions(q: Queryable, meetingId: number, orderedIds: number[]): Promise<void> {
  for (const [index, id] of orderedIds.entries()) {
    await q.query('UPDATE agenda_items SET position = $3 WHERE id = $1 AND meeting_id = $2', [
      id,
      meetingId,
      index + 1,
    ]);
  }
}

export async function saveDraft(q: Queryable, personId: number, data: Record<string, unknown>): Promise<void> {
  await q.query(
    `INSERT INTO agenda_drafts (person_id, data) VALUES ($1, $2) ON CONFLICT (person_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
    [personId, JSON.stringify(data)],
  );
}

export async function loadDraft(q: Queryable, personId: number): Promise<Record<string, unknown> | null> {
  const result = await q.query<{ data: Record<string, unknown> }>(
    'SELECT data FROM agenda_drafts WHERE person_id = $1',
    [personId],
  );
  return result.rows[0]?.data ?? null;
}

export async function deleteDraft(q: Queryable, personId: number): Promise<void> {
  await q.query('DELETE FROM agenda_drafts WHERE person_id = $1', [personId]);
}

export interface Publication {
  meetingId: number;
  version: number;
  publishedAt: Date;
  items: PublishedItem[];
  markdown: string;
}

export interface PublishedItem {
  number: string;
  itemId: number | null;
  title: string;
  markers: Marker[];
  presenter: string;
  attachments: { name: string; url: string }[];
  introduction: string;
  recommendation: string;
  subItems: { letter: string; title: string; markers: Marker[] }[];
}

export async function insertPublication(
  q: Queryable,
  publication: Omit<Publication, 'version'>,
  personId: number,
): Promise<Publication> {
  const result = await q.query<{ version: number }>(
    `INSERT INTO agenda_publications (meeting_id, version, published_at, published_by, items, markdown)
     VALUES ($1, COALESCE((SELECT max(version) FROM agenda_publications WHERE meeting_id = $1), 0) + 1, $2, $3, $4, $5) RETURNING version`,
    [publication.meetingId, publication.publishedAt, personId, JSON.stringify(publication.items), publication.markdown],
  );
  return { ...publication, version: result.rows[0].version };
}

export async function latestPublication(q: Queryable, meetingId: number): Promise<Publication | null> {
  const result = await q.query<{
    meeting_id: number;
    version: number;
    published_at: Date;
    items: PublishedItem[];
    markdown: string;
  }>(
    'SELECT meeting_id, version, published_at, items, markdown FROM agenda_publications WHERE meeting_id = $1 ORDER BY version DESC LIMIT 1',
    [meetingId],
  );
  const row = result.rows[0];
  return row
    ? {
        meetingId: row.meeting_id,
        version: row.version,
        publishedAt: new Date(row.published_at),
        items: row.items,
        markdown: row.markdown,
      }
    : null;
}
