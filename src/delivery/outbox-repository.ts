/** The outbox's SQL: rows in, claims out, outcomes recorded. Rows map to OutboxRow in one place. */
import type { Queryable } from '../db/database.js';
import type { Card } from '../platform/bot-app.js';
import type { BatchReport, Recipient } from './delivery.js';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'unreachable' | 'failed' | 'superseded' | 'expanded';

export interface OutboxRow {
  id: number;
  key: string;
  kind: 'send' | 'update';
  batch: string;
  recipient: Recipient;
  conversationId: string | null;
  card: Card | null;
  text: string | null;
  cardRef: string | null;
  targetActivityId: string | null;
  state: OutboxState;
  attempts: number;
  reason: string | null;
  /** Sends under way when their worker died: each may have reached Teams. */
  doubtfulSends: number;
}

interface Row {
  id: number;
  key: string;
  kind: 'send' | 'update';
  batch: string;
  recipient: Recipient;
  conversation_id: string | null;
  card: Card | null;
  text: string | null;
  card_ref: string | null;
  target_activity_id: string | null;
  state: OutboxState;
  attempts: number;
  reason: string | null;
  doubtful_sends: number;
}

const COLUMNS =
  'id, key, kind, batch, recipient, conversation_id, card, text, card_ref, target_activity_id, state, attempts, reason, doubtful_sends';

const toRow = (r: Row): OutboxRow => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  batch: r.batch,
  recipient: r.recipient,
  conversationId: r.conversation_id,
  card: r.card,
  text: r.text,
  cardRef: r.card_ref,
  targetActivityId: r.target_activity_id,
  state: r.state,
  attempts: r.attempts,
  reason: r.reason,
  doubtfulSends: r.doubtful_sends,
});

export interface NewOutboxRow {
  key: string;
  kind: 'send' | 'update';
  batch: string;
  recipient: Recipient;
  conversationId: string | null;
  card?: Card | null;
  text?: string | null;
  cardRef?: string | null;
  targetActivityId?: string | null;
  state?: 'pending' | 'unreachable' | 'sent';
  reason?: string | null;
  /** For a row that is 'sent' at once: the message the recipient already sees. */
  activityId?: string | null;
  dueAt: Date;
}

