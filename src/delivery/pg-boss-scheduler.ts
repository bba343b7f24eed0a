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
  /** The shortest wait between timer ticks and the job queue's polling interval. */
  pollSeconds: number;
  /** Jobs fetched per poll and run side by side. */
  batchSize?: number;
}

/**
 * All job kinds share one pg-boss queue, dispatched by name: one poller instead of one per kind (issue 22, idle
 * cost). The queue is polled every JOB_POLL_SECONDS; jobs this instance queues itself wake its worker at once.
 */
export const JOB_QUEUE = 'ddh.jobs';
/** With nothing due sooner, the timer table is looked at this often (a timer another instance adds is seen then). */
const IDLE_TICK_MS = 10_000;
/** How long a caller's transaction usually takes to commit after it queued a job. */
const COMMIT_GRACE_MS = 50;

interface TickResult {
  moved: number;
  /** The earliest pending timer, by the injected clock. */
  nextDueAt: Date | null;
}

interface QueuedJob {
  name: string;
  key: string;
  payload: Record<string, unknown>;
}

/**
 * Timers live in our `timers` table, due by the injected clock; a tick moves due ones into pg-boss,
 * which runs them at least once across restarts and instances (SKIP LOCKED), and we skip done/cancelled ones.
 * Ticks follow the timers: the next one comes when the earliest pending timer is due (at least pollSeconds apart,
 * at most IDLE_TICK_MS), so an idle bot does not poll every second.
 */
