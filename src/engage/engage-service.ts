/**
 * Posting to and reading from Viva Engage, each post once per key. A post is marked 'posting' before the
 * call: if the process dies between Engage accepting it and our update, the row stays 'posting' and is
 * not sent again (at most once, flagged for the secretariat) — a duplicate company-wide post is worse than a late one.
 */
import type { Db } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import { localDateOf } from '../shared/time.js';
import { buildMessageCard } from '../ui/message-card.js';
import { EngageAuthError, type EngageClient, type EngageMessage } from './engage-client.js';
import type { DelayNotice, EngagePostRequest } from './engage-public.js';
import {
  claimPost,
  markPostNotPosted,
  markPostPosted,
  readCursor,
  reclaimFailedPost,
  saveCursor,
} from './engage-repository.js';

/** Where the service posts and reads, and which kinds of post are switched on. */
export interface EngageGroups {
  /** The company-wide news community; null when Engage posting is not set up. */
  newsGroupId: string | null;
  /** The shift community agents post delays in; null when it is not read. */
  shiftGroupId: string | null;
  postTypes: string[];
}

export interface EngageServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  /** Null when Engage is not configured: posts are skipped and nothing is read. */
  client: EngageClient | null;
  groups: EngageGroups;
}

export type PostResult = 'posted' | 'skipped' | 'already';

export const MAX_POST_CHARS = 8_000;
export const MAX_NOTICE_CHARS = 2_000;

/** Plain text for Engage: title, body and link; long bodies are cut with a note rather than refused. */
export function composePost(request: EngagePostRequest): string {
  const text = [request.title, '', request.body, ...(request.link ? ['', request.link] : [])].join('\n');
  return text.length <= MAX_POST_CHARS ? text : `${text.slice(0, MAX_POST_CHARS - 40)}\n… (forkortet; se Teams)`;
}

export class EngageService {
  constructor(private readonly deps: EngageServiceDeps) {}

  /**
   * Posts once per key: 'already' when the key was posted, skipped or is being posted; a failed attempt
   * (rate limit, network) is tried again. Errors from Engage are thrown for the job queue to retry.
   */
  async post(key: string, request: EngagePostRequest): Promise<PostResult> {
    const { db, client, groups } = this.deps;
    if (!(await claimPost(db, key, request)) && !(await reclaimFailedPost(db, key))) return 'already';
    if (!client || !groups.newsGroupId) return this.skip(key, 'Viva Engage er ikke sat op');
    if (!groups.postTypes.includes(request.kind)) return this.skip(key, `opslag af typen ${request.kind} er slået fra`);
    try {
      await markPostPosted(db, key, await client.postMessage(groups.newsGroupId, composePost(request)));
      return 'posted';
    } catch (error) {
      await markPostNotPosted(db, key, 'failed', (error as Error).message);
      if (error instanceof EngageAuthError) await this.reportLapsedLogin();
      throw error;
    }
  }

  private async skip(key: string, reason: string): Promise<'skipped'> {
    await markPostNotPosted(this.deps.db, key, 'skipped', reason);
    return 'skipped';
  }

  /** Reads new posts in the shift community and hands each to the shifts capability once; returns how many. */
  async poll(handOn: (notice: DelayNotice) => Promise<unknown>): Promise<number> {
    const { db, client, groups } = this.deps;
    if (!client || !groups.shiftGroupId) return 0;
    let messages: EngageMessage[];
    try {
      messages = await client.messagesSince(groups.shiftGroupId, await readCursor(db, groups.shiftGroupId));
    } catch (error) {
      if (error instanceof EngageAuthError) await this.reportLapsedLogin();
      throw error;
    }
    for (const message of messages) {
      await handOn({
        messageId: message.id,
        senderEmail: message.senderEmail,
        senderObjectId: null,
        postedAt: new Date(message.createdAt).toISOString(),
        text: message.text.slice(0, MAX_NOTICE_CHARS),
      });
    }
    const last = messages.at(-1);
    if (last) await saveCursor(db, groups.shiftGroupId, last.id);
    return messages.length;
  }

  /** Once a day at most, the secretariat hears that Engage needs a new login. */
  async reportLapsedLogin(): Promise<void> {
    await this.deps.delivery.enqueue([
      {
        key: `engage:login-lapsed:${localDateOf(this.deps.clock.now())}`,
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
