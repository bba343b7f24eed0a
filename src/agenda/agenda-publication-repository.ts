/** Published agendas (numbered versions) and who is invited to the meeting they are for. */
import type { Queryable } from '../db/database.js';
import type { Marker } from './agenda-domain.js';

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
  subItems: { letter: string; title: string; markers: Marker[]; text?: string }[];
  /** Lists under the item in the document, e.g. "Der er afbud/ændringer fra:" or "Opfølgningspunkter:". */
  notes?: { heading: string; lines: string[] }[];
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

/**
 * Everyone invited to a steering-committee meeting, in one read: the active term's members (the chair marked) and
 * deputies, and the secretariat (with a municipality they hold a role in, if any). Forgotten people are left out.
 */
export async function committeeInvitees(
  q: Queryable,
): Promise<
  { name: string; municipalityCode: number | null; role: 'member' | 'deputy' | 'secretariat'; chair: boolean }[]
> {
  const result = await q.query<{
    name: string;
    municipality_code: number | null;
    role: 'member' | 'deputy' | 'secretariat';
    chair: boolean;
  }>(
    `WITH term AS (SELECT id, chair_person_id FROM committee_terms WHERE active)
     SELECT p.name, s.municipality_code, 'member' AS role, p.id = t.chair_person_id AS chair
       FROM term t JOIN committee_seats s ON s.term_id = t.id JOIN people p ON p.id = s.member_person_id
      WHERE p.forgotten_at IS NULL
     UNION ALL
     SELECT p.name, s.municipality_code, 'deputy', p.id = t.chair_person_id
       FROM term t JOIN committee_seats s ON s.term_id = t.id JOIN people p ON p.id = s.deputy_person_id
      WHERE p.forgotten_at IS NULL
     UNION ALL
     SELECT p.name, (SELECT min(r.municipality_code) FROM person_roles r WHERE r.person_id = p.id), 'member', true
       FROM term t JOIN people p ON p.id = t.chair_person_id
      WHERE p.forgotten_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM committee_seats s WHERE s.term_id = t.id AND p.id IN (s.member_person_id, s.deputy_person_id))
     UNION ALL
     SELECT p.name, (SELECT min(r.municipality_code) FROM person_roles r WHERE r.person_id = p.id), 'secretariat', false
       FROM secretariat_members m JOIN people p ON p.id = m.person_id
      WHERE p.forgotten_at IS NULL`,
  );
  return result.rows.map((row) => ({
    name: row.name,
    municipalityCode: row.municipality_code,
    role: row.role,
    chair: row.chair,
  }));
}