export class PgBossScheduler implements JobScheduler {
  private readonly boss: PgBoss;
  private readonly handlers = new Map<string, JobHandler>();
  private ticker: NodeJS.Timeout | null = null;
  private nextTickAt = Infinity;
  private ticking: Promise<TickResult> | null = null;
  private workerId: string | null = null;
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
    await this.boss.createQueue(JOB_QUEUE);
    this.workerId = await this.boss.work<QueuedJob>(
      JOB_QUEUE,
      { batchSize: this.opts.batchSize ?? 100, pollingIntervalSeconds: Math.max(this.opts.pollSeconds, 2) },
      (jobs: Job<QueuedJob>[]) => this.runBatch(jobs),
    );
    this.started = true;
    // Jobs that fell due while we were down go out on the first tick.
    await this.tickAndPlan();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.ticker) clearTimeout(this.ticker);
    this.ticker = null;
    await this.ticking?.catch(() => undefined);
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }

  async schedule(name: string, payload: Record<string, unknown>, opts: ScheduleOptions = {}): Promise<boolean> {
    const key = opts.key ?? `${name}:${randomUUID()}`;
    const runAt = opts.runAt ?? this.clock.now();
    const due = runAt.getTime() <= this.clock.now().getTime() && !opts.atNextTick;
    const insert = async (tx: Queryable) => {
      const r = await tx.query(
        `INSERT INTO timers (key, name, payload, due_at, state) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`,
        [key, name, JSON.stringify(payload), runAt, due ? 'queued' : 'pending'],
      );
      if (r.rowCount === 0) return false;
      if (due) await this.enqueue(tx, key, name, payload);
      return true;
    };
    const added = opts.tx ? await insert(opts.tx) : await this.db.withTransaction(insert);
    if (!added) return false;
    if (due) this.wakeWorker(opts.tx ? COMMIT_GRACE_MS : 0);
    else this.planTick(runAt.getTime() - this.clock.now().getTime());
    return true;
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
    return this.tickOnce().then((r) => r.moved);
  }

  /** Waits until no timer is queued (tests, benchmarks, graceful shutdown). */
  async drain(timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.tick();
      const r = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM timers WHERE state = 'queued'`);
      if (r.rows[0].n === 0) return;
      if (Date.now() > until) throw new Error(`drain: ${r.rows[0].n} jobs still queued`);
      if (this.workerId) this.boss.notifyWorker(this.workerId);
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  private tickOnce(): Promise<TickResult> {
    if (this.ticking) return this.ticking;
    this.ticking = this.db
      .withTransaction(async (tx) => {
        const rows = await tx.query<{
          key: string | null;
          name: string;
          payload: Record<string, unknown>;
          next_due: Date | null;
        }>(
          `WITH moved AS (
             UPDATE timers SET state = 'queued', updated_at = now() WHERE key IN (
               SELECT key FROM timers WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT 500 FOR UPDATE SKIP LOCKED)
             RETURNING key, name, payload)
           SELECT m.key, m.name, m.payload, NULL::timestamptz AS next_due FROM moved m
           UNION ALL
           SELECT NULL, NULL, NULL, (SELECT min(due_at) FROM timers WHERE state = 'pending' AND due_at > $1)`,
          [this.clock.now()],
        );
        const moved = rows.rows.filter((t) => t.key !== null);
        for (const t of moved) await this.enqueue(tx, t.key!, t.name, t.payload);
        const next = rows.rows.find((t) => t.key === null)?.next_due ?? null;
        return { moved: moved.length, nextDueAt: next ? new Date(next) : null };
      })
      .then((r) => {
        if (r.moved) this.wakeWorker(0);
        return r;
      })
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** A tick, then the next one planned when the earliest pending timer is due. */
  private async tickAndPlan(): Promise<void> {
    if (!this.started) return;
    let waitMs = IDLE_TICK_MS;
    try {
      const { moved, nextDueAt } = await this.tickOnce();
      if (moved === 500)
        waitMs = 0; // more are due
      else if (nextDueAt) waitMs = nextDueAt.getTime() - this.clock.now().getTime();
    } catch (err) {
      this.log.error({ err }, 'timer tick failed');
    }
    this.nextTickAt = Infinity;
    this.planTick(waitMs);
  }

  /** Plans the next tick in waitMs (within [pollSeconds, IDLE_TICK_MS]) unless one is planned sooner. */
  private planTick(waitMs: number): void {
    if (!this.started) return;
    const wait = Math.min(IDLE_TICK_MS, Math.max(this.opts.pollSeconds * 1000, waitMs));
    const at = Date.now() + wait;
    if (this.ticker && at >= this.nextTickAt) return;
    if (this.ticker) clearTimeout(this.ticker);
    this.nextTickAt = at;
    this.ticker = setTimeout(() => {
      this.ticker = null;
      void this.tickAndPlan();
    }, wait);
    this.ticker.unref();
  }

  /**
   * Wakes this instance's worker for a job queued just now. In the caller's transaction the job is visible only after
   * the commit, so the wake comes a moment later; one that comes too early costs only the next poll.
   */
  private wakeWorker(afterMs: number): void {
    const workerId = this.workerId;
    if (!workerId) return;
    if (afterMs <= 0) return this.boss.notifyWorker(workerId);
    setTimeout(() => this.started && this.boss.notifyWorker(workerId), afterMs).unref();
  }

  private async enqueue(tx: Queryable, key: string, name: string, payload: Record<string, unknown>): Promise<void> {
    // A job with no handler would sit unseen, so that is a bug, not a case.
    if (!this.handlers.has(name)) throw new Error(`No handler registered for job ${name}`);
    await this.boss.send(JOB_QUEUE, { name, key, payload } satisfies QueuedJob, {
      id: jobIdFor(key),
      db: this.db.bossAdapter(tx) as unknown as BossDb,
    });
  }

  private async runBatch(jobs: Job<QueuedJob>[]): Promise<void> {
    const failed: string[] = [];
    await Promise.all(
      jobs.map((job) =>
        this.run(job.data).then(
          () => jobCounter.add(1, { job: job.data.name, result: 'ok' }),
          (err: unknown) => {
            jobCounter.add(1, { job: job.data.name, result: 'failed' });
            this.log.warn({ err, job: job.data.name, key: job.data.key }, 'job failed; will retry');
            failed.push(job.id);
          },
        ),
      ),
    );
    if (failed.length) await this.boss.fail(JOB_QUEUE, failed);
  }

  private async run(data: QueuedJob): Promise<void> {
    const handler = this.handlers.get(data.name);
    if (!handler) throw new Error(`No handler registered for job ${data.name}`);
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
