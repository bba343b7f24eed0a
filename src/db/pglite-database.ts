import { mkdirSync } from 'node:fs';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { BossDb, Db, Queryable, QueryResult } from './database.js';

type Runner = Pick<PGlite, 'query' | 'exec'> | Pick<Transaction, 'query' | 'exec'>;

const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
};

const wrap = (r: Runner): Queryable => ({
  async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const res = await r.query<T>(sql, params, { parsers });
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  },
});

/** pg's result shape: one result for one statement, an array for several (pg-boss relies on it). */
async function executeForBoss(r: Runner, text: string, values?: unknown[]) {
  if (values && values.length > 0) {
    const res = await r.query(text, values, { parsers });
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  }
  const results = await r.exec(text, { parsers });
  const mapped = results.map((res) => ({ rows: res.rows, rowCount: res.affectedRows ?? res.rows.length }));
  return mapped.length === 1 ? mapped[0] : mapped;
}

/** Embedded PostgreSQL for local runs and tests; dataDir undefined keeps it in memory. */
export async function createPgliteDatabase(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const base = wrap(pglite);
  const txs = new WeakMap<Queryable, Transaction>();
  return {
    kind: 'pglite',
    query: base.query,
    withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction(async (t) => {
        const tx = wrap(t);
        txs.set(tx, t);
        return fn(tx);
      });
    },
    bossAdapter(tx?: Queryable): BossDb {
      const runner: Runner = tx ? txs.get(tx)! : pglite;
      return { executeSql: (text, values) => executeForBoss(runner, text, values) };
    },
    close: () => pglite.close(),
  };
}
