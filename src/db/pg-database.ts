import pg from 'pg';
import type { BossDb, Db, Queryable, QueryResult } from './database.js';

// Keep `date` columns as the calendar strings they are; JS Dates would shift them by zone.
pg.types.setTypeParser(1082, (v) => v);
// bigint counts fit easily in a JS number here.
pg.types.setTypeParser(20, (v) => Number(v));

type PgQueryable = Pick<pg.PoolClient, 'query'>;

const wrap = (q: PgQueryable): Queryable => ({
  async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const r = await q.query(sql, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  },
});

export function createPgDatabase(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000, query_timeout: 30_000 });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const base = wrap(pool);
  const clients = new WeakMap<Queryable, pg.PoolClient>();
  return {
    kind: 'pg',
    query: base.query,
    async withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      // A checked-out client has no pool listener: losing the server between two statements of this transaction
      // would otherwise be an uncaught 'error' that ends the process. The next statement fails on its own.
      let broken: Error | boolean = false;
      const onError = (err: Error) => void (broken = err);
      // The listener goes on inside the pool's callback, not after `await pool.connect()`: a server shutting down
      // sends ReadyForQuery and FATAL 57P01 in one packet, and the error is emitted before an awaiting caller resumes.
      const client = await new Promise<pg.PoolClient>((resolve, reject) =>
        pool.connect((err, c) => {
          if (err || !c) return reject(err ?? new Error('no client'));
          c.on('error', onError);
          resolve(c);
        }),
      );
      const tx = wrap(client);
      clients.set(tx, client);
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => void (broken = broken || true));
        throw e;
      } finally {
        client.off('error', onError);
        // A broken connection is discarded instead of going back to the pool.
        client.release(broken);
      }
    },
    bossAdapter(tx?: Queryable): BossDb {
      const target: PgQueryable = tx ? clients.get(tx)! : pool;
      return { executeSql: (text, values) => target.query(text, values as unknown[]) };
    },
    close: () => pool.end(),
  };
}
