import type { Queryable } from '../db/database.js';

/** A durable timed job; handlers must be idempotent (a job can run again after a crash mid-way). */
export type JobHandler = (payload: Record<string, unknown>, meta: { key: string }) => Promise<void>;

export interface ScheduleOptions {
  /** When to run, on the injected clock; omitted means now. */
  runAt?: Date;
  /** Scheduling the same key twice does nothing; cancel() takes it. Defaults to a random key. */
  key?: string;
  /** Enqueue inside the caller's transaction, so the job exists exactly when the state change does. */
  tx?: Queryable;
  /**
   * Even when due, leave the job to the next timer tick (within the poll interval) instead of handing it to the queue
   * at once: one statement instead of two, for follow-up work on a hot path (e.g. refreshing other copies of a card).
   */
  atNextTick?: boolean;
}

/** What services use for timed work: no in-process timers hold state; everything is in the database. */
export interface JobScheduler {
  schedule(name: string, payload: Record<string, unknown>, opts?: ScheduleOptions): Promise<boolean>;
  /** Cancels pending timers whose key equals or starts with keyPrefix (e.g. every step of one incident). */
  cancel(keyPrefix: string, tx?: Queryable): Promise<number>;
  /** Registers the handler of a job name; call before start(). */
  work(name: string, handler: JobHandler): void;
}
