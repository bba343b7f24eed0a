/** SQL for no-show incidents, their alerts and their history. */
import type { Queryable } from '../db/database.js';
import type { Incident, IncidentStatus, Resolution } from './shifts-domain.js';

/** An incident's row; the alert card's view (noshow-view-repository.ts) reads it with more beside it. */
export interface IncidentRow {
  id: number;
  shift_id: number | null;
  municipality_code: number;
  shift_starts_at: Date;
  shift_ends_at: Date | null;
  source: 'detected' | 'manual';
  status: IncidentStatus;
  step: number;
  opened_at: Date;
  reported_by: number | null;
  report_note: string | null;
  acknowledged_by: number | null;
  acknowledged_at: Date | null;
  eta: Date | null;
  resolved_at: Date | null;
  resolution: Resolution | null;
  resolved_by: number | null;
  resolution_note: string | null;
  login_at: Date | null;
}

export const INCIDENT_COLUMNS =
  'id, shift_id, municipality_code, shift_starts_at, shift_ends_at, source, status, step, opened_at, reported_by, report_note, ' +
  'acknowledged_by, acknowledged_at, eta, resolved_at, resolution, resolved_by, resolution_note, login_at';
/** The same columns as `i.…`, for queries that join shifts or people beside the incident. */
export const INCIDENT_COLUMNS_OF_I = INCIDENT_COLUMNS.split(', ')
  .map((column) => `i.${column}`)
  .join(', ');

const dateOrNull = (value: Date | null) => (value ? new Date(value) : null);

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    shiftId: row.shift_id,
    municipalityCode: row.municipality_code,
    shiftStartsAt: new Date(row.shift_starts_at),
    shiftEndsAt: dateOrNull(row.shift_ends_at),
    source: row.source,
    status: row.status,
    step: row.step,
    openedAt: new Date(row.opened_at),
    reportedBy: row.reported_by,
    reportNote: row.report_note,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: dateOrNull(row.acknowledged_at),
    eta: dateOrNull(row.eta),
    resolvedAt: dateOrNull(row.resolved_at),
    resolution: row.resolution,
    resolvedBy: row.resolved_by,
    resolutionNote: row.resolution_note,
    loginAt: dateOrNull(row.login_at),
  };
}

export interface NewIncident {
  shiftId: number | null;
  municipalityCode: number;
  shiftStartsAt: Date;
  shiftEndsAt: Date | null;
  source: 'detected' | 'manual';
  openedAt: Date;
  reportedBy: number | null;
  reportNote: string | null;
}

/** Opens an incident; null when the shift already has one (a second check or report of the same shift). */
export async function insertIncident(db: Queryable, incident: NewIncident): Promise<Incident | null> {
  const result = await db.query<IncidentRow>(
    `INSERT INTO noshow_incidents (shift_id, municipality_code, shift_starts_at, shift_ends_at, source, opened_at, reported_by, report_note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (shift_id) DO NOTHING RETURNING ${INCIDENT_COLUMNS}`,
    [
      incident.shiftId,
      incident.municipalityCode,
      incident.shiftStartsAt,
      incident.shiftEndsAt,
      incident.source,
      incident.openedAt,
      incident.reportedBy,
      incident.reportNote,
    ],
  );
  return result.rows[0] ? toIncident(result.rows[0]) : null;
}

export async function findIncident(db: Queryable, id: number, lock = false): Promise<Incident | null> {
  const result = await db.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM noshow_incidents WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return result.rows[0] ? toIncident(result.rows[0]) : null;
}

export async function incidentOfShift(db: Queryable, shiftId: number): Promise<Incident | null> {
  const result = await db.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM noshow_incidents WHERE shift_id = $1`, [
    shiftId,
  ]);
  return result.rows[0] ? toIncident(result.rows[0]) : null;
}

export async function shiftIdsWithIncident(db: Queryable, shiftIds: number[]): Promise<Set<number>> {
  if (shiftIds.length === 0) return new Set();
  const result = await db.query<{ shift_id: number }>(
    'SELECT shift_id FROM noshow_incidents WHERE shift_id = ANY($1::int[])',
    [shiftIds],
  );
  return new Set(result.rows.map((x) => x.shift_id));
}

/** Unresolved incidents of shifts held by an agent, for auto-resolve on login. */
export async function unresolvedIncidentsOfAgent(
  db: Queryable,
  keys: { emails: string[]; ids: string[]; personIds: number[] },
): Promise<Incident[]> {
  const result = await db.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS_OF_I} FROM noshow_incidents i JOIN shifts s ON s.id = i.shift_id
     WHERE i.status <> 'resolved'
       AND (s.agent_email = ANY($1::text[]) OR s.agent_id = ANY($2::text[]) OR s.agent_person_id = ANY($3::int[]))
     ORDER BY i.id`,
    [keys.emails, keys.ids, keys.personIds],
  );
  return result.rows.map(toIncident);
}

