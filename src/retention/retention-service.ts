/**
 * Data protection: personal data older than RETENTION_MONTHS is purged daily; aggregates stay
 * (municipality KPI verdicts, no-show incidents, the decision register).
 */
import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import { ZONE } from '../shared/time.js';

export interface PurgeReport {
  cutoff: string;
  deleted: Record<string, number>;
}

/** The first instant that is kept: midnight Copenhagen time, `months` months before today. */
export function retentionCutoff(now: Date, months: number): Date {
  return DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').minus({ months }).toJSDate();
}

const STATEMENTS: [string, string][] = [
  ['attendance_events', 'DELETE FROM attendance_events WHERE at < $1'],
  ['shift_delay_notices', 'DELETE FROM shift_delay_notices WHERE posted_at < $1'],
  // Per-agent KPI rows are personal; the municipality totals and verdicts are not.
  [
    'kpi_rows (per agent)',
    "DELETE FROM kpi_rows WHERE agent_key <> '' AND period < to_char($1::timestamptz AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM')",
  ],
  ['kpi_training (completed)', 'DELETE FROM kpi_training WHERE completed_at IS NOT NULL AND completed_at < $1'],
  // A municipality's follow-up plan is free text that may name its agents; the warning itself is kept.
  ['kpi_warnings (plan text)', 'UPDATE kpi_warnings SET plan = NULL WHERE plan IS NOT NULL AND plan_at < $1'],
  [
    'outbox (delivered cards)',
    "DELETE FROM outbox WHERE state IN ('sent', 'failed', 'unreachable', 'superseded', 'expanded') AND updated_at < $1",
  ],
  ['agenda_drafts', 'DELETE FROM agenda_drafts WHERE updated_at < $1'],
];

export async function purgeExpired(db: Db, now: Date, months: number): Promise<PurgeReport> {
  const cutoff = retentionCutoff(now, months);
  const deleted: Record<string, number> = {};
  await db.withTransaction(async (tx) => {
    for (const [name, sql] of STATEMENTS) deleted[name] = (await tx.query(sql, [cutoff])).rowCount;
    // Replay protection only needs the signature window (minutes); a day is plenty.
    deleted.shifts_ingest_signatures = (
      await tx.query('DELETE FROM shifts_ingest_signatures WHERE seen_at < $1', [new Date(now.getTime() - 86_400_000)])
    ).rowCount;
  });
  return { cutoff: cutoff.toISOString(), deleted };
}
