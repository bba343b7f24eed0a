/** The SQL of the SMS channel: sms_messages and sms_replies; rows map to SmsMessage in one place. */
import type { Queryable } from '../db/database.js';

export type SmsState = 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered' | 'capped';

export interface SmsMessage {
  id: number;
  key: string;
  batch: string;
  personId: number | null;
  toNumber: string | null;
  body: string | null;
  capScope: string | null;
  replyCode: string | null;
  state: SmsState;
  provider: string | null;
  reference: string;
  providerMessageId: string | null;
  attempts: number;
  reason: string | null;
  createdAt: Date;
}

interface Row {
  id: number;
  key: string;
  batch: string;
  person_id: number | null;
  to_number: string | null;
  body: string | null;
  cap_scope: string | null;
  reply_code: string | null;
  state: SmsState;
  provider: string | null;
  reference: string;
  provider_message_id: string | null;
  attempts: number;
  reason: string | null;
  created_at: Date;
}

const COLUMNS =
  'id, key, batch, person_id, to_number, body, cap_scope, reply_code, state, provider, reference, provider_message_id, attempts, reason, created_at';

const toMessage = (row: Row): SmsMessage => ({
  id: row.id,
  key: row.key,
  batch: row.batch,
  personId: row.person_id,
  toNumber: row.to_number,
  body: row.body,
  capScope: row.cap_scope,
  replyCode: row.reply_code,
  state: row.state,
  provider: row.provider,
  reference: row.reference,
  providerMessageId: row.provider_message_id,
  attempts: row.attempts,
  reason: row.reason,
  createdAt: new Date(row.created_at),
});

export interface NewSms {
  key: string;
  batch: string;
  personId: number | null;
  toNumber: string;
  body: string;
  capScope: string | null;
  replyCode: string | null;
  state: 'queued' | 'capped';
  reason: string | null;
  reference: string;
  createdAt: Date;
}

