import { execFileSync } from 'node:child_process';
import { X509Certificate, constants, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { graphInstallerOptions } from '../../src/app/options.js';
import { createGraphInstaller, DEFAULT_SERVICE_URL, GRAPH_SCOPE } from '../../src/delivery/graph-installer.js';
import { createLogger } from '../../src/shared/logger.js';

/**
 * Entra ID and Microsoft Graph stood in for by one HTTPS server on 127.0.0.1 (its certificate made here with
 * openssl and trusted in this test process only). Tokens are real MSAL client-credential flows through
 * @azure/identity; the stand-in answers each tenant's token endpoint with a token naming the tenant, and its Graph
 * side serves each tenant's own app catalog according to the token it receives.
 */
const HOME = '11111111-1111-4111-8111-111111111111'; // DDH
const VIBORG = '22222222-2222-4222-8222-222222222222';
const AARHUS = '33333333-3333-4333-8333-333333333333';
const STRANGER = '44444444-4444-4444-8444-444444444444'; // not among ALLOWED_TENANT_IDS
const GRAPH_APP = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const BOT_APP = '7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const TEAMS_APP = '4f0c1d2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f';

interface TokenRequest {
  tenant: string;
  form: URLSearchParams;
  assertionVerified?: boolean;
}
interface GraphCall {
  tenant: string | null;
  method: string;
  path: string;
}

let dir = '';
let server: Server;
let base = '';
let clientPem = '';
let clientCert: X509Certificate;
const tokenRequests: TokenRequest[] = [];
const graphCalls: GraphCall[] = [];
/** The app's id in each tenant's catalog; a tenant without an entry has not uploaded or allowed it. */
const catalog = new Map<string, string>();
const installed = new Set<string>();

function openssl(...args: string[]) {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

function verifyAssertion(jwt: string, tokenUrl: string): boolean {
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  const key = createPublicKey(clientCert.publicKey.export({ type: 'spki', format: 'pem' }));
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  const ok =
    header.alg === 'PS256'
      ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)
      : verify('sha256', data, key, sig);
  return ok && payload.aud === tokenUrl && payload.iss === GRAPH_APP && payload.sub === GRAPH_APP;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ddh-graph-'));
  const f = (n: string) => join(dir, n);
  openssl(
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', f('server.key'), '-out', f('server.crt'),
  ); // prettier-ignore
  // The Graph application's certificate (RSA: client assertions are RS256/PS256), as Key Vault hands it out.
  openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=DDH Teams-bot Graph',
    '-keyout', f('client.key'), '-out', f('client.crt'),
  ); // prettier-ignore
  clientPem = readFileSync(f('client.key'), 'utf8') + readFileSync(f('client.crt'), 'utf8');
  clientCert = new X509Certificate(readFileSync(f('client.crt')));
  const serverCert = readFileSync(f('server.crt'), 'utf8');
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), serverCert]);

  server = createServer({ key: readFileSync(f('server.key')), cert: serverCert }, (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const path = decodeURIComponent(url.pathname + url.search);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const login = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(url.pathname);
      if (login) {
        const tenant = login[1];
        const tokenUrl = `${base}/${tenant}/oauth2/v2.0/token`;
        if (login[2].startsWith('v2.0'))
          return json(200, {
            token_endpoint: tokenUrl,
            authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
            end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
            jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
            issuer: `${base}/${tenant}/v2.0`,
            response_types_supported: ['code', 'token'],
          });
        const form = new URLSearchParams(body);
        const assertion = form.get('client_assertion');
        tokenRequests.push({
          tenant,
          form,
          assertionVerified: assertion ? verifyAssertion(assertion, tokenUrl) : undefined,
        });
        return json(200, {
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: `token:${tenant}`,
        });
      }
      if (!url.pathname.startsWith('/v1.0/')) return json(404, {});
      const tenant = /^Bearer token:(.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
      graphCalls.push({ tenant, method: req.method ?? '', path });
      if (!tenant) return json(401, { error: { code: 'InvalidAuthenticationToken' } });
      if (url.pathname === '/v1.0/appCatalogs/teamsApps') {
        const id = catalog.get(tenant);
        return json(200, { value: id ? [{ id, externalId: TEAMS_APP }] : [] });
      }
      const user = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps/.exec(url.pathname)?.[1];
      if (!user) return json(404, {});
      if (req.method === 'POST') {
        const bind = JSON.parse(body)['teamsApp@odata.bind'] as string;
        if (!bind.endsWith(`/appCatalogs/teamsApps/${catalog.get(tenant)}`)) return json(400, {});
        if (installed.has(`${tenant}/${user}`)) return json(409, { error: { code: 'Conflict' } });
        installed.add(`${tenant}/${user}`);
        return json(201, {});
      }
      if (url.pathname.endsWith('/chat')) return json(200, { id: `19:${user}_${tenant}@unq.gbl.spaces` });
      return json(200, { value: installed.has(`${tenant}/${user}`) ? [{ id: `inst-${user}` }] : [] });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  tokenRequests.length = 0;
  graphCalls.length = 0;
  catalog.clear();
  catalog.set(HOME, 'catalog-ddh');
  catalog.set(VIBORG, 'catalog-viborg');
  catalog.set(AARHUS, 'catalog-aarhus');
  installed.clear();
});

const production = {
  DATABASE_URL: 'postgres://db/ddh',
  LINK_SIGNING_SECRET: 'l'.repeat(32),
  BOT_AUTH_TYPE: 'UserAssignedMSI',
  MICROSOFT_APP_ID: BOT_APP,
  MICROSOFT_APP_TENANT_ID: HOME,
  ALLOWED_TENANT_IDS: [HOME, VIBORG, AARHUS].join(','),
  TEAMS_APP_ID: TEAMS_APP,
  GRAPH_ENABLED: '1',
};

function installer(env: Record<string, string>) {
  const i = createGraphInstaller(graphInstallerOptions(loadConfig({ ...production, ...env })), createLogger('silent'), {
    authorityHost: base,
    graphBaseUrl: `${base}/`,
  });
  expect(i).not.toBeNull();
  return i!;
}

describe("installing the app for a person through Graph, in the person's own tenant", () => {
  it("asks the multi-tenant application for a token in the municipality's tenant and installs there", async () => {
    const graph = installer({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 'graph-secret' });

    const c = await graph.installForUser('user-viborg', VIBORG);
    expect(c).toMatchObject({
      id: `19:user-viborg_${VIBORG}@unq.gbl.spaces`,
      type: 'personal',
      tenantId: VIBORG,
      serviceUrl: DEFAULT_SERVICE_URL,
      aadObjectId: 'user-viborg',
      reference: { conversation: { tenantId: VIBORG }, bot: { id: `28:${BOT_APP}` } },
    });
    // One client-credentials request to Viborg's token endpoint, as the Graph application, for Graph.
    expect(tokenRequests.map((r) => r.tenant)).toEqual([VIBORG]);
    const form = tokenRequests[0].form;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(GRAPH_APP);
    expect(form.get('client_secret')).toBe('graph-secret');
    expect(form.get('scope')).toContain(GRAPH_SCOPE);
    // Every Graph call carried Viborg's token: catalog lookup, install, installation, chat.
    expect(graphCalls.map((g) => `${g.tenant} ${g.method} ${g.path.split('?')[0]}`)).toEqual([
      `${VIBORG} GET /v1.0/appCatalogs/teamsApps`,
      `${VIBORG} POST /v1.0/users/user-viborg/teamwork/installedApps`,
      `${VIBORG} GET /v1.0/users/user-viborg/teamwork/installedApps`,
      `${VIBORG} GET /v1.0/users/user-viborg/teamwork/installedApps/inst-user-viborg/chat`,
    ]);
    expect(graphCalls[0].path).toContain(`$filter=externalId eq '${TEAMS_APP}'`);
    expect(installed).toEqual(new Set([`${VIBORG}/user-viborg`]));

    // Another municipality: its own token and its own catalog entry; Viborg's catalog id is not reused.
    graphCalls.length = 0;
    expect((await graph.installForUser('user-aarhus', AARHUS))?.tenantId).toBe(AARHUS);
    expect(tokenRequests.map((r) => r.tenant)).toEqual([VIBORG, AARHUS]);
    expect(new Set(graphCalls.map((g) => g.tenant))).toEqual(new Set([AARHUS]));
    expect(graphCalls[0].path.startsWith('/v1.0/appCatalogs/teamsApps')).toBe(true);
  });

  it("uses DDH's tenant for a person the registry knows no tenant for", async () => {
    const graph = installer({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 'graph-secret' });
    const c = await graph.installForUser('user-ddh', null);
    expect(c?.tenantId).toBe(HOME);
    expect(tokenRequests.map((r) => r.tenant)).toEqual([HOME]);
    expect(installed).toEqual(new Set([`${HOME}/user-ddh`]));
  });

  it('signs the token request with the certificate from Key Vault instead of a secret', async () => {
    const graph = installer({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_CERTIFICATE: clientPem });
    expect((await graph.installForUser('user-viborg', VIBORG))?.tenantId).toBe(VIBORG);
    const [r] = tokenRequests;
    expect(r.tenant).toBe(VIBORG);
    expect(r.form.get('client_secret')).toBeNull();
    expect(r.form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(r.assertionVerified).toBe(true);
  });

  it('asks no token from a tenant outside ALLOWED_TENANT_IDS', async () => {
    const graph = installer({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 'graph-secret' });
    await expect(graph.installForUser('user-x', STRANGER)).rejects.toThrow(STRANGER);
    expect(tokenRequests).toEqual([]);
    expect(graphCalls).toEqual([]);
  });

  it('installs nothing where the municipality has not uploaded the app, and finds it once they have', async () => {
    const graph = installer({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 'graph-secret' });
    catalog.delete(AARHUS);
    expect(await graph.installForUser('user-aarhus', AARHUS)).toBeNull();
    expect(graphCalls.map((g) => g.method)).toEqual(['GET']);
    catalog.set(AARHUS, 'catalog-aarhus');
    expect((await graph.installForUser('user-aarhus', AARHUS))?.tenantId).toBe(AARHUS);
  });

  it('treats "already installed" as success', async () => {
    const graph = installer({ GRAPH_CLIENT_ID: GRAPH_APP, GRAPH_CLIENT_SECRET: 'graph-secret' });
    installed.add(`${VIBORG}/user-viborg`);
    expect((await graph.installForUser('user-viborg', VIBORG))?.id).toBe(`19:user-viborg_${VIBORG}@unq.gbl.spaces`);
  });

  it("without a Graph application reaches DDH's own tenant only, and says what is missing for the others", async () => {
    const graph = installer({ BOT_AUTH_TYPE: 'SingleTenant', MICROSOFT_APP_PASSWORD: 'bot-secret' });
    await expect(graph.installForUser('user-viborg', VIBORG)).rejects.toThrow(/kræver GRAPH_CLIENT_ID/);
    expect(tokenRequests).toEqual([]);
    expect((await graph.installForUser('user-ddh', HOME))?.tenantId).toBe(HOME);
    expect(tokenRequests.map((r) => [r.tenant, r.form.get('client_id')])).toEqual([[HOME, BOT_APP]]);
  });
});
