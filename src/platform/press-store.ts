/**
 * Once-only card presses, shared by every instance through the database. The first press of a key claims it and
 * records its answer; a repeat within REPEAT_WINDOW_MS (double-click, Teams retry, a second device at the same moment,
 * another instance) waits for that answer and gets it instead of acting again. Later, a press of a button whose
 * answer was a NEW message (a menu button opening a form or a list) is a new press: pressed twice a minute apart, it
 * opens its card twice. Every other answer replaced the pressed card or changed something, so the same button on that
 * card instance can only come again from a stale copy, and it keeps getting the first answer. A press that was refused
 * (a DomainError the user can fix) releases its claim, so a corrected press on the same card is acted on; a press whose
 * worker died is taken over after STALE_MS.
 */
import type { Db } from '../db/database.js';
import type { ActionResult } from './bot-app.js';

const STALE_MS = 30_000;
/** A double-click comes within a second; a retry by the channel comes while the first is still running or just after. */
const REPEAT_WINDOW_MS = 5_000;
const WAIT_MS = 10_000;
const POLL_MS = 50;

export type Claim = { kind: 'first' } | { kind: 'repeat'; result: ActionResult } | { kind: 'busy' };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PressStore {
  constructor(private readonly db: Db) {}

  async claim(key: string): Promise<Claim> {
    const until = Date.now() + WAIT_MS;
    for (;;) {
      const r = await this.db.query<{ claimed: boolean; done: boolean; result: ActionResult | null }>(
        `WITH ins AS (
           INSERT INTO card_presses (key) VALUES ($1) ON CONFLICT (key) DO NOTHING RETURNING key
         ), takeover AS (
           UPDATE card_presses SET claimed_at = now(), done = false, done_at = NULL, result = NULL
           WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM ins)
             AND ((NOT done AND claimed_at < now() - make_interval(secs => $2))
               OR (done AND done_at < now() - make_interval(secs => $3) AND result->>'mode' = 'reply'))
           RETURNING key
         )
         SELECT EXISTS (SELECT 1 FROM ins) OR EXISTS (SELECT 1 FROM takeover) AS claimed,
                coalesce((SELECT done FROM card_presses WHERE key = $1), false) AS done,
                (SELECT result FROM card_presses WHERE key = $1) AS result`,
        [key, STALE_MS / 1000, REPEAT_WINDOW_MS / 1000],
      );
      const row = r.rows[0];
      if (row.claimed) return { kind: 'first' };
      if (row.done) return { kind: 'repeat', result: row.result ?? undefined };
      if (Date.now() > until) return { kind: 'busy' };
      await sleep(POLL_MS);
    }
  }

  /** The first press's answer, for every repeat. */
  async complete(key: string, result: ActionResult): Promise<void> {
    await this.db.query('UPDATE card_presses SET done = true, done_at = now(), result = $2 WHERE key = $1', [
      key,
      JSON.stringify(result ?? null),
    ]);
  }

  /** The press changed nothing (refused or failed): the next press of the same button is acted on. */
  async release(key: string): Promise<void> {
    await this.db.query('DELETE FROM card_presses WHERE key = $1 AND NOT done', [key]);
  }

  /** Presses older than `days` can no longer be repeated by Teams; their answers go. */
  async purgeOlderThan(days: number): Promise<number> {
    const r = await this.db.query('DELETE FROM card_presses WHERE claimed_at < now() - make_interval(days => $1)', [
      days,
    ]);
    return r.rowCount;
  }
}