/** Inserts once per key; null when the key was there already. */
export async function insertSms(q: Queryable, sms: NewSms): Promise<SmsMessage | null> {
  const result = await q.query<Row>(
    `INSERT INTO sms_messages (key, batch, person_id, to_number, body, cap_scope, reply_code, state, reason, created_at, final_at, reference)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text, $9, $10::timestamptz, CASE WHEN $8::text = 'capped' THEN $10::timestamptz END, $11)
     ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
    [
      sms.key,
      sms.batch,
      sms.personId,
      sms.toNumber,
      sms.body,
      sms.capScope,
      sms.replyCode,
      sms.state,
      sms.reason,
      sms.createdAt,
      sms.reference,
    ],
  );
  return result.rows[0] ? toMessage(result.rows[0]) : null;
}

export async function findSmsByKey(q: Queryable, key: string): Promise<SmsMessage | null> {
  const result = await q.query<Row>(`SELECT ${COLUMNS} FROM sms_messages WHERE key = $1`, [key]);
  return result.rows[0] ? toMessage(result.rows[0]) : null;
}

/** The message with its recipient's name (the demo shows "SMS til <navn>"). */
export async function smsForSend(
  q: Queryable,
  id: number,
): Promise<(SmsMessage & { recipientName: string | null }) | null> {
  const result = await q.query<Row & { recipient_name: string | null }>(
    `SELECT ${COLUMNS.split(', ')
      .map((column) => `m.${column}`)
      .join(', ')}, p.name AS recipient_name
     FROM sms_messages m LEFT JOIN people p ON p.id = m.person_id AND p.forgotten_at IS NULL
     WHERE m.id = $1`,
    [id],
  );
  const row = result.rows[0];
  return row ? { ...toMessage(row), recipientName: row.recipient_name } : null;
}

/**
 * Counts what the cap's scope has spent since `since` (capped ones do not count), after taking a transaction-wide lock
 * on the scope, so two alerts at the same moment cannot both take the last one. Two statements on purpose: under READ
 * COMMITTED the count must see what a transaction that held the lock before us committed.
 */
export async function spentSince(q: Queryable, capScope: string, since: Date): Promise<number> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('sms-cap:' || $1))`, [capScope]);
  const result = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sms_messages WHERE cap_scope = $1 AND created_at >= $2 AND state <> 'capped'`,
    [capScope, since],
  );
  return result.rows[0].n;
}

export async function markSmsSent(
  q: Queryable,
  id: number,
  update: { provider: string; providerMessageId: string; delivered: boolean; at: Date },
): Promise<boolean> {
  const result = await q.query(
    `UPDATE sms_messages SET state = $2::text, provider = $3, provider_message_id = $4, sent_at = $5::timestamptz,
       attempts = attempts + 1, final_at = CASE WHEN $2::text = 'delivered' THEN $5::timestamptz END, reason = NULL
     WHERE id = $1 AND state = 'queued'`,
    [id, update.delivered ? 'delivered' : 'sent', update.provider, update.providerMessageId, update.at],
  );
  return result.rowCount > 0;
}

export async function markSmsFailed(
  q: Queryable,
  id: number,
  update: { provider: string; reason: string; at: Date },
): Promise<boolean> {
  const result = await q.query(
    `UPDATE sms_messages SET state = 'failed', provider = $2, reason = $3, final_at = $4, attempts = attempts + 1
     WHERE id = $1 AND state = 'queued'`,
    [id, update.provider, update.reason, update.at],
  );
  return result.rowCount > 0;
}

export async function countSmsAttempt(q: Queryable, id: number, reason: string): Promise<number> {
  const result = await q.query<{ attempts: number }>(
    'UPDATE sms_messages SET attempts = attempts + 1, reason = $2 WHERE id = $1 RETURNING attempts',
    [id, reason],
  );
  return result.rows[0]?.attempts ?? 0;
}

/** A delivery report: only a message still waiting for one changes; returns it, or null (unknown or repeated). */
export async function recordDeliveryReport(
  q: Queryable,
  providerMessageId: string,
  report: { delivered: boolean; reason: string | null; at: Date },
): Promise<SmsMessage | null> {
  const result = await q.query<Row>(
    `UPDATE sms_messages SET state = $2, reason = $3, final_at = $4
     WHERE provider_message_id = $1 AND state = 'sent' RETURNING ${COLUMNS}`,
    [providerMessageId, report.delivered ? 'delivered' : 'undelivered', report.reason, report.at],
  );
  return result.rows[0] ? toMessage(result.rows[0]) : null;
}

/**
 * A reply: the newest message to that number carrying the code the reply names, sent after `since`. The reply is
 * recorded once by its provider id; null when it was seen before or matches nothing.
 */
export async function matchReply(
  q: Queryable,
  reply: { providerMessageId: string; from: string; codes: string[]; at: Date; since: Date },
): Promise<SmsMessage | null> {
  const result = await q.query<Row & { fresh: boolean }>(
    `WITH target AS (
       SELECT ${COLUMNS} FROM sms_messages
       WHERE to_number = $2 AND reply_code = ANY($3::text[]) AND created_at >= $5 AND state <> 'capped'
       ORDER BY created_at DESC, id DESC LIMIT 1
     ), seen AS (
       INSERT INTO sms_replies (provider_message_id, sms_id, received_at)
       VALUES ($1, (SELECT id FROM target), $4) ON CONFLICT (provider_message_id) DO NOTHING RETURNING 1
     )
     SELECT target.*, EXISTS (SELECT 1 FROM seen) AS fresh FROM target`,
    [reply.providerMessageId, reply.from, reply.codes, reply.at, reply.since],
  );
  const row = result.rows[0];
  return row && row.fresh ? toMessage(row) : null;
}

/** Data protection: a forgotten person's numbers and texts go; the counts stay. */
export async function redactSmsOfPerson(q: Queryable, personId: number): Promise<number> {
  const result = await q.query(
    `UPDATE sms_messages SET to_number = NULL, body = NULL WHERE person_id = $1 AND (to_number IS NOT NULL OR body IS NOT NULL)`,
    [personId],
  );
  return result.rowCount;
}

export interface SmsReportRow {
  batch: string;
  state: SmsState;
  reason: string | null;
  count: number;
  /** The first message of this batch, state and reason. */
  firstAt: Date;
}

/** Messages by batch, state and reason, created in [since, until). */
export async function smsByBatch(q: Queryable, since: Date, until: Date, batchPrefix = ''): Promise<SmsReportRow[]> {
  const result = await q.query<{ batch: string; state: SmsState; reason: string | null; n: number; first_at: Date }>(
    `SELECT batch, state, reason, count(*)::int AS n, min(created_at) AS first_at FROM sms_messages
     WHERE created_at >= $1 AND created_at < $2 AND starts_with(batch, $3)
     GROUP BY batch, state, reason ORDER BY batch, state, reason`,
    [since, until, batchPrefix],
  );
  return result.rows.map((row) => ({
    batch: row.batch,
    state: row.state,
    reason: row.reason,
    count: row.n,
    firstAt: new Date(row.first_at),
  }));
}

/** How many SMS each batch sent (capped ones were never sent). */
export async function sentCountsOf(q: Queryable, batches: string[]): Promise<Map<string, number>> {
  if (batches.length === 0) return new Map();
  const result = await q.query<{ batch: string; n: number }>(
    `SELECT batch, count(*)::int AS n FROM sms_messages WHERE batch = ANY($1::text[]) AND state <> 'capped' GROUP BY batch`,
    [batches],
  );
  return new Map(result.rows.map((row) => [row.batch, row.n]));
}
