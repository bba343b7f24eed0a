import type { Storage, StoreItems } from 'botbuilder';
import type { Db } from '../db/database.js';

/**
 * Teams AI turn state in our database, so it survives restarts and every instance sees the same.
 * eTags give optimistic concurrency: a write with a stale eTag fails instead of overwriting.
 */
export class DbStorage implements Storage {
  constructor(private readonly db: Db) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const r = await this.db.query<{ key: string; value: Record<string, unknown>; etag: number }>(
      'SELECT key, value, etag FROM bot_state WHERE key = ANY($1::text[])',
      [keys],
    );
    return storeItemsOf(r.rows);
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...value } = (item ?? {}) as Record<string, unknown>;
      if (eTag === undefined || eTag === '*') {
        await this.db.query(
          `INSERT INTO bot_state (key, value) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, etag = bot_state.etag + 1, updated_at = now()`,
          [key, JSON.stringify(value)],
        );
        continue;
      }
      const r = await this.db.query(
        'UPDATE bot_state SET value = $2, etag = etag + 1, updated_at = now() WHERE key = $1 AND etag = $3',
        [key, JSON.stringify(value), Number(eTag)],
      );
      if (r.rowCount === 0) throw new Error(`Storage: eTag conflict for ${key}`);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}

/** bot_state rows as botbuilder's StoreItems; the row's etag travels as the item's eTag. */
export function storeItemsOf(rows: { key: string; value: Record<string, unknown>; etag: number }[]): StoreItems {
  const items: StoreItems = {};
  for (const row of rows) items[row.key] = { ...row.value, eTag: String(row.etag) };
  return items;
}