/** A manual report without a roster shift, repeated (a Teams retry): the same municipality and start. */
export async function unresolvedManualIncident(
  db: Queryable,
  municipalityCode: number,
  shiftStartsAt: Date,
): Promise<Incident | null> {
  const result = await db.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM noshow_incidents
     WHERE shift_id IS NULL AND source = 'manual' AND status <> 'resolved' AND municipality_code = $1 AND shift_starts_at = $2
     ORDER BY id LIMIT 1`,
    [municipalityCode, shiftStartsAt],
  );
  return result.rows[0] ? toIncident(result.rows[0]) : null;
}

/** Moves an open incident to a higher step; false when it is no longer open or already there (a repeat run). */
export async function advanceStep(db: Queryable, id: number, step: number): Promise<boolean> {
  const result = await db.query(
    `UPDATE noshow_incidents SET step = $2 WHERE id = $1 AND status = 'open' AND step < $2`,
    [id, step],
  );
  return result.rowCount > 0;
}

export async function markAcknowledged(
  db: Queryable,
  id: number,
  personId: number,
  at: Date,
  eta: Date | null,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE noshow_incidents SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, eta = COALESCE($4, eta)
     WHERE id = $1 AND status = 'open'`,
    [id, personId, at, eta],
  );
  return result.rowCount > 0;
}

export async function setEta(db: Queryable, id: number, eta: Date): Promise<void> {
  await db.query(`UPDATE noshow_incidents SET eta = $2 WHERE id = $1 AND status <> 'resolved'`, [id, eta]);
}

export async function markResolved(
  db: Queryable,
  id: number,
  resolved: { at: Date; resolution: Resolution; by: number | null; note: string | null; loginAt: Date | null },
): Promise<boolean> {
  const result = await db.query(
    `UPDATE noshow_incidents SET status = 'resolved', resolved_at = $2, resolution = $3, resolved_by = $4, resolution_note = $5, login_at = $6
     WHERE id = $1 AND status <> 'resolved'`,
    [id, resolved.at, resolved.resolution, resolved.by, resolved.note, resolved.loginAt],
  );
  return result.rowCount > 0;
}

export async function addIncidentEvent(
  db: Queryable,
  event: { incidentId: number; kind: string; personId: number | null; at: Date; note?: string | null },
): Promise<void> {
  await db.query('INSERT INTO noshow_events (incident_id, kind, person_id, at, note) VALUES ($1, $2, $3, $4, $5)', [
    event.incidentId,
    event.kind,
    event.personId,
    event.at,
    event.note ?? null,
  ]);
}

export interface IncidentEvent {
  kind: string;
  personName: string | null;
  at: Date;
  note: string | null;
}

export async function incidentEvents(db: Queryable, incidentId: number): Promise<IncidentEvent[]> {
  const result = await db.query<{ kind: string; name: string | null; at: Date; note: string | null }>(
    `SELECT e.kind, p.name, e.at, e.note FROM noshow_events e LEFT JOIN people p ON p.id = e.person_id AND p.forgotten_at IS NULL
     WHERE e.incident_id = $1 ORDER BY e.id`,
    [incidentId],
  );
  return result.rows.map((e) => ({ kind: e.kind, personName: e.name, at: new Date(e.at), note: e.note }));
}

/** Incidents opened in [from, to), for the monthly history. */
export async function incidentsOpenedBetween(db: Queryable, from: Date, to: Date): Promise<Incident[]> {
  const result = await db.query<IncidentRow>(
    `SELECT ${INCIDENT_COLUMNS} FROM noshow_incidents WHERE opened_at >= $1 AND opened_at < $2 ORDER BY municipality_code, opened_at, id`,
    [from, to],
  );
  return result.rows.map(toIncident);
}
