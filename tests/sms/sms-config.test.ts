/** The SMS settings fail fast (issue 24): a step on SMS needs a provider, Azure needs its resource. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadLocalConfig } from '../../src/app/config.js';

const local = { DDH_LOCAL: '1' };

describe('SMS configuration', () => {
  it('refuses an SMS channel without a provider, and Azure without its resource', () => {
    expect(() => loadConfig({ ...local, NOSHOW_PRIMARY_CHANNEL: 'teams_then_sms' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...local, NOSHOW_PRIMARY_CHANNEL: 'teams_then_sms' })).toThrow(
      /NOSHOW_PRIMARY_CHANNEL: teams_then_sms kræver SMS_PROVIDER/,
    );
    expect(() => loadConfig({ ...local, SMS_PROVIDER: 'azure' })).toThrow(/ACS_CONNECTION_STRING/);
    expect(() => loadConfig({ ...local, NOSHOW_SECONDARY_CHANNEL: 'fax' })).toThrow(/NOSHOW_SECONDARY_CHANNEL/);
    expect(() => loadConfig({ ...local, SMS_SENDER: 'Den Digitale Hotline' })).toThrow(/SMS_SENDER/);
  });

  it('is off by default and the demo with npm start', () => {
    expect(loadConfig(local)).toMatchObject({
      SMS_PROVIDER: 'off',
      NOSHOW_PRIMARY_CHANNEL: 'teams',
      NOSHOW_LEADER_ROLE_FALLBACK: true,
    });
    expect(loadLocalConfig({}).SMS_PROVIDER).toBe('demo');
    expect(loadConfig({ ...local, NOSHOW_LEADER_ROLE_FALLBACK: '0' }).NOSHOW_LEADER_ROLE_FALLBACK).toBe(false);
  });
});
