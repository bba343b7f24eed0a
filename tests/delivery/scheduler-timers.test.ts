import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { PgBossScheduler } from '../../src/delivery/pg-boss-scheduler.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';

describe.each(testDatabases())('durable timers on %s', (kind) => {
  let db: Db;
  let clock: ManualClock;
  let scheduler: PgBossScheduler;
  const ran: string[] = [];
  let failOnce = true;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    clock = new ManualClock(new Date('2026-11-24T07:00:00Z'));
    scheduler = new PgBossScheduler(db, clock, createLogger('silent'), { pollSeconds: 0.5 });
    scheduler.work('test.echo', async (payload) => {
      ran.push(String(payload.n));
    });
    scheduler.work('test.flaky', async (payload) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('first attempt fails');
      }
      ran.push(`flaky:${payload.n}`);
    });
    await scheduler.start();
  });
  afterAll(async () => {
    await scheduler.stop();
    await db.close();
  });

  it('runs a timer when the injected clock reaches it, not before', async () => {
    expect(
      await scheduler.schedule('test.echo', { n: 1 }, { key: 't:1', runAt: new Date('2026-11-24T07:05:00Z') }),
    ).toBe(true);
    await scheduler.drain();
    expect(ran).toEqual([]);
    clock.advanceMinutes(5);
    await scheduler.drain();
    expect(ran).toEqual(['1']);
  });

  it('schedules a key once, however often it is asked', async () => {
    const results = await Promise.all([1, 2, 3].map(() => scheduler.schedule('test.echo', { n: 2 }, { key: 't:2' })));
    expect(results.filter(Boolean)).toHaveLength(1);
    await scheduler.drain();
    expect(ran.filter((r) => r === '2')).toHaveLength(1);
  });

  it('cancels every timer under a key prefix', async () => {
    const at = new Date(clock.now().getTime() + 60_000);
    await scheduler.schedule('test.echo', { n: 3 }, { key: 'inc:9:step:1', runAt: at });
    await scheduler.schedule('test.echo', { n: 4 }, { key: 'inc:9:step:2', runAt: at });
    await scheduler.schedule('test.echo', { n: 5 }, { key: 'inc:90:step:1', runAt: at });
    expect(await scheduler.cancel('inc:9:')).toBe(2);
    clock.advanceMinutes(2);
    await scheduler.drain();
    expect(ran.filter((r) => ['3', '4', '5'].includes(r))).toEqual(['5']);
  });

  it("enqueues inside the caller's transaction: a rollback leaves no job", async () => {
    await expect(
      db.withTransaction(async (tx) => {
        await scheduler.schedule('test.echo', { n: 6 }, { key: 't:6', tx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await scheduler.drain();
    expect(ran).not.toContain('6');
    expect((await db.query('SELECT count(*)::int AS n FROM timers WHERE key = $1', ['t:6'])).rows[0].n).toBe(0);
  });

  it('retries a failed job until it succeeds', async () => {
    await scheduler.schedule('test.flaky', { n: 7 }, { key: 't:7' });
    const until = Date.now() + 20_000;
    while (!ran.includes('flaky:7') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(ran).toContain('flaky:7');
  });
});
