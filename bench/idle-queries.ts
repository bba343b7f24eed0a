/**
 * Idle cost (issue 22): SQL statements per minute the bot sends to its database while nobody uses it, by source,
 * on PostgreSQL (a fresh database) and on PGlite. Counted at our database interface, which pg-boss uses too.
 */
import { createApp } from '../src/app/create-app.js';
import { loadConfig } from '../src/app/config.js';
import type { BossDb, Db, Queryable } from '../src/db/database.js';
import { createLogger } from '../src/shared/logger.js';
import { openTestDatabase, type DatabaseKind } from '../tests/support/databases.js';
import { report, table } from './bench-support.js';

const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);

function counted(inner: Db, seen: string[]): Db {
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      seen.push(sql);
      return q.query(sql, params);
    },
  });
  const originals = new WeakMap<Queryable, Queryable>();
  return {
    kind: inner.kind,
    query: wrap(inner).query,
    withTransaction: (fn) =>
      inner.withTransaction((tx) => {
        const w = wrap(tx);
        originals.set(w, tx);
        return fn(w);
      }),
    bossAdapter(tx?: Queryable): BossDb {
      const a = inner.bossAdapter(tx ? (originals.get(tx) ?? tx) : undefined);
      return { executeSql: (text, values) => (seen.push(text), a.executeSql(text, values)) };
    },
    close: () => inner.close(),
  };
}

function sourceOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ');
  if (/pgboss|\bjob\b|\bqueue\b/i.test(s)) return 'pg-boss';
  if (/\btimers\b/.test(s)) return 'timers';
  if (/\boutbox\b/.test(s)) return 'outbox';
  if (/rate_events/.test(s)) return 'rate budgets';
  return 'other';
}

async function measure(kind: DatabaseKind) {
  const seen: string[] = [];
  const db = counted(await openTestDatabase(kind), seen);
  const config = loadConfig({ DDH_LOCAL: '1', LOG_LEVEL: 'silent' });
  const app = await createApp(config, { db, log: createLogger('silent'), installer: null });
  await new Promise((r) => setTimeout(r, 5_000)); // past start-up
  seen.length = 0;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const perMinute = (n: number) => Math.round((n * 60) / SECONDS);
  const bySource = new Map<string, number>();
  for (const sql of seen) bySource.set(sourceOf(sql), (bySource.get(sourceOf(sql)) ?? 0) + 1);
  await app.stop();
  await db.close();
  return { total: perMinute(seen.length), bySource: [...bySource].map(([k, n]) => `${k} ${perMinute(n)}`).join(', ') };
}

const rows: (string | number)[][] = [];
for (const kind of (process.env.TEST_DATABASE_URL ? ['pg', 'pglite'] : ['pglite']) as DatabaseKind[]) {
  const m = await measure(kind);
  rows.push([kind, m.total, m.bySource]);
}
report(
  'Idle cost: statements per minute with nobody using the bot',
  'TEST_DATABASE_URL=… npx tsx bench/idle-queries.ts',
  table(['database', 'statements/min', 'by source'], rows),
  [`Counted over ${SECONDS} s after a 5 s start-up, at the database interface (pg-boss's statements included).`],
);
