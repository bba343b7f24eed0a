import { createHash, randomUUID } from 'node:crypto';
import { PgBoss, type ConstructorOptions, type Db as BossDb, type Job } from 'pg-boss';
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { JobHandler, JobScheduler, ScheduleOptions } from './scheduler.js';
import { jobCounter } from '../shared/metrics.js';

/** A deterministic job id per timer key: pg-boss inserts with ON CONFLICT DO NOTHING, so a key enqueues once. */
export function jobIdFor(key: string): string {
  const h = createHash('sha1').update(`ddh-timer:${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export interface PgBossSchedulerOptions {
  pollSeconds: number;
  /** Jobs fetched per poll and run side by side. */
  batchSize?: number;
}

/**
 * Timers live in our `timers` table, due by the injected clock; a tick moves due ones into pg-boss,
 * which runs them at least once across restarts and instances (SKIP LOCKED), and we skip done/cancelled ones.
 */
export class PgBossScheduler implements JobScheduler {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, JobHandler>();
  private ticker: NodeJS.Timeout | null = null;
  private ticking: Promise<number> | null = null;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: PgBossSchedulerOptions,
  ) {
    this.boss = new PgBoss({
      db: db.bossAdapter() as unknown as BossDb,
      schema: 'pgboss',
      supervise: true,
      schedule: false,
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 300,
    } as ConstructorOptions);
    this.boss.on('error', (err: Error) => this.log.error({ err }, 'job queue error'));
  }

  work(name: string, handler: JobHandler): void {
    if (this.started) throw new Error(`work(${name}) after start()`);
    this.handlers.set(name, handler);
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const [name, handler] of this.handlers) {
      await this.boss.createQueue(name);
      await this.boss.work<{ key: string; payload: Record<string, unknown> }>(
        name,
        { batchSize: this.opts.batchSize ?? 100, pollingIntervalSeconds: this.opts.pollSeconds },
        async (jobs: Job<{ key: string; payload: Record<string, unknown> }>[]) => {
          const failed: string[] = [];
          await Promise.all(
            jobs.map((job) =>
              this.run(name, handler, job.data).then(
                () => jobCounter.add(1, { job: name, result: 'ok' }),
                (err: unknown) => {
                  jobCounter.add(1, { job: name, result: 'failed' });
                  this.log.warn({ err, job: name, key: job.data.key }, 'job failed; will retry');
                  failed.push(job.id);
                },
              ),
            ),
          );
          if (failed.length) await this.boss.fail(name, failed);
        },
      );
    }
    this.started = true;
    // Jobs that fell due while we were down go out on the first tick.
    await this.tick();
    this.ticker = setInterval(
      () => void this.tick().catch((err) => this.log.error({ err }, 'timer tick failed')),
      this.opts.pollSeconds * 1000,
    );
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await this.ticking?.catch(() => undefined);
    await this.boss.stop({ graceful: true, timeout: 10_000 });
    this.started = false;
  }

  async schedule(name: string, payload: Record<string, unknown>, opts: ScheduleOptions = {}): Promise<boolean> {
    const key = opts.key ?? `${name}:${randomUUID()}`;
    const runAt = opts.runAt ?? this.clock.now();
    const due = runAt.getTime() <= this.clock.now().getTime();
    const insert = async (tx: Queryable) => {
      const r = await tx.query(
        `INSERT INTO timers (key, name, payload, due_at, state) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`,
        [key, name, JSON.stringify(payload), runAt, due ? 'queued' : 'pending'],
      );
      if (r.rowCount === 0) return false;
      if (due) await this.enqueue(tx, key, name, payload);
      return true;
    };
    return opts.tx ? insert(opts.tx) : this.db.withTransaction(insert);
  }

  async cancel(keyPrefix: string, tx?: Queryable): Promise<number> {
    const r = await (tx ?? this.db).query(
      `UPDATE timers SET state = 'cancelled', updated_at = now()
       WHERE (key = $1 OR key LIKE $2) AND state IN ('pending', 'queued')`,
      [keyPrefix, `${keyPrefix.replace(/[\\%_]/g, '\\$&')}%`],
    );
    return r.rowCount;
  }

  /** Moves due timers into the queue; returns how many. Safe to run from several instances at once. */
  tick(): Promise<number> {
    if (this.ticking) return this.ticking;
    this.ticking = this.db
      .withTransaction(async (tx) => {
        const due = await tx.query<{ key: string; name: string; payload: Record<string, unknown> }>(
          `UPDATE timers SET state = 'queued', updated_at = now() WHERE key IN (
             SELECT key FROM timers WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT 500 FOR UPDATE SKIP LOCKED)
           RETURNING key, name, payload`,
          [this.clock.now()],
        );
        for (const t of due.rows) await this.enqueue(tx, t.key, t.name, t.payload);
        return due.rows.length;
      })
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** Waits until no timer is queued (tests, benchmarks, graceful shutdown). */
  async drain(timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.tick();
      const r = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM timers WHERE state = 'queued'`);
      if (r.rows[0].n === 0) return;
      if (Date.now() > until) throw new Error(`drain: ${r.rows[0].n} jobs still queued`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  private async enqueue(tx: Queryable, key: string, name: string, payload: Record<string, unknown>): Promise<void> {
    // Queues are created in start(); a job with no handler would sit unseen, so that is a bug, not a case.
    if (!this.handlers.has(name)) throw new Error(`No handler registered for job ${name}`);
    await this.boss.send(
      name,
      { key, payload },
      { id: jobIdFor(key), db: this.db.bossAdapter(tx) as unknown as BossDb },
    );
  }

  private async run(
    name: string,
    handler: JobHandler,
    data: { key: string; payload: Record<string, unknown> },
  ): Promise<void> {
    const t = await this.db.query<{ state: string }>('SELECT state FROM timers WHERE key = $1', [data.key]);
    const state = t.rows[0]?.state;
    if (state === 'cancelled' || state === 'done') return;
    await handler(data.payload, { key: data.key });
    await this.db.query(
      `UPDATE timers SET state = 'done', attempts = attempts + 1, updated_at = now() WHERE key = $1`,
      [data.key],
    );
  }
}
