/**
 * A database that counts the SQL statements an action sends (issue 22: statements per action). Every `query`, inside a
 * transaction or not, and every statement pg-boss sends through our adapter counts as one; BEGIN and COMMIT do not.
 * Only statements sent inside `measured(...)` count (the test app runs each incoming activity in it), so the
 * background loops (outbox, timers, job queue) never blur a count.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BossDb, Db, Queryable } from '../../src/db/database.js';

const scope = new AsyncLocalStorage<true>();

/** Runs fn as part of the action being measured. */
export function measured<T>(fn: () => T): T {
  return scope.run(true, fn);
}

export interface CountingDb extends Db {
  /** Runs fn and returns the SQL the measured work sent meanwhile (in order). */
  counting(fn: () => Promise<unknown>): Promise<string[]>;
}

export function countingDb(inner: Db): CountingDb {
  let log: string[] | null = null;
  const note = (sql: string) => {
    if (log && scope.getStore()) log.push(sql.replace(/\s+/g, ' ').trim());
  };
  const originals = new WeakMap<Queryable, Queryable>();
  const wrap = (q: Queryable): Queryable => {
    const wrapped: Queryable = {
      query: (sql, params) => {
        note(sql);
        return q.query(sql, params);
      },
    };
    originals.set(wrapped, q);
    return wrapped;
  };
  const base = wrap(inner);
  return {
    kind: inner.kind,
    query: base.query,
    withTransaction: (fn) => inner.withTransaction((tx) => fn(wrap(tx))),
    bossAdapter(tx?: Queryable): BossDb {
      const adapter = inner.bossAdapter(tx ? (originals.get(tx) ?? tx) : undefined);
      return {
        executeSql: (text, values) => {
          note(text);
          return adapter.executeSql(text, values);
        },
      };
    },
    close: () => inner.close(),
    async counting(fn) {
      const seen: string[] = [];
      log = seen;
      try {
        await fn();
      } finally {
        log = null;
      }
      return seen;
    },
  };
}
