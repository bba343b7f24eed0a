/**
 * One database interface over PostgreSQL (pg) and embedded PGlite, so repositories,
 * migrations and the job queue run unchanged on both.
 */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/** What pg-boss needs from us: pg's result shape, an array of results for a multi-statement text. */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<unknown>;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** The adapter pg-boss uses; with a transaction it enqueues inside it. */
  bossAdapter(tx?: Queryable): BossDb;
  close(): Promise<void>;
}

/** Runs fn in a transaction; the caller's Queryable may already be one (nested calls share it). */
export async function inTransaction<T>(db: Db | Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return 'withTransaction' in db ? (db as Db).withTransaction(fn) : fn(db);
}
