import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { EngageRateLimited, YammerRestClient, type EngageClient } from '../../src/engage/engage-client.js';
import { EngageService, composePost } from '../../src/engage/engage-service.js';
import { decrypt, encrypt, tokenKey } from '../../src/engage/engage-crypto.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import { ManualClock } from '../../src/shared/clock.js';
import type { DelayNotice } from '../../src/engage/engage-public.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';

/** A Yammer stand-in on 127.0.0.1 that records posts and serves a community's messages. */
function fakeYammer() {
  const posts: { at: number; body: string; group: string }[] = [];
  const community: { id: number; sender_id: number; created_at: string; body: { plain: string } }[] = [];
  let throttleNext = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    res.setHeader('content-type', 'application/json');
    if (throttleNext > 0) {
      throttleNext--;
      res.writeHead(429, { 'retry-after': '7' }).end('{}');
      return;
    }
    const url = new URL(req.url!, 'http://x');
    if (req.method === 'POST' && url.pathname === '/api/v1/messages.json') {
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      posts.push({ at: Date.now(), body: form.get('body')!, group: form.get('group_id')! });
      res.end(JSON.stringify({ messages: [{ id: 1000 + posts.length }] }));
      return;
    }
    const newer = Number(url.searchParams.get('newer_than') ?? 0);
    res.end(
      JSON.stringify({
        messages: community.filter((m) => m.id > newer).reverse(),
        references: [{ type: 'user', id: 7, email: 'agent@eksempel.dk' }],
      }),
    );
  });
  return { server, posts, community, throttle: (n: number) => (throttleNext = n) };
}

describe('Viva Engage client and crypto', () => {
  it('encrypts the token cache and detects tampering', () => {
    const key = tokenKey('en hemmelig nøgle til test');
    const sealed = encrypt('{"cache":1}', key);
    expect(decrypt(sealed, key)).toBe('{"cache":1}');
    const [iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() => decrypt([iv, tag, flipped.toString('base64')].join('.'), key)).toThrow();
    expect(() => decrypt(sealed, tokenKey('en anden nøgle'))).toThrow();
  });

  it('keeps long posts within bounds and text as text', () => {
    expect(composePost({ kind: 'agenda', title: '*T*', body: 'x'.repeat(10_000) }).length).toBeLessThanOrEqual(8000);
  });
});

describe.each(testDatabases())('Viva Engage service on %s', (kind) => {
  let db: Db;
  const y = fakeYammer();
  let client: EngageClient;
  const sentToSecretariat: string[] = [];
  const delivery = {
    enqueue: async (m: { key: string }[]) => {
      sentToSecretariat.push(...m.map((x) => x.key));
      return { queued: [], unreachable: [] };
    },
  } as unknown as Delivery;
  const service = () =>
    new EngageService(db, new ManualClock(new Date('2026-11-24T09:00:00Z')), delivery, client, {
      newsGroupId: 'news',
      shiftGroupId: 'shift',
      postTypes: ['agenda', 'decision'],
    });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await new Promise<void>((r) => y.server.listen(0, '127.0.0.1', r));
    client = new YammerRestClient(`http://127.0.0.1:${(y.server.address() as AddressInfo).port}`, async () => 'token');
  });
  beforeEach(() => {
    y.posts.length = 0;
  });
  afterAll(async () => {
    y.server.close();
    await db.close();
  });

  it('posts once per key, even when the job runs again', async () => {
    const s = service();
    expect(await s.post('engage:post:agenda:1', { kind: 'agenda', title: 'Dagsorden', body: 'Punkter' })).toBe(
      'posted',
    );
    expect(await s.post('engage:post:agenda:1', { kind: 'agenda', title: 'Dagsorden', body: 'Punkter' })).toBe(
      'already',
    );
    expect(y.posts).toHaveLength(1);
    expect(y.posts[0]).toMatchObject({ group: 'news', body: 'Dagsorden\n\nPunkter' });
  });

  it('skips types that are switched off, without failing', async () => {
    expect(await service().post('engage:post:kpi:1', { kind: 'kpi-summary', title: 'KPI', body: '...' })).toBe(
      'skipped',
    );
    expect(y.posts).toHaveLength(0);
  });

  it('passes a 429 on with its Retry-After, and the retry posts once', async () => {
    y.throttle(1);
    const s = service();
    const err = await s
      .post('engage:post:decision:9', { kind: 'decision', title: 'Beslutning', body: 'Vedtaget' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(EngageRateLimited);
    expect((err as EngageRateLimited).retryAfterMs).toBe(7000);
    expect(await s.post('engage:post:decision:9', { kind: 'decision', title: 'Beslutning', body: 'Vedtaget' })).toBe(
      'posted',
    );
    expect(y.posts).toHaveLength(1);
  });

  it('never makes more than 10 requests in 30 seconds', async () => {
    const c = new YammerRestClient(`http://127.0.0.1:${(y.server.address() as AddressInfo).port}`, async () => 'token');
    const results = await Promise.allSettled(Array.from({ length: 14 }, (_, i) => c.postMessage('news', `nr ${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof EngageRateLimited)).toHaveLength(4);
  });

  it('hands each new delay post on once, moving its cursor', async () => {
    await new Promise((r) => setTimeout(r, 0));
    y.community.push({
      id: 501,
      sender_id: 7,
      created_at: '2026-11-24T07:03:00Z',
      body: { plain: 'Jeg er forsinket 10 min' },
    });
    const handed: DelayNotice[] = [];
    // A fresh client: the previous test used up this process's Engage budget on purpose.
    client = new YammerRestClient(`http://127.0.0.1:${(y.server.address() as AddressInfo).port}`, async () => 'token');
    const s = service();
    expect(await s.poll(async (n) => handed.push(n))).toBe(1);
    expect(await s.poll(async (n) => handed.push(n))).toBe(0);
    y.community.push({ id: 502, sender_id: 7, created_at: '2026-11-24T07:04:00Z', body: { plain: 'Teknisk problem' } });
    expect(await s.poll(async (n) => handed.push(n))).toBe(1);
    expect(handed.map((h) => [h.messageId, h.senderEmail])).toEqual([
      ['501', 'agent@eksempel.dk'],
      ['502', 'agent@eksempel.dk'],
    ]);
  });
});
