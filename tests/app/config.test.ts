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
    for (const v of ['DATABASE_URL', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_PASSWORD'])
      expect(msg).toContain(v);
  });

  it('accepts certificate credentials instead of a secret', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://db/ddh',
      MICROSOFT_APP_ID: 'a',
      MICROSOFT_APP_TENANT_ID: 't',
      MICROSOFT_APP_CERT_THUMBPRINT: 'AB',
      MICROSOFT_APP_CERT_KEY_FILE: '/k.pem',
    });
    expect(c.BOT_AUTH_TYPE).toBe('SingleTenant');
  });

  it('needs no secret with a user-assigned managed identity', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://db/ddh',
      MICROSOFT_APP_ID: 'a',
      BOT_AUTH_TYPE: 'UserAssignedMSI',
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
        loadConfig({ DATABASE_URL: 'postgres://db/x', MICROSOFT_APP_ID: 'a', BOT_AUTH_TYPE: 'UserAssignedMSI' }),
      ),
    ).toBe('0.0.0.0');
  });

  it('lets command-line tools use PostgreSQL when configured, else the embedded database', () => {
    expect(loadCliConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadCliConfig({ DATABASE_URL: 'postgres://x/y' }).DATABASE_URL).toBe('postgres://x/y');
  });
});
