/**
 * Posting to and reading from Viva Engage, each post once per key. A post is marked 'posting' before the
 * call: if the process dies between Engage accepting it and our update, the row stays 'posting' and is
 * not sent again (at most once, flagged for the secretariat) — a duplicate company-wide post is worse than a late one.
 */
import type { Db } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { EngagePostRequest, DelayNotice } from './engage-public.js';
import type { Clock } from '../shared/clock.js';
import { buildMessageCard } from '../ui/message-card.js';
import { localDateOf } from '../shared/time.js';
import { EngageAuthError, type EngageClient, type EngageMessage } from './engage-client.js';

export interface EngageSettings {
  newsGroupId: string | null;
  shiftGroupId: string | null;
  postTypes: string[];
}

export type PostResult = 'posted' | 'skipped' | 'already';

export const MAX_POST_CHARS = 8_000;

/** Plain text for Engage: title, body and link; long bodies are cut with a note rather than refused. */
export function composePost(p: EngagePostRequest): string {
  const parts = [p.title, '', p.body, ...(p.link ? ['', p.link] : [])].join('\n');
  return parts.length <= MAX_POST_CHARS ? parts : `${parts.slice(0, MAX_POST_CHARS - 40)}\n… (forkortet; se Teams)`;
}

export class EngageService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly delivery: Delivery,
    private readonly client: EngageClient | null,
    private readonly settings: EngageSettings,
  ) {}

  async post(key: string, p: EngagePostRequest): Promise<PostResult> {
    const claimed = await this.db.query(
      `INSERT INTO engage_posts (key, kind, title, body, link, state) VALUES ($1, $2, $3, $4, $5, 'posting') ON CONFLICT (key) DO NOTHING`,
      [key, p.kind, p.title, p.body, p.link ?? null],
    );
    if (claimed.rowCount === 0) {
      const r = await this.db.query<{ state: string }>('SELECT state FROM engage_posts WHERE key = $1', [key]);
      // A failed attempt (rate limit, network) may be retried; posted/skipped/posting are final.
      if (r.rows[0]?.state !== 'failed') return 'already';
      await this.db.query(`UPDATE engage_posts SET state = 'posting', updated_at = now() WHERE key = $1`, [key]);
    }
    const why =
      !this.client || !this.settings.newsGroupId
        ? 'Viva Engage er ikke sat op'
        : !this.settings.postTypes.includes(p.kind)
          ? `opslag af typen ${p.kind} er slået fra`
          : null;
    if (why) {
      await this.db.query(`UPDATE engage_posts SET state = 'skipped', reason = $2, updated_at = now() WHERE key = $1`, [
        key,
        why,
      ]);
      return 'skipped';
    }
    try {
      const id = await this.client!.postMessage(this.settings.newsGroupId!, composePost(p));
      await this.db.query(
        `UPDATE engage_posts SET state = 'posted', message_id = $2, updated_at = now() WHERE key = $1`,
        [key, id],
      );
      return 'posted';
    } catch (e) {
      await this.db.query(`UPDATE engage_posts SET state = 'failed', reason = $2, updated_at = now() WHERE key = $1`, [
        key,
        (e as Error).message.slice(0, 500),
      ]);
      if (e instanceof EngageAuthError) await this.reportLapsedLogin();
      throw e;
    }
  }

  /** Reads new posts in the shift community and hands each to the shifts capability once. */
  async poll(hand: (n: DelayNotice) => Promise<unknown>): Promise<number> {
    if (!this.client || !this.settings.shiftGroupId) return 0;
    const group = this.settings.shiftGroupId;
    const cursor = await this.db.query<{ last_message_id: string }>(
      'SELECT last_message_id FROM engage_cursor WHERE group_id = $1',
      [group],
    );
    let messages: EngageMessage[];
    try {
      messages = await this.client.messagesSince(group, cursor.rows[0]?.last_message_id ?? null);
    } catch (e) {
      if (e instanceof EngageAuthError) await this.reportLapsedLogin();
      throw e;
    }
    for (const m of messages) {
      await hand({
        messageId: m.id,
        senderEmail: m.senderEmail,
        senderObjectId: null,
        postedAt: new Date(m.createdAt).toISOString(),
        text: m.text.slice(0, 2000),
      });
    }
    const last = messages.at(-1);
    if (last) {
      await this.db.query(
        `INSERT INTO engage_cursor (group_id, last_message_id) VALUES ($1, $2) ON CONFLICT (group_id) DO UPDATE SET last_message_id = EXCLUDED.last_message_id, updated_at = now()`,
        [group, last.id],
      );
    }
    return messages.length;
  }

  /** Once a day at most, the secretariat hears that Engage needs a new login. */
  async reportLapsedLogin(): Promise<void> {
    await this.delivery.enqueue([
      {
        key: `engage:login-lapsed:${localDateOf(this.clock.now())}`,
        to: { kind: 'named', purpose: 'sekretariat' },
        card: buildMessageCard({
          title: 'Viva Engage: login er udløbet',
          text: 'Botten kan ikke længere poste på eller læse fra Viva Engage. Kør "npm run engage:login" med DDH\'s servicekonto.',
          tone: 'warning',
        }),
        batch: 'engage:login',
      },
    ]);
  }
}
