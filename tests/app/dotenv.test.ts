import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDotEnv, loadLocalConfig } from '../../src/app/config.js';

describe('.env', () => {
  const saved = { ...process.env };
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

  it('is optional', () => {
    expect(loadDotEnv(join(tmpdir(), 'findes-ikke', '.env'))).toBe(false);
  });
});