/** Inserts once per key; returns false when the key was already there (delivered or on its way). */
export async function insertOutbox(q: Queryable, m: NewOutboxRow): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO outbox (key, kind, batch, recipient, conversation_id, card, text, card_ref, target_activity_id, state, reason,
                         next_attempt_at, activity_id, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $10 = 'sent' THEN now() END)
     ON CONFLICT (key) DO NOTHING`,
    [
      m.key,
      m.kind,
      m.batch,
      JSON.stringify(m.recipient),
      m.conversationId,
      m.card ? JSON.stringify(m.card) : null,
      m.text ?? null,
      m.cardRef ?? null,
      m.targetActivityId ?? null,
      m.state ?? 'pending',
      m.reason ?? null,
      m.dueAt,
      m.activityId ?? null,
    ],
  );
  return r.rowCount > 0;
}

/** One message of a batch written by insertSends. */
export interface NewSend {
  key: string;
  batch: string;
  recipient: Recipient;
  conversationId: string | null;
  card: Card | null;
  text: string | null;
  cardRef: string | null;
  state: 'pending' | 'unreachable' | 'sent';
  reason: string | null;
  /** For a row that is 'sent' at once: the message the recipient already sees (recorded as the card's copy there). */
  activityId: string | null;
}

/**
 * A batch of sends in one statement, as insertOutbox, upsertCardRef (without overwriting) and recordSentCard one after
 * another would leave them: each key inserted once (the first of the batch; a key already there is left alone), each
 * named card's first version kept, and a row sent at once recorded as the card's copy in its conversation. Returns
 * the keys inserted.
 */
export async function insertSends(q: Queryable, sends: NewSend[], dueAt: Date): Promise<Set<string>> {
  const seen = new Set<string>();
  const rows = sends.map((m, ord) => {
    const first = !seen.has(m.key);
    seen.add(m.key);
    return {
      ord,
      first,
      key: m.key,
      batch: m.batch,
      recipient: m.recipient,
      conversation_id: m.conversationId,
      card: m.card,
      text: m.text,
      card_ref: m.cardRef,
      state: m.state,
      reason: m.reason,
      activity_id: m.activityId,
    };
  });
  const r = await q.query<{ key: string }>(
    `WITH m AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS m(ord int, first boolean, key text, batch text, recipient jsonb,
         conversation_id text, card jsonb, text text, card_ref text, state text, reason text, activity_id text)
     ), sent AS (
       INSERT INTO outbox (key, kind, batch, recipient, conversation_id, card, text, card_ref, state, reason,
                           next_attempt_at, activity_id, sent_at)
       SELECT key, 'send', batch, recipient, conversation_id, card, text, card_ref, state, reason, $2, activity_id,
              CASE WHEN state = 'sent' THEN now() END
       FROM m WHERE first ORDER BY ord
       ON CONFLICT (key) DO NOTHING
       RETURNING key, card_ref, conversation_id, activity_id, state
     ), refs AS (
       INSERT INTO card_refs (card_ref, card)
       SELECT DISTINCT ON (card_ref) card_ref, card FROM m WHERE card_ref IS NOT NULL AND card IS NOT NULL
       ORDER BY card_ref, ord
       ON CONFLICT (card_ref) DO NOTHING
     ), copies AS (
       INSERT INTO sent_cards (card_ref, conversation_id, activity_id)
       SELECT DISTINCT ON (s.card_ref, s.conversation_id) s.card_ref, s.conversation_id, s.activity_id
       FROM sent s JOIN m ON m.key = s.key AND m.first
       WHERE s.state = 'sent' AND s.card_ref IS NOT NULL
       ORDER BY s.card_ref, s.conversation_id, m.ord DESC
       ON CONFLICT (card_ref, conversation_id) DO UPDATE SET activity_id = EXCLUDED.activity_id, sent_at = now()
     )
     SELECT key FROM sent`,
    [JSON.stringify(rows), dueAt],
  );
  return new Set(r.rows.map((row) => row.key));
}

/**
 * Claims due rows for this worker (SKIP LOCKED: two instances never claim the same row): rows due to be sent, and rows
 * left 'sending' by a worker that died (its lease ran out without a heartbeat). A send that was under way then may
 * have reached Teams, and is counted as doubtful. One statement, so an idle worker costs one query per poll; it also
 * tells when the next row falls due.
 */
export async function claimDue(
  q: Queryable,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<{ rows: OutboxRow[]; nextDueAt: Date | null }> {
  const r = await q.query<Row & { next_due: Date | null }>(
    `WITH claimed AS (
       UPDATE outbox SET state = 'sending', attempts = attempts + 1, locked_until = $2, updated_at = now(),
              doubtful_sends = doubtful_sends + CASE WHEN state = 'sending' AND in_doubt THEN 1 ELSE 0 END,
              in_doubt = false
       WHERE id IN (
         SELECT id FROM outbox
         WHERE (state = 'pending' AND next_attempt_at <= $1) OR (state = 'sending' AND locked_until < $1)
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS})
     SELECT claimed.*, NULL::timestamptz AS next_due FROM claimed
     UNION ALL
     SELECT ${COLUMNS.split(', ')
       .map(() => 'NULL')
       .join(', ')}, (SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending' AND next_attempt_at > $1)`,
    [now, new Date(now.getTime() + leaseMs), limit],
  );
  const next = r.rows.find((x) => x.id === null)?.next_due ?? null;
  return {
    rows: r.rows
      .filter((x) => x.id !== null)
      .map(toRow)
      .sort((a, b) => a.id - b.id),
    nextDueAt: next ? new Date(next) : null,
  };
}

/** The heartbeat: rows this worker still holds keep their lease. */
export async function renewLeases(q: Queryable, ids: number[], until: Date): Promise<void> {
  if (!ids.length) return;
  await q.query(`UPDATE outbox SET locked_until = $2 WHERE id = ANY($1::bigint[]) AND state = 'sending'`, [ids, until]);
}

/** Marks the moment a send is handed to Teams: from here until the record, a crash leaves it in doubt. */
export async function markInDoubt(q: Queryable, id: number): Promise<void> {
  await q.query('UPDATE outbox SET in_doubt = true WHERE id = $1', [id]);
}

export async function markSent(q: Queryable, id: number, activityId: string, now: Date): Promise<void> {
  await q.query(
    `UPDATE outbox SET state = 'sent', activity_id = $2, sent_at = $3, locked_until = NULL, in_doubt = false, updated_at = now()
     WHERE id = $1`,
    [id, activityId, now],
  );
}

