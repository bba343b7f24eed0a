/**
 * Rate budgets: "may one more go to these buckets now, and if not, how long until it may?". Several buckets are taken
 * together or not at all (a send to a conversation spends the conversation's budget and the tenant's). With
 * PostgreSQL the budget is shared by every instance of the bot (rate_events, under an advisory lock per bucket, timed
 * by the database's clock), so two or more instances together stay within Teams' limits; with the embedded database
 * there is one process, and the budget lives in its memory.
 */
import type { Db } from '../db/database.js';
import { SlidingWindowLimiter, type Window } from './rate-limiter.js';

export interface BucketClaim {
  key: string;
  windows: Window[];
}

export interface RateBudget {
  /** 0 when one was taken from every bucket; else the milliseconds to wait before asking again (nothing taken). */
  take(claims: BucketClaim[]): Promise<number>;
  /** Forgets what no window can count any more. */
  prune(): Promise<void>;
}

/** The longest window Teams counts is an hour; a little more keeps the last send of an hour visible. */
const KEEP_SECONDS = 3_700;
/** A send leaves here a little before Teams counts it, and requests overtake each other. */
const SLACK_MS = 150;

export class MemoryRateBudget implements RateBudget {
  private readonly limiters = new Map<string, SlidingWindowLimiter>();

  private limiterFor(claim: BucketClaim): SlidingWindowLimiter {
    const id = claim.windows.map((w) => `${w.limit}/${w.ms}`).join(',');
    let l = this.limiters.get(id);
    if (!l) this.limiters.set(id, (l = new SlidingWindowLimiter(claim.windows, SLACK_MS)));
    return l;
  }

  async take(claims: BucketClaim[]): Promise<number> {
    const now = Date.now();
    const wait = Math.max(0, ...claims.map((c) => this.limiterFor(c).delayFor(c.key, now)));
    if (wait > 0) return wait;
    for (const c of claims) this.limiterFor(c).record(c.key, now);
    return 0;
  }

  async prune(): Promise<void> {
    const now = Date.now();
    for (const l of this.limiters.values()) l.prune(now);
  }
}

export class SharedRateBudget implements RateBudget {
  constructor(private readonly db: Db) {}

  async take(claims: BucketClaim[]): Promise<number> {
    const ordered = [...claims].sort((a, b) => a.key.localeCompare(b.key)); // one lock order: no deadlock
    return this.db.withTransaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k', [
        ordered.map((c) => `ddh-rate:${c.key}`),
      ]);
      // Per bucket and window: when the window is full, the send that must leave it before one more fits.
      const rows = ordered.flatMap((c) => c.windows.map((w) => ({ key: c.key, limit: w.limit, ms: w.ms + SLACK_MS })));
      const r = await tx.query<{ wait: number | null }>(
        `SELECT max(greatest(0, extract(epoch FROM (full_at + make_interval(secs => w.ms / 1000.0)) - clock_timestamp()) * 1000))::float8 AS wait
         FROM unnest($1::text[], $2::int[], $3::int[]) AS w(key, lim, ms)
         CROSS JOIN LATERAL (
           SELECT at AS full_at FROM rate_events
           WHERE bucket = w.key AND at > clock_timestamp() - make_interval(secs => w.ms / 1000.0)
           ORDER BY at DESC OFFSET w.lim - 1 LIMIT 1
         ) f`,
        [rows.map((x) => x.key), rows.map((x) => x.limit), rows.map((x) => x.ms)],
      );
      const wait = Math.ceil(r.rows[0]?.wait ?? 0);
      if (wait > 0) return wait;
      await tx.query('INSERT INTO rate_events (bucket) SELECT unnest($1::text[])', [ordered.map((c) => c.key)]);
      return 0;
    });
  }

  async prune(): Promise<void> {
    await this.db.query(`DELETE FROM rate_events WHERE at < clock_timestamp() - make_interval(secs => $1)`, [
      KEEP_SECONDS,
    ]);
  }
}

export function rateBudgetFor(db: Db): RateBudget {
  return db.kind === 'pg' ? new SharedRateBudget(db) : new MemoryRateBudget();
}
