import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphAppInstaller, DEFAULT_SERVICE_URL } from '../../src/delivery/graph-installer.js';
import { createLogger } from '../../src/shared/logger.js';

/** A Graph stand-in on 127.0.0.1 with the three calls an installation makes. */
describe('installing the app for a user through Graph', () => {
  let graph: Server;
  let base = '';
  const calls: string[] = [];
  let alreadyInstalled = false;

  beforeAll(async () => {
    graph = createServer((req, res) => {
      calls.push(`${req.method} ${decodeURIComponent(req.url ?? '')}`);
      res.setHeader('content-type', 'application/json');
      // The Graph client sends its token only over https; this plain-http stand-in checks the calls, not the token.
      const url = decodeURIComponent(req.url ?? '');
      if (url.startsWith('/v1.0/appCatalogs/teamsApps'))
        return void res.end(JSON.stringify({ value: [{ id: 'catalog-1', externalId: 'app-ext' }] }));
      if (req.method === 'POST' && url.endsWith('/teamwork/installedApps')) {
        if (alreadyInstalled) return void res.writeHead(409).end(JSON.stringify({ error: { code: 'Conflict' } }));
        return void res.writeHead(201).end('{}');
      }
      if (url.includes('/installedApps/inst-1/chat'))
        return void res.end(JSON.stringify({ id: '19:abc@unq.gbl.spaces' }));
      if (url.includes('/teamwork/installedApps')) return void res.end(JSON.stringify({ value: [{ id: 'inst-1' }] }));
      res.writeHead(404).end('{}');
    });
    await new Promise<void>((r) => graph.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  });
  afterAll(() => graph.close());

  const installer = () =>
    new GraphAppInstaller(
      {
        teamsAppId: 'app-ext',
        botAppId: 'bot-1',
        baseUrl: `${base}/`,
        authProvider: { getAccessToken: async () => 'test-token' },
      },
      createLogger('silent'),
    );

  it('installs, finds the chat and returns a conversation to write to', async () => {
    const c = await installer().installForUser('user-1', 'tenant-1');
    expect(c).toMatchObject({
      id: '19:abc@unq.gbl.spaces',
      type: 'personal',
      tenantId: 'tenant-1',
      serviceUrl: DEFAULT_SERVICE_URL,
      aadObjectId: 'user-1',
    });
    expect(calls[0]).toMatch(/^GET \/v1.0\/appCatalogs\/teamsApps\?\$filter=externalId eq 'app-ext'/);
    expect(calls[1]).toBe('POST /v1.0/users/user-1/teamwork/installedApps');
  });

  it('treats "already installed" as success', async () => {
    alreadyInstalled = true;
    expect((await installer().installForUser('user-2', null))?.id).toBe('19:abc@unq.gbl.spaces');
  });
});
