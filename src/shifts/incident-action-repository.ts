/**
 * The card actions on an incident (Kvitter, Agent på vej, Afløser fundet, the agent's "Jeg er på vej"), each one
 * statement (issue 22): who may act is checked in the same statement that changes the incident and writes its history,
 * so a person without access gets the same answer whether the incident exists or not, and two presses at the same
 * moment change it once (the second finds it changed: PostgreSQL re-checks the WHERE on the row it waited for).
 */
import type { Queryable } from '../db/database.js';

/** Who acts, as the statement checks it. */
export type IncidentAccess =
  /** The secretariat, the municipality's contact persons, or someone the incident alerted. */
  | { kind: 'responder'; personId: number; secretariat: boolean; municipalities: number[] }
  /** Only the agent of the incident's shift. */
  | { kind: 'agent'; personId: number };

export type IncidentAction =
  | { kind: 'acknowledge'; note: string | null }
  /** `historyKind` 'eta' (a responder) or 'agent-eta' (the agent's own answer); `note` is the time as shown. */
  | { kind: 'eta'; eta: Date; note: string; historyKind: 'eta' | 'agent-eta' }
  | { kind: 'resolve'; note: string };

export interface ActionResult {
  /** The incident exists and the actor may act on it. */
  allowed: boolean;
  /** Something changed (false for a repeat, or an incident that moved on). */
  changed: boolean;
}

/** Builds the statement for one action; parameters are numbered as they are added, so none goes unused. */
function statementFor(incidentId: number, access: IncidentAccess, action: IncidentAction, now: Date) {
  const params: unknown[] = [];
  const p = (value: unknown, cast = '') => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const id = p(incidentId, '::int');
  const person = p(access.personId, '::int');
  const at = p(now, '::timestamptz');
  const allowed =
    access.kind === 'agent'
      ? `EXISTS (SELECT 1 FROM shifts s WHERE s.id = i.shift_id AND s.agent_person_id = ${person})`
      : `(${p(access.secretariat, '::boolean')} OR i.municipality_code = ANY(${p(access.municipalities, '::int[]')})
          OR EXISTS (SELECT 1 FROM noshow_alerts a WHERE a.incident_id = i.id AND a.person_id = ${person}))`;
  let change: string;
  let log: string;
  if (action.kind === 'acknowledge') {
    change = `UPDATE noshow_incidents SET status = 'acknowledged', acknowledged_by = ${person}, acknowledged_at = ${at}
      WHERE id IN (SELECT id FROM allowed) AND status = 'open' RETURNING id`;
    log = `SELECT id, 'acknowledged', ${person}, ${at}, ${p(action.note, '::text')} FROM changed`;
  } else if (action.kind === 'eta') {
    const eta = p(action.eta, '::timestamptz');
    change = `UPDATE noshow_incidents i SET
        status = CASE WHEN i.status = 'open' THEN 'acknowledged' ELSE i.status END,
        acknowledged_by = CASE WHEN i.status = 'open' THEN ${person} ELSE i.acknowledged_by END,
        acknowledged_at = CASE WHEN i.status = 'open' THEN ${at} ELSE i.acknowledged_at END,
        eta = ${eta}
      WHERE i.id IN (SELECT id FROM allowed) AND i.status <> 'resolved' AND i.eta IS DISTINCT FROM ${eta}
      RETURNING i.id, (i.acknowledged_by = ${person} AND i.acknowledged_at = ${at}) AS acknowledged_now`;
    // The acknowledgement first, then the time: history is read in insertion order.
    log = `SELECT c.id, v.kind, ${person}, ${at}, v.note FROM changed c
      CROSS JOIN (VALUES (1, 'acknowledged', NULL::text), (2, ${p(action.historyKind, '::text')}, ${p(action.note, '::text')})) AS v(n, kind, note)
      WHERE v.n = 2 OR c.acknowledged_now ORDER BY v.n`;
  } else {
    const note = p(action.note, '::text');
    change = `UPDATE noshow_incidents SET status = 'resolved', resolved_at = ${at}, resolution = 'replacement',
        resolved_by = ${person}, resolution_note = ${note}
      WHERE id IN (SELECT id FROM allowed) AND status <> 'resolved' RETURNING id`;
    log = `SELECT id, 'resolved', ${person}, ${at}, ${note} FROM changed`;
  }
  const sql = `WITH allowed AS (SELECT i.id FROM noshow_incidents i WHERE i.id = ${id} AND ${allowed}),
    changed AS (${change}),
    logged AS (INSERT INTO noshow_events (incident_id, kind, person_id, at, note) ${log} RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM allowed) AS allowed, EXISTS (SELECT 1 FROM changed) AS changed`;
  return { sql, params };
}

/** Acts on an incident in one statement; see the file's header for who may. */
export async function actOnIncident(
  db: Queryable,
  incidentId: number,
  access: IncidentAccess,
  action: IncidentAction,
  now: Date,
): Promise<ActionResult> {
  const { sql, params } = statementFor(incidentId, access, action, now);
  const result = await db.query<{ allowed: boolean; changed: boolean }>(sql, params);
  return { allowed: result.rows[0].allowed, changed: result.rows[0].changed };
}
