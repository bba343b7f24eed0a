/** The retention purge's statements: each removes (or blanks) one kind of personal data older than the cutoff. */
import type { Queryable } from '../db/database.js';

/** Label (as the purge report shows it) and statement; $1 is the cutoff instant. */
const PURGE_STATEMENTS: [label: string, sql: string][] = [
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
  // The delivery report keeps an old SMS's outcome; the number and the text it carried are personal.
  [
    'sms_messages (number and text)',
    'UPDATE sms_messages SET to_number = NULL, body = NULL, reply_code = NULL WHERE (to_number IS NOT NULL OR body IS NOT NULL) AND created_at < $1',
  ],
];

/** Runs every statement; returns the rows each touched, by label. */
export async function purgePersonalData(q: Queryable, cutoff: Date): Promise<Record<string, number>> {
  const touched: Record<string, number> = {};
  for (const [label, sql] of PURGE_STATEMENTS) touched[label] = (await q.query(sql, [cutoff])).rowCount;
  return touched;
}

/** Replay protection for the shift ingest only needs the signature window (minutes). */
export async function purgeIngestSignatures(q: Queryable, seenBefore: Date): Promise<number> {
  return (await q.query('DELETE FROM shifts_ingest_signatures WHERE seen_at < $1', [seenBefore])).rowCount;
}
