/**
 * Production mode: the Bot Framework SDK validates every activity's JWT. Test signing keys are injected
 * through the SDK's own configuration (an OpenID metadata URL on 127.0.0.1), not by bypassing the check.
 */
import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addPerson } from '../support/registry-fixtures.js';
import { MENU_VERB } from '../../src/platform/bot-app.js';

const APP_ID = '5b1d7c3e-0000-4000-8000-00000000b07';
const ISSUER = 'https://api.botframework.com';
const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

function sign(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(claims));
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(sig)}`;
}

describe('authentication in production mode', () => {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let keys: Server;
  let t: TestApp;
  const user = '33333333-0000-4000-8000-000000000001';
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    keys = createServer((req, res) => {
      const base = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/openid') return res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/keys` }));
      const jwk = trusted.publicKey.export({ format: 'jwk' });
      res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'trusted', use: 'sig', endorsements: ['msteams'] }] }));
    });
    await new Promise<void>((r) => keys.listen(0, '127.0.0.1', r));
    t = await startTestApp({
      env: {
        DDH_LOCAL: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://unused.invalid/ddh',
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_TENANT_ID: 'tenant-test',
        MICROSOFT_APP_PASSWORD: 'not-used-in-this-test',
        LINK_SIGNING_SECRET: 'link-signing-secret-for-tests',
        BOT_OPENID_METADATA_URL: `http://127.0.0.1:${(keys.address() as AddressInfo).port}/openid`,
        ALLOWED_TENANT_IDS: 'tenant-test',
      },
    });
    await addPerson(t.deps.db, { name: 'Tove Token', objectId: user, secretariat: true });
  });
  afterAll(async () => {
    await t.stop();
    keys.close();
  });

  const invoke = (token: string | null, tenantId = 'tenant-test') =>
    fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: 'a1',
        channelId: 'msteams',
        serviceUrl: t.connector.url,
        from: { id: `29:${user}`, aadObjectId: user },
        recipient: { id: `28:${APP_ID}` },
        conversation: { id: `personal-${user}`, conversationType: 'personal', tenantId },
        channelData: { tenant: { id: tenantId } },
        value: { action: { type: 'Action.Execute', verb: MENU_VERB, data: {} } },
      }),
    });
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: t.connector.url,
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...over,
  });
  const stored = async () => (await t.deps.db.query('SELECT count(*)::int AS n FROM conversations')).rows[0].n;

  it('refuses an unsigned activity and stores nothing', async () => {
    expect((await invoke(null)).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('refuses a token for another audience', async () => {
    expect((await invoke(sign(trusted.privateKey, 'trusted', claims({ aud: 'another-bot' })))).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('refuses an expired token', async () => {
    expect(
      (await invoke(sign(trusted.privateKey, 'trusted', claims({ exp: now() - 3600, nbf: now() - 7200 })))).status,
    ).toBe(401);
  });

  it('refuses a token signed with a key the Bot Framework did not publish', async () => {
    expect((await invoke(sign(stranger.privateKey, 'trusted', claims()))).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('refuses a valid token from a tenant not on the allow-list', async () => {
    expect((await invoke(sign(trusted.privateKey, 'trusted', claims()), 'tenant-other')).status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it('accepts a valid token from an allowed tenant', async () => {
    const res = await invoke(sign(trusted.privateKey, 'trusted', claims()));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(await stored()).toBe(1);
  });
});
