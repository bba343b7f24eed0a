/** Engage's tables: one row per requested post, the shift community's read cursor, and the encrypted token cache. */
import type { Queryable } from '../db/database.js';
import type { EngagePostRequest } from './engage-public.js';

/** 'posting' is final too: Engage may have accepted a post whose update we never wrote (at most once). */
export type EngagePostState = 'posting' | 'posted' | 'skipped' | 'failed';

export type EngageLoginStatus = 'ok' | 'expired' | 'missing';

/** Inserts the post as 'posting'; false when the key already has a row. */
export async function claimPost(q: Queryable, key: string, request: EngagePostRequest): Promise<boolean> {
  const inserted = await q.query(
    `INSERT INTO engage_posts (key, kind, title, body, link, state) VALUES ($1, $2, $3, $4, $5, 'posting')
     ON CONFLICT (key) DO NOTHING`,
    [key, request.kind, request.title, request.body, request.link ?? null],
  );
  return inserted.rowCount > 0;
}

/** Takes a failed post back to 'posting' for another attempt; false when it is in any other state. */
export async function reclaimFailedPost(q: Queryable, key: string): Promise<boolean> {
  const updated = await q.query(
    `UPDATE engage_posts SET state = 'posting', updated_at = now() WHERE key = $1 AND state = 'failed'`,
    [key],
  );
  return updated.rowCount > 0;
}

export async function markPostPosted(q: Queryable, key: string, messageId: string): Promise<void> {
  await q.query(`UPDATE engage_posts SET state = 'posted', message_id = $2, updated_at = now() WHERE key = $1`, [
    key,
    messageId,
  ]);
}

/** 'skipped' (switched off, not configured) or 'failed' (may be tried again), with why in Danish or from Engage. */
export async function markPostNotPosted(
  q: Queryable,
  key: string,
  state: 'skipped' | 'failed',
  reason: string,
): Promise<void> {
  await q.query(`UPDATE engage_posts SET state = $2, reason = $3, updated_at = now() WHERE key = $1`, [
    key,
    state,
    reason.slice(0, 500),
  ]);
}

export async function readCursor(q: Queryable, groupId: string): Promise<string | null> {
  const result = await q.query<{ last_message_id: string }>(
    'SELECT last_message_id FROM engage_cursor WHERE group_id = $1',
    [groupId],
  );
  return result.rows[0]?.last_message_id ?? null;
}

export async function saveCursor(q: Queryable, groupId: string, lastMessageId: string): Promise<void> {
  await q.query(
    `INSERT INTO engage_cursor (group_id, last_message_id) VALUES ($1, $2)
     ON CONFLICT (group_id) DO UPDATE SET last_message_id = EXCLUDED.last_message_id, updated_at = now()`,
    [groupId, lastMessageId],
  );
}

export async function readTokenCache(q: Queryable): Promise<string | null> {
  const result = await q.query<{ ciphertext: string }>('SELECT ciphertext FROM engage_token_cache WHERE id = 1');
  return result.rows[0]?.ciphertext ?? null;
}

/** A written cache is a working login again. */
export async function saveTokenCache(q: Queryable, ciphertext: string): Promise<void> {
  await q.query(
    `INSERT INTO engage_token_cache (id, ciphertext, status) VALUES (1, $1, 'ok')
     ON CONFLICT (id) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, status = 'ok', updated_at = now()`,
    [ciphertext],
  );
}

export async function markLoginExpired(q: Queryable): Promise<void> {
  await q.query(`UPDATE engage_token_cache SET status = 'expired', updated_at = now() WHERE id = 1`);
}

export async function loginStatus(q: Queryable): Promise<EngageLoginStatus> {
  const result = await q.query<{ status: 'ok' | 'expired' }>('SELECT status FROM engage_token_cache WHERE id = 1');
  return result.rows[0]?.status ?? 'missing';
}