export async function markFinal(
  q: Queryable,
  id: number,
  state: 'unreachable' | 'failed' | 'expanded' | 'superseded',
  reason: string | null,
): Promise<void> {
  await q.query(
    `UPDATE outbox SET state = $2, reason = $3, locked_until = NULL, in_doubt = false, updated_at = now() WHERE id = $1`,
    [id, state, reason],
  );
}

export async function reschedule(
  q: Queryable,
  id: number,
  at: Date,
  reason: string,
  conversationId?: string,
): Promise<void> {
  await q.query(
    `UPDATE outbox SET state = 'pending', next_attempt_at = $2, reason = $3, conversation_id = COALESCE($4, conversation_id),
            locked_until = NULL, in_doubt = false, updated_at = now() WHERE id = $1`,
    [id, at, reason, conversationId ?? null],
  );
}

export async function setConversation(q: Queryable, id: number, conversationId: string): Promise<void> {
  await q.query('UPDATE outbox SET conversation_id = $2 WHERE id = $1', [id, conversationId]);
}

export async function findByKey(q: Queryable, key: string): Promise<OutboxRow | null> {
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM outbox WHERE key = $1`, [key]);
  return r.rows[0] ? toRow(r.rows[0]) : null;
}

export async function upsertCardRef(q: Queryable, cardRef: string, card: Card, overwrite: boolean): Promise<void> {
  await q.query(
    `INSERT INTO card_refs (card_ref, card) VALUES ($1, $2)
     ON CONFLICT (card_ref) DO ${overwrite ? 'UPDATE SET card = EXCLUDED.card, version = card_refs.version + 1, updated_at = now()' : 'NOTHING'}`,
    [cardRef, JSON.stringify(card)],
  );
}

/** A named card as it stands now, its version, and the message that shows it in one conversation (if any). */
export async function cardStanding(
  q: Queryable,
  cardRef: string,
  conversationId: string,
): Promise<{ card: Card; version: number; activityId: string | null } | null> {
  const r = await q.query<{ card: Card; version: number; activity_id: string | null }>(
    `SELECT c.card, c.version, s.activity_id FROM card_refs c
     LEFT JOIN sent_cards s ON s.card_ref = c.card_ref AND s.conversation_id = $2
     WHERE c.card_ref = $1`,
    [cardRef, conversationId],
  );
  const row = r.rows[0];
  return row ? { card: row.card, version: row.version, activityId: row.activity_id } : null;
}

/**
 * The card, if it changed after `version` was read. Locks the card's row: an update that is committing waits for us
 * or we for it, so either it sees the message we just recorded or we see its newer card.
 */
export async function newerCard(q: Queryable, cardRef: string, version: number): Promise<Card | null> {
  const r = await q.query<{ card: Card; version: number }>(
    'SELECT card, version FROM card_refs WHERE card_ref = $1 FOR UPDATE',
    [cardRef],
  );
  const row = r.rows[0];
  return row && row.version > version ? row.card : null;
}

export async function recordSentCard(
  q: Queryable,
  cardRef: string,
  conversationId: string,
  activityId: string,
): Promise<void> {
  await q.query(
    `INSERT INTO sent_cards (card_ref, conversation_id, activity_id) VALUES ($1, $2, $3)
     ON CONFLICT (card_ref, conversation_id) DO UPDATE SET activity_id = EXCLUDED.activity_id, sent_at = now()`,
    [cardRef, conversationId, activityId],
  );
}

/**
 * Replaces a named card for every conversation it was posted in, in one statement (migration 070): the card's row is
 * locked and bumped, then older pending updates of each copy are superseded and an update row is queued per copy.
 */
export async function updateCardEverywhere(
  q: Queryable,
  cardRef: string,
  card: Card,
  stamp: string,
  dueAt: Date,
): Promise<number> {
  const r = await q.query<{ queued: string }>('SELECT delivery_update_card($1, $2::jsonb, $3, $4) AS queued', [
    cardRef,
    JSON.stringify(card),
    stamp,
    dueAt,
  ]);
  return Number(r.rows[0]?.queued ?? 0);
}

export async function countOpen(q: Queryable): Promise<number> {
  const r = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE state IN ('pending', 'sending')`);
  return r.rows[0].n;
}

