/** SQL for noshow_alerts: every Teams card and SMS an incident sent, by its key, with its final outcome. */
import type { Queryable } from '../db/database.js';

export interface AlertRow {
  key: string;
  incidentId: number;
  step: number;
  personId: number | null;
  target: string;
  /** "primær kontaktperson", "leder på vagt", ...; null for alerts written before channels existed. */
  roleLabel: string | null;
  channel: 'teams' | 'sms';
  status: 'queued' | 'sent' | 'unreachable' | 'failed';
}

interface AlertDbRow {
  key: string;
  incident_id: number;
  step: number;
  person_id: number | null;
  target: string;
  role_label: string | null;
  channel: 'teams' | 'sms';
  status: AlertRow['status'];
}

const ALERT_COLUMNS = 'key, incident_id, step, person_id, target, role_label, channel, status';

const toAlert = (row: AlertDbRow): AlertRow => ({
  key: row.key,
  incidentId: row.incident_id,
  step: row.step,
  personId: row.person_id,
  target: row.target,
  roleLabel: row.role_label,
  channel: row.channel,
  status: row.status,
});

export async function insertAlerts(
  db: Queryable,
  alerts: (Omit<AlertRow, 'channel'> & { channel?: AlertRow['channel'] })[],
  now: Date,
): Promise<void> {
  for (const alert of alerts) {
    await db.query(
      `INSERT INTO noshow_alerts (key, incident_id, step, person_id, target, status, updated_at, channel, created_at, role_label)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9) ON CONFLICT (key) DO NOTHING`,
      [
        alert.key,
        alert.incidentId,
        alert.step,
        alert.personId,
        alert.target,
        alert.status,
        now,
        alert.channel ?? 'teams',
        alert.roleLabel,
      ],
    );
  }
}

export async function alertStatus(db: Queryable, key: string): Promise<AlertRow['status'] | null> {
  const result = await db.query<{ status: AlertRow['status'] }>(
    'SELECT status FROM noshow_alerts WHERE key = $1 FOR UPDATE',
    [key],
  );
  return result.rows[0]?.status ?? null;
}

/** Records a final outcome; returns the alert, or null when the key is not one of ours. */
export async function recordAlertOutcome(
  db: Queryable,
  key: string,
  status: AlertRow['status'],
  now: Date,
): Promise<AlertRow | null> {
  const result = await db.query<AlertDbRow>(
    `UPDATE noshow_alerts SET status = $2, updated_at = $3 WHERE key = $1 RETURNING ${ALERT_COLUMNS}`,
    [key, status, now],
  );
  return result.rows[0] ? toAlert(result.rows[0]) : null;
}

/** A step's alerts, oldest first (a person's latest alert says whether they can still be reached). */
export async function alertsOfStep(db: Queryable, incidentId: number, step: number): Promise<AlertRow[]> {
  const result = await db.query<AlertDbRow>(
    `SELECT ${ALERT_COLUMNS} FROM noshow_alerts WHERE incident_id = $1 AND step = $2 ORDER BY created_at NULLS FIRST, key`,
    [incidentId, step],
  );
  return result.rows.map(toAlert);
}

export async function findAlert(db: Queryable, key: string): Promise<AlertRow | null> {
  const result = await db.query<AlertDbRow>(`SELECT ${ALERT_COLUMNS} FROM noshow_alerts WHERE key = $1`, [key]);
  return result.rows[0] ? toAlert(result.rows[0]) : null;
}
