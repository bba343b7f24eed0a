import { describe, expect, it } from 'vitest';
import { ConfigError, listenHost, loadCliConfig, loadConfig, loadLocalConfig } from '../../src/app/config.js';

describe('loadConfig', () => {
  it('gives local mode its defaults', () => {
    const c = loadLocalConfig({});
    expect(c.DDH_LOCAL).toBe(true);
    expect(c.PORT).toBe(3978);
    expect(c.AGENDA_DEADLINE_DAYS).toBe(14);
    expect(c.AGENDA_REMINDER_DAYS).toEqual([7, 1]);
    expect(c.ALLOWED_TENANT_IDS).toEqual([]);
    expect(c.KPI_WARNING_ROLES).toEqual(['kvalitetskoordinator', 'leder', 'primaer_kontakt']);
  });

  it('names every missing production variable', () => {
    let err: unknown;
    try {
      loadConfig({});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const v of [
      'DATABASE_URL',
      'MICROSOFT_APP_ID',
      'MICROSOFT_APP_TENANT_ID',
      'MICROSOFT_APP_PASSWORD',
      'LINK_SIGNING_SECRET',
    ])
      expect(msg).toContain(v);
  });

  it('accepts certificate credentials instead of a secret', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://db/ddh',
      LINK_SIGNING_SECRET: 'l'.repeat(32),
      MICROSOFT_APP_ID: 'a',
      MICROSOFT_APP_TENANT_ID: 't',
      MICROSOFT_APP_CERT_THUMBPRINT: 'AB',
      MICROSOFT_APP_CERT_KEY_FILE: '/k.pem',
    });
    expect(c.BOT_AUTH_TYPE).toBe('SingleTenant');
  });

  it('needs the tenant with a managed identity too (the SDK asserts it at start)', () => {
    expect(() =>
      loadConfig({
        DATABASE_URL: 'postgres://db/ddh',
        MICROSOFT_APP_ID: 'a',
        BOT_AUTH_TYPE: 'UserAssignedMSI',
        LINK_SIGNING_SECRET: 'l'.repeat(32),
      }),
    ).toThrow(/MICROSOFT_APP_TENANT_ID/);
  });

  it('needs no secret with a user-assigned managed identity', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://db/ddh',
      LINK_SIGNING_SECRET: 'l'.repeat(32),
      MICROSOFT_APP_ID: 'a',
      BOT_AUTH_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_TENANT_ID: 't',
      ALLOWED_TENANT_IDS: ' t1, t2 ,',
    });
    expect(c.ALLOWED_TENANT_IDS).toEqual(['t1', 't2']);
  });

  it('rejects bad values', () => {
    expect(() => loadLocalConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadLocalConfig({ AGENDA_REMINDER_DAYS: '7,x' })).toThrow(/AGENDA_REMINDER_DAYS/);
    expect(() => loadLocalConfig({ INGEST_HMAC_SECRET: 'short' })).toThrow(/INGEST_HMAC_SECRET/);
    expect(() => loadLocalConfig({ KPI_WARNING_ROLES: 'leder,borgmester' })).toThrow(/KPI_WARNING_ROLES/);
    expect(loadLocalConfig({ KPI_WARNING_ROLES: ' leder , repraesentant' }).KPI_WARNING_ROLES).toEqual([
      'leder',
      'repraesentant',
    ]);
  });

  it('keeps local mode on loopback whatever HOST says', () => {
    expect(listenHost(loadLocalConfig({ HOST: '0.0.0.0' }))).toBe('127.0.0.1');
    expect(
      listenHost(
        loadConfig({
          DATABASE_URL: 'postgres://db/x',
          MICROSOFT_APP_ID: 'a',
          BOT_AUTH_TYPE: 'UserAssignedMSI',
          MICROSOFT_APP_TENANT_ID: 't',
          LINK_SIGNING_SECRET: 'l'.repeat(32),
        }),
      ),
    ).toBe('0.0.0.0');
  });

  it('refuses a setting that is still an unresolved Key Vault reference, naming it, even when it would validate', () => {
    const ref = '@Microsoft.KeyVault(VaultName=kv-ddh;SecretName=link-signing-secret)';
    const msi = {
      DATABASE_URL: 'postgres://db/ddh',
      LINK_SIGNING_SECRET: 'l'.repeat(32),
      MICROSOFT_APP_TENANT_ID: 't',
      MICROSOFT_APP_ID: 'a',
      BOT_AUTH_TYPE: 'UserAssignedMSI',
    };
    // Long enough for min(16): without the refusal it would be used as the signing key.
    expect(ref.length).toBeGreaterThan(16);
    let err: unknown;
    try {
      loadConfig({ ...msi, LINK_SIGNING_SECRET: ref });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/LINK_SIGNING_SECRET: er stadig en uopløst Key Vault-reference/);
    expect(msg).toContain('SecretName=link-signing-secret');
    expect(msg).toContain('Key Vault Secrets User');
    // A required URL that is a reference is named once, for the reference, not also as an invalid URL.
    const db = '@Microsoft.KeyVault(VaultName=kv-ddh;SecretName=database-url)';
    const dbMsg = (() => {
      try {
        loadConfig({ ...msi, DATABASE_URL: `  ${db}` });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(dbMsg.match(/DATABASE_URL/g)).toHaveLength(1);
    expect(dbMsg).toContain('uopløst Key Vault-reference');
    // Command-line tools and local mode refuse it too; resolved values pass.
    expect(() => loadCliConfig({ DATABASE_URL: 'postgres://x/y', INGEST_HMAC_SECRET: ref })).toThrow(
      /INGEST_HMAC_SECRET/,
    );
    expect(loadConfig({ ...msi, LINK_SIGNING_SECRET: 'x'.repeat(32) }).LINK_SIGNING_SECRET).toBe('x'.repeat(32));
  });

  it('takes a multi-tenant Graph application with exactly one credential', () => {
    const base = {
      DATABASE_URL: 'postgres://db/ddh',
      LINK_SIGNING_SECRET: 'l'.repeat(32),
      MICROSOFT_APP_ID: 'a',
      MICROSOFT_APP_TENANT_ID: 't',
      BOT_AUTH_TYPE: 'UserAssignedMSI',
      GRAPH_ENABLED: '1',
      GRAPH_CLIENT_ID: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    };
    const pem =
      '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n';
    expect(loadConfig({ ...base, GRAPH_CLIENT_SECRET: 's' }).GRAPH_CLIENT_ID).toBe(base.GRAPH_CLIENT_ID);
    expect(loadConfig({ ...base, GRAPH_CLIENT_CERTIFICATE: pem }).GRAPH_CLIENT_CERTIFICATE).toBe(pem);
    expect(() => loadConfig(base)).toThrow(/GRAPH_CLIENT_SECRET: sæt enten/);
    expect(() => loadConfig({ ...base, GRAPH_CLIENT_SECRET: 's', GRAPH_CLIENT_CERTIFICATE: pem })).toThrow(
      /ikke begge/,
    );
    expect(() => loadConfig({ ...base, GRAPH_CLIENT_CERTIFICATE: 'MIIC...' })).toThrow(
      /GRAPH_CLIENT_CERTIFICATE: skal være PEM/,
    );
    expect(() => loadConfig({ ...base, GRAPH_CLIENT_ID: 'ddh-graph' })).toThrow(/GRAPH_CLIENT_ID/);
    // An empty line in an env file means "not set", not an invalid id.
    const off = loadConfig({ ...base, GRAPH_CLIENT_ID: '', GRAPH_CLIENT_SECRET: '', GRAPH_CLIENT_CERTIFICATE: '' });
    expect([off.GRAPH_CLIENT_ID, off.GRAPH_CLIENT_SECRET, off.GRAPH_CLIENT_CERTIFICATE]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(() => loadConfig({ ...base, MICROSOFT_APP_TENANT_ID: undefined, GRAPH_CLIENT_SECRET: 's' })).toThrow(
      /MICROSOFT_APP_TENANT_ID: kræves uden DDH_LOCAL=1/,
    );
  });

  it('lets command-line tools use PostgreSQL when configured, else the embedded database', () => {
    expect(loadCliConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadCliConfig({ DATABASE_URL: 'postgres://x/y' }).DATABASE_URL).toBe('postgres://x/y');
  });
});
