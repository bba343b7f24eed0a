/** The Yammer REST client and the token cache's encryption, against a stand-in on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngageAuthError, EngageRateLimited, YammerRestClient } from '../../src/engage/engage-client.js';
import { decrypt, encrypt, tokenKey } from '../../src/engage/engage-crypto.js';
import { yammerStandIn } from './yammer-stand-in.js';

describe('token cache encryption', () => {
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
});

describe('Yammer REST client', () => {
  const yammer = yammerStandIn();
  let baseUrl: string;
  // Each test gets its own client: the limiter's budget is per client.
  const client = () => new YammerRestClient(baseUrl, async () => 'token');

  beforeAll(async () => {
    baseUrl = await yammer.listen();
  });
  afterAll(() => yammer.close());

  it('posts to a group and returns the message id', async () => {
    expect(await client().postMessage('news', 'Dagsorden')).toBe('1001');
    expect(yammer.posts.at(-1)).toMatchObject({ group: 'news', body: 'Dagsorden' });
  });

  it('passes a 429 on with its Retry-After, and a 401 as an auth error', async () => {
    yammer.throttle(1);
    const limited = await client()
      .postMessage('news', 'x')
      .catch((error) => error);
    expect(limited).toBeInstanceOf(EngageRateLimited);
    expect((limited as EngageRateLimited).retryAfterMs).toBe(7000);
    yammer.refuse(1);
    await expect(client().messagesSince('shift', null)).rejects.toBeInstanceOf(EngageAuthError);
  });

  it('never makes more than 10 requests in 30 seconds', async () => {
    const limited = client();
    const results = await Promise.allSettled(
      Array.from({ length: 14 }, (_, i) => limited.postMessage('news', `nr ${i}`)),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(10);
    expect(
      results.filter((result) => result.status === 'rejected' && result.reason instanceof EngageRateLimited),
    ).toHaveLength(4);
  });

  it('reads a group oldest first, with the senders’ e-mails from the references', async () => {
    yammer.community.push(
      { id: 12, sender_id: 7, created_at: '2026-11-24T07:04:00Z', body: { plain: 'Anden' } },
      { id: 9, sender_id: 8, created_at: '2026-11-24T07:03:00Z', body: { plain: 'Første' } },
    );
    expect(await client().messagesSince('shift', null)).toEqual([
      { id: '9', senderId: '8', senderEmail: null, createdAt: '2026-11-24T07:03:00Z', text: 'Første' },
      { id: '12', senderId: '7', senderEmail: 'agent@eksempel.dk', createdAt: '2026-11-24T07:04:00Z', text: 'Anden' },
    ]);
    expect(await client().messagesSince('shift', '9')).toHaveLength(1);
  });
});