export async function batchReport(q: Queryable, batch: string): Promise<BatchReport> {
  const r = await q.query<{ state: OutboxState; reason: string | null; n: number }>(
    `SELECT state, reason, count(*)::int AS n FROM outbox WHERE batch = $1 AND kind = 'send' AND state <> 'expanded' GROUP BY state, reason`,
    [batch],
  );
  const sum = (s: OutboxState[]) => r.rows.filter((x) => s.includes(x.state)).reduce((a, x) => a + x.n, 0);
  const reasons = new Map<string, number>();
  for (const x of r.rows)
    if (x.reason && (x.state === 'failed' || x.state === 'unreachable'))
      reasons.set(x.reason, (reasons.get(x.reason) ?? 0) + x.n);
  return {
    batch,
    sent: sum(['sent']),
    failed: sum(['failed']),
    unreachable: sum(['unreachable']),
    pending: sum(['pending', 'sending']),
    reasons: [...reasons].map(([reason, count]) => ({ reason, count })),
  };
}

/**
 * The person a named card was first sent to in one conversation, for the local demo inbox's
 * "Til:" line on updates; null when it went to a chat, a role or nobody there.
 */
export async function sendRecipientOf(q: Queryable, cardRef: string, conversationId: string): Promise<number | null> {
  const r = await q.query<{ person_id: number | null }>(
    `SELECT (recipient->>'personId')::int AS person_id FROM outbox
     WHERE kind = 'send' AND card_ref = $1 AND conversation_id = $2 AND state = 'sent' AND recipient->>'kind' = 'person'
     ORDER BY sent_at, id LIMIT 1`,
    [cardRef, conversationId],
  );
  return r.rows[0]?.person_id ?? null;
}

/** A batch in the delivery report: its counts (as batchReport) and when it began and last changed. */
export interface BatchSummary extends BatchReport {
  firstAt: Date;
  lastAt: Date;
}

/** Every batch begun at or after `since`, newest first, with its failure reasons (the secretariat's delivery report). */
export async function batchSummariesSince(q: Queryable, since: Date): Promise<BatchSummary[]> {
  const batches = await q.query<{
    batch: string;
    first_at: Date;
    last_at: Date;
    sent: number;
    failed: number;
    unreachable: number;
    pending: number;
  }>(
    `SELECT batch, min(created_at) AS first_at, max(updated_at) AS last_at,
            count(*) FILTER (WHERE state = 'sent')::int AS sent,
            count(*) FILTER (WHERE state = 'failed')::int AS failed,
            count(*) FILTER (WHERE state = 'unreachable')::int AS unreachable,
            count(*) FILTER (WHERE state IN ('pending', 'sending'))::int AS pending
     FROM outbox WHERE kind = 'send' AND state NOT IN ('expanded', 'superseded')
     GROUP BY batch HAVING min(created_at) >= $1 ORDER BY min(created_at) DESC, batch`,
    [since],
  );
  const names = batches.rows.map((row) => row.batch);
  const reasons = names.length
    ? await q.query<{ batch: string; reason: string; n: number }>(
        `SELECT batch, reason, count(*)::int AS n FROM outbox
         WHERE kind = 'send' AND state IN ('failed', 'unreachable') AND reason IS NOT NULL AND batch = ANY($1::text[])
         GROUP BY batch, reason ORDER BY batch, n DESC, reason`,
        [names],
      )
    : { rows: [] };
  return batches.rows.map((row) => ({
    batch: row.batch,
    firstAt: new Date(row.first_at),
    lastAt: new Date(row.last_at),
    sent: row.sent,
    failed: row.failed,
    unreachable: row.unreachable,
    pending: row.pending,
    reasons: reasons.rows.filter((r) => r.batch === row.batch).map((r) => ({ reason: r.reason, count: r.n })),
  }));
}

/** A person's last final delivery outcome (the reachability report). */
export interface PersonOutcome {
  personId: number;
  status: 'sent' | 'failed' | 'unreachable';
  reason: string | null;
  at: Date;
}

/** The last final outcome of a message to each person who was ever sent one, in one query. */
export async function lastOutcomesByPerson(q: Queryable): Promise<PersonOutcome[]> {
  const r = await q.query<{ person_id: number; state: PersonOutcome['status']; reason: string | null; at: Date }>(
    `SELECT DISTINCT ON ((recipient->>'personId')::int) (recipient->>'personId')::int AS person_id, state, reason,
            COALESCE(sent_at, updated_at) AS at
     FROM outbox
     WHERE kind = 'send' AND recipient->>'kind' = 'person' AND state IN ('sent', 'failed', 'unreachable')
     ORDER BY (recipient->>'personId')::int, updated_at DESC, id DESC`,
  );
  return r.rows.map((row) => ({
    personId: row.person_id,
    status: row.state,
    reason: row.reason,
    at: new Date(row.at),
  }));
}
