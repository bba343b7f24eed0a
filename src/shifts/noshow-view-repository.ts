/**
 * What an alert card shows, read in one statement per card (issue 22): the incident, the agent's name or roster id,
 * the agent's latest Viva Engage post and the history with names. Also the work queue's list of open incidents.
 */
import type { Queryable } from '../db/database.js';
import type { Incident } from './shifts-domain.js';
import {
  INCIDENT_COLUMNS_OF_I,
  toIncident,
  type IncidentEvent,
  type IncidentRow,
} from './shifts-incident-repository.js';

interface ViewRow extends IncidentRow {
  agent_name: string | null;
  agent_email: string | null;
  agent_id: string | null;
  agent_person_id: number | null;
  notice: { posted_at: string; text: string } | null;
  events: { kind: string; name: string | null; at: string; note: string | null }[];
}

export interface IncidentViewData {
  incident: Incident;
  /** null when the incident has no roster shift (reported by hand). */
  agent: { name: string | null; email: string | null; id: string | null; personId: number | null } | null;
  notice: { postedAt: Date; text: string } | null;
  events: IncidentEvent[];
}

const VIEW_SQL = `SELECT ${INCIDENT_COLUMNS_OF_I}, ap.name AS agent_name, s.agent_email, s.agent_id, s.agent_person_id,
    (SELECT json_build_object('posted_at', n.posted_at, 'text', n.text) FROM shift_delay_notices n
      WHERE n.shift_id = i.shift_id ORDER BY n.posted_at DESC LIMIT 1) AS notice,
    COALESCE((SELECT json_agg(json_build_object('kind', e.kind, 'name', p.name, 'at', e.at, 'note', e.note) ORDER BY e.id)
      FROM noshow_events e LEFT JOIN people p ON p.id = e.person_id AND p.forgotten_at IS NULL
      WHERE e.incident_id = i.id), '[]'::json) AS events
  FROM noshow_incidents i
  LEFT JOIN shifts s ON s.id = i.shift_id
  LEFT JOIN people ap ON ap.id = s.agent_person_id AND ap.forgotten_at IS NULL`;

function toViewData(row: ViewRow): IncidentViewData {
  return {
    incident: toIncident(row),
    agent:
      row.shift_id === null
        ? null
        : { name: row.agent_name, email: row.agent_email, id: row.agent_id, personId: row.agent_person_id },
    notice: row.notice ? { postedAt: new Date(row.notice.posted_at), text: row.notice.text } : null,
    events: row.events.map((e) => ({ kind: e.kind, personName: e.name, at: new Date(e.at), note: e.note })),
  };
}

/** One incident with everything its card shows; null when unknown. */
export async function incidentViewData(db: Queryable, incidentId: number): Promise<IncidentViewData | null> {
  const result = await db.query<ViewRow>(`${VIEW_SQL} WHERE i.id = $1`, [incidentId]);
  return result.rows[0] ? toViewData(result.rows[0]) : null;
}

/**
 * The open (unresolved) incidents of some municipalities, or of all when `municipalities` is null, oldest first,
 * with what their cards show. At most `limit`.
 */
export async function openIncidentViews(
  db: Queryable,
  municipalities: number[] | null,
  limit: number,
): Promise<IncidentViewData[]> {
  const result = await db.query<ViewRow>(
    `${VIEW_SQL} WHERE i.status <> 'resolved' AND ($1::int[] IS NULL OR i.municipality_code = ANY($1::int[]))
     ORDER BY i.opened_at, i.id LIMIT $2`,
    [municipalities, limit],
  );
  return result.rows.map(toViewData);
}
