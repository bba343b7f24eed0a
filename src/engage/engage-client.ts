/**
 * Viva Engage through the Yammer REST API v1 (Graph cannot post or read community messages), behind a
 * small interface. Our own limiter keeps to 10 requests per 30 s per user per app; a 429 is returned to
 * the caller with Retry-After so the job queue can try again later.
 */
import { SlidingWindowLimiter } from '../delivery/rate-limiter.js';

export interface EngageMessage {
  id: string;
  senderId: string;
  senderEmail: string | null;
  createdAt: string;
  text: string;
}

export interface EngageClient {
  postMessage(groupId: string, body: string): Promise<string>;
  messagesSince(groupId: string, newerThan: string | null): Promise<EngageMessage[]>;
}

export class EngageRateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Viva Engage rate limit; retry after ${retryAfterMs} ms`);
  }
}

export class EngageAuthError extends Error {}

export const ENGAGE_WINDOW = { limit: 10, ms: 30_000 };

export class YammerRestClient implements EngageClient {
  private readonly limiter = new SlidingWindowLimiter([ENGAGE_WINDOW], 250);

  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  async postMessage(groupId: string, body: string): Promise<string> {
    const form = new URLSearchParams({ group_id: groupId, body });
    const res = await this.call('/api/v1/messages.json', { method: 'POST', body: form });
    const json = (await res.json()) as { messages?: { id: number | string }[] };
    const id = json.messages?.[0]?.id;
    if (id === undefined) throw new Error('Viva Engage returned no message id');
    return String(id);
  }

  async messagesSince(groupId: string, newerThan: string | null): Promise<EngageMessage[]> {
    const query = newerThan ? `?newer_than=${encodeURIComponent(newerThan)}` : '?limit=20';
    const res = await this.call(`/api/v1/messages/in_group/${encodeURIComponent(groupId)}.json${query}`, {
      method: 'GET',
    });
    const json = (await res.json()) as {
      messages?: { id: number | string; sender_id: number | string; created_at: string; body?: { plain?: string } }[];
      references?: { type: string; id: number | string; email?: string }[];
    };
    const emails = new Map(
      (json.references ?? [])
        .filter((reference) => reference.type === 'user')
        .map((reference) => [String(reference.id), reference.email ?? null]),
    );
    return (json.messages ?? [])
      .map((message) => ({
        id: String(message.id),
        senderId: String(message.sender_id),
        senderEmail: emails.get(String(message.sender_id)) ?? null,
        createdAt: message.created_at,
        text: message.body?.plain ?? '',
      }))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  private async call(path: string, init: { method: string; body?: URLSearchParams }): Promise<Response> {
    const wait = this.limiter.delayFor('engage', Date.now());
    if (wait > 0) throw new EngageRateLimited(wait);
    this.limiter.record('engage', Date.now());
    const res = await fetch(`${this.baseUrl.replace(/\/$/, '')}${path}`, {
      method: init.method,
      body: init.body,
      headers: { authorization: `Bearer ${await this.token()}`, accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
    if (res.status === 429) {
      const secs = Number(res.headers.get('retry-after'));
      throw new EngageRateLimited(Number.isFinite(secs) && secs > 0 ? secs * 1000 : 60_000);
    }
    if (res.status === 401) throw new EngageAuthError('Viva Engage refused the token (401)');
    if (!res.ok) throw new Error(`Viva Engage answered ${res.status}`);
    return res;
  }
}
