/** Helpers for the shifts end-to-end tests: signed ingest requests and reading what the fake connector got. */
import { signIngest } from '../../src/shifts/ingest-signature.js';
import { FakeConnector } from '../support/fake-connector.js';
import type { TestApp } from '../support/test-app.js';

export const SECRET = 'test-secret-0123456789abcdef';

export interface SignedOptions {
  timestamp?: number;
  secret?: string;
  contentType?: string;
  signature?: string;
}

export async function signedPost(t: TestApp, path: string, body: unknown, opts: SignedOptions = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(opts.timestamp ?? Math.floor(t.clock.now().getTime() / 1000));
  const signature = opts.signature ?? signIngest(opts.secret ?? SECRET, ts, raw);
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? (typeof body === 'string' ? 'text/csv' : 'application/json'),
      'x-ddh-timestamp': ts,
      'x-ddh-signature': signature,
    },
    body: raw,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any, signature, ts, raw };
}

export const personalConv = (objectId: string) => `personal-${objectId}`;

/** Every card sent to a conversation as a new message (proactive sends go out as replies to the last activity too). */
export function cardsIn(t: TestApp, conversationId: string): any[] {
  return t.connector
    .sent(conversationId)
    .map((c) => FakeConnector.cardOf(c))
    .filter(Boolean);
}

/** The no-show alert cards a conversation received (not menus or notices). */
export function alertsTo(t: TestApp, conversationId: string, municipality?: string): any[] {
  const title = `Udeblivelse fra vagt: ${municipality ?? ''}`;
  return cardsIn(t, conversationId).filter((c) => cardTexts(c).some((x) => x.startsWith(title)));
}

export function cardUpdatesIn(t: TestApp, conversationId: string): any[] {
  return t.connector
    .updates(conversationId)
    .map((c) => FakeConnector.cardOf(c))
    .filter(Boolean);
}

/** Every text of a card (TextRun/TextBlock), to assert on what people read. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(card);
  return out;
}

export function lastCardText(cards: any[]): string {
  return cards.length ? cardTexts(cards[cards.length - 1]).join('\n') : '';
}

export function csv(rows: string[]): string {
  return ['shift_id,municipality_code,agent_email,start,end', ...rows].join('\n') + '\n';
}
