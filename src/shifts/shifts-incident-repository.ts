/** SQL for no-show incidents, their alerts and their history. */
import type { Queryable } from '../db/database.js';
import type { Incident, IncidentStatus, Resolution } from './shifts-domain.js';

interface IncidentRow {
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

const COLUMNS =
  'id, shift_id, municipality_code, shift_starts_at, shift_ends_at, source, status, step, opened_at, reported_by, report_note, ' +
  'acknowledged_by, acknowledged_at, eta, resolved_at, resolution, resolved_by, resolution_note, login_at';

const date = (d: Date | null) => (d ? new Date(d) : null);

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    shiftId: r.shift_id,
    municipalityCode: r.municipality_code,
    shiftStartsAt: new Date(r.shift_starts_at),
    shiftEndsAt: date(r.shift_ends_at),
    source: r.source,
    status: r.status,
    step: r.step,
    openedAt: new Date(r.opened_at),
    reportedBy: r.reported_by,
    reportNote: r.report_note,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: date(r.acknowledged_at),
    eta: date(r.eta),
    resolvedAt: date(r.resolved_at),
    resolution: r.resolution,
    resolvedBy: r.resolved_by,
    resolutionNote: r.resolution_note,
    loginAt: date(r.login_at),
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
export async function insertIncident(q: Queryable, n: NewIncident): Promise<Incident | null> {
  const r = await q.query<IncidentRow>(
    `INSERT INTO noshow_incidents (shift_id, municipality_code, shift_starts_at, shift_ends_at, source, opened_at, reported_by, report_note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (shift_id) DO NOTHING RETURNING ${COLUMNS}`,
    [n.shiftId, n.municipalityCode, n.shiftStartsAt, n.shiftEndsAt, n.source, n.openedAt, n.reportedBy, n.reportNote],
  );
  return r.rows[0] ? toIncident(r.rows[0]) : null;
}

export async function findIncident(q: Queryable, id: number, lock = false): Promise<Incident | null> {
  const r = await q.query<IncidentRow>(
    `SELECT ${COLUMNS} FROM noshow_incidents WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0] ? toIncident(r.rows[0]) : null;
}

export async function incidentOfShift(q: Queryable, shiftId: number): Promise<Incident | null> {
  const r = await q.query<IncidentRow>(`SELECT ${COLUMNS} FROM noshow_incidents WHERE shift_id = $1`, [shiftId]);
  return r.rows[0] ? toIncident(r.rows[0]) : null;
}

export async function shiftIdsWithIncident(q: Queryable, shiftIds: number[]): Promise<Set<number>> {
  if (shiftIds.length === 0) return new Set();
  const r = await q.query<{ shift_id: number }>(
    'SELECT shift_id FROM noshow_incidents WHERE shift_id = ANY($1::int[])',
    [shiftIds],
  );
  return new Set(r.rows.map((x) => x.shift_id));
}

/** Unresolved incidents of shifts held by an agent, for auto-resolve on login. */
export async function unresolvedIncidentsOfAgent(
  q: Queryable,
  keys: { emails: string[]; ids: string[]; personIds: number[] },
): Promise<Incident[]> {
  const r = await q.query<IncidentRow>(
    `SELECT ${COLUMNS.split(', ')
      .map((c) => 'i.' + c)
      .join(', ')} FROM noshow_incidents i JOIN shifts s ON s.id = i.shift_id
     WHERE i.status <> 'resolved'
       AND (s.agent_email = ANY($1::text[]) OR s.agent_id = ANY($2::text[]) OR s.agent_person_id = ANY($3::int[]))
     ORDER BY i.id`,
    [keys.emails, keys.ids, keys.personIds],
  );
  return r.rows.map(toIncident);
}

/** A manual report without a roster shift, repeated (a Teams retry): the same municipality and start. */
export async function unresolvedManualIncident(
  q: Queryable,
  municipalityCode: number,
  shiftStartsAt: Date,
): Promise<Incident | null> {
  const r = await q.query<IncidentRow>(
    `SELECT ${COLUMNS} FROM noshow_incidents
     WHERE shift_id IS NULL AND source = 'manual' AND status <> 'resolved' AND municipality_code = $1 AND shift_starts_at = $2
     ORDER BY id LIMIT 1`,
    [municipalityCode, shiftStartsAt],
  );
  return r.rows[0] ? toIncident(r.rows[0]) : null;
}

/** Moves an open incident to a higher step; false when it is no longer open or already there (a repeat run). */
export async function advanceStep(q: Queryable, id: number, step: number): Promise<boolean> {
  const r = await q.query(`UPDATE noshow_incidents SET step = $2 WHERE id = $1 AND status = 'open' AND step < $2`, [
    id,
    step,
  ]);
  return r.rowCount > 0;
}

export async function markAcknowledged(
  q: Queryable,
  id: number,
  personId: number,
  at: Date,
  eta: Date | null,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE noshow_incidents SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, eta = COALESCE($4, eta)
     WHERE id = $1 AND status = 'open'`,
    [id, personId, at, eta],
  );
  return r.rowCount > 0;
}

export async function setEta(q: Queryable, id: number, eta: Date): Promise<void> {
  await q.query(`UPDATE noshow_incidents SET eta = $2 WHERE id = $1 AND status <> 'resolved'`, [id, eta]);
}

export async function markResolved(
  q: Queryable,
  id: number,
  r: { at: Date; resolution: Resolution; by: number | null; note: string | null; loginAt: Date | null },
): Promise<boolean> {
  const res = await q.query(
    `UPDATE noshow_incidents SET status = 'resolved', resolved_at = $2, resolution = $3, resolved_by = $4, resolution_note = $5, login_at = $6
     WHERE id = $1 AND status <> 'resolved'`,
    [id, r.at, r.resolution, r.by, r.note, r.loginAt],
  );
  return res.rowCount > 0;
}

export async function addIncidentEvent(
  q: Queryable,
  e: { incidentId: number; kind: string; personId: number | null; at: Date; note?: string | null },
): Promise<void> {
  await q.query('INSERT INTO noshow_events (incident_id, kind, person_id, at, note) VALUES ($1, $2, $3, $4, $5)', [
    e.incidentId,
    e.kind,
    e.personId,
    e.at,
    e.note ?? null,
  ]);
}

export interface IncidentEvent {
  kind: string;
  personName: string | null;
  at: Date;
  note: string | null;
}

export async function incidentEvents(q: Queryable, incidentId: number): Promise<IncidentEvent[]> {
  const r = await q.query<{ kind: string; name: string | null; at: Date; note: string | null }>(
    `SELECT e.kind, p.name, e.at, e.note FROM noshow_events e LEFT JOIN people p ON p.id = e.person_id AND p.forgotten_at IS NULL
     WHERE e.incident_id = $1 ORDER BY e.id`,
    [incidentId],
  );
  return r.rows.map((e) => ({ kind: e.kind, personName: e.name, at: new Date(e.at), note: e.note }));
}

export interface AlertRow {
  key: string;
  incidentId: number;
  step: number;
  personId: number | null;
  target: string;
  status: 'queued' | 'sent' | 'unreachable' | 'failed';
}

export async function insertAlerts(
  q: Queryable,
  alerts: Omit<AlertRow, 'status'>[],
  unreachable: Set<string>,
  now: Date,
): Promise<void> {
  for (const a of alerts) {
    await q.query(
      `INSERT INTO noshow_alerts (key, incident_id, step, person_id, target, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO NOTHING`,
      [a.key, a.incidentId, a.step, a.personId, a.target, unreachable.has(a.key) ? 'unreachable' : 'queued', now],
    );
  }
}

export async function alertStatus(q: Queryable, key: string): Promise<AlertRow['status'] | null> {
  const r = await q.query<{ status: AlertRow['status'] }>(
    'SELECT status FROM noshow_alerts WHERE key = $1 FOR UPDATE',
    [key],
  );
  return r.rows[0]?.status ?? null;
}

/** Records a final outcome; returns the alert, or null when the key is not one of ours. */
export async function recordAlertOutcome(
  q: Queryable,
  key: string,
  status: AlertRow['status'],
  now: Date,
): Promise<AlertRow | null> {
  const r = await q.query<{
    key: string;
    incident_id: number;
    step: number;
    person_id: number | null;
    target: string;
    status: AlertRow['status'];
  }>(
    'UPDATE noshow_alerts SET status = $2, updated_at = $3 WHERE key = $1 RETURNING key, incident_id, step, person_id, target, status',
    [key, status, now],
  );
  const a = r.rows[0];
  return a
    ? { key: a.key, incidentId: a.incident_id, step: a.step, personId: a.person_id, target: a.target, status: a.status }
    : null;
}

export async function alertsOfStep(q: Queryable, incidentId: number, step: number): Promise<AlertRow[]> {
  const r = await q.query<{
    key: string;
    incident_id: number;
    step: number;
    person_id: number | null;
    target: string;
    status: AlertRow['status'];
  }>(
    'SELECT key, incident_id, step, person_id, target, status FROM noshow_alerts WHERE incident_id = $1 AND step = $2 ORDER BY key',
    [incidentId, step],
  );
  return r.rows.map((a) => ({
    key: a.key,
    incidentId: a.incident_id,
    step: a.step,
    personId: a.person_id,
    target: a.target,
    status: a.status,
  }));
}

/** Incidents opened in [from, to), for the monthly history. */
export async function incidentsOpenedBetween(q: Queryable, from: Date, to: Date): Promise<Incident[]> {
  const r = await q.query<IncidentRow>(
    `SELECT ${COLUMNS} FROM noshow_incidents WHERE opened_at >= $1 AND opened_at < $2 ORDER BY municipality_code, opened_at, id`,
    [from, to],
  );
  return r.rows.map(toIncident);
}
