import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenHost, loadDotEnv, loadLocalConfig } from '../../src/app/config.js';

describe('.env', () => {
  const saved = { ...process.env };
  // Only what every shell has: a developer's own DDH_ or DATABASE_ variables must not decide the test.
  const baseline = new Set(['PATH', 'HOME', 'TMPDIR', 'NODE_OPTIONS', 'VITEST', 'NODE_ENV', 'TZ']);
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('is read when it exists, and the environment wins over it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ddh-env-')), '.env');
    writeFileSync(file, 'PLAYGROUND_PORT=56999\nPORT=4001\n');
    process.env.PORT = '4002';
    expect(loadDotEnv(file)).toBe(true);
    const config = loadLocalConfig();
    expect(config.PLAYGROUND_PORT).toBe(56999);
    expect(config.PORT).toBe(4002);
  });

  it('works as a copy of .env.example: empty values mean "not set", so local mode gets its defaults', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ddh-env-')), '.env');
    copyFileSync('.env.example', file);
    for (const k of Object.keys(process.env)) if (!(k in baseline)) delete process.env[k];
    expect(loadDotEnv(file)).toBe(true);
    expect(process.env.DATABASE_URL).toBe('');
    const config = loadLocalConfig();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(listenHost(config)).toBe('127.0.0.1');
    expect(config.PLAYGROUND_PORT).toBe(56150);
  });

  it('is optional', () => {
    expect(loadDotEnv(join(tmpdir(), 'findes-ikke', '.env'))).toBe(false);
  });
});
