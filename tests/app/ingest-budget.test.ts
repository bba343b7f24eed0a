/**
 * The ingest limit holds for the bot as a whole (issue 21): two instances on one PostgreSQL database share each
 * sender's budget, and behind a proxy the sender is the address the trusted proxy appended, not the proxy itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/app/config.js';
import { senderOf } from '../../src/app/server.js';
import type { Db } from '../../src/db/database.js';
import { createLogger } from '../../src/shared/logger.js';
import { ManualClock } from '../../src/shared/clock.js';
import { openTestDatabase } from '../support/databases.js';

describe('who is sending', () => {
  const req = (xff: string | undefined, socket = '10.0.0.9') => ({
    headers: { 'x-forwarded-for': xff },
    socket: { remoteAddress: socket },
  });
  it.each([
    [undefined, 0, '10.0.0.9'],
    ['203.0.113.7', 0, '10.0.0.9'],
    ['203.0.113.7:51234', 1, '203.0.113.7'],
    ['198.51.100.1, 203.0.113.7:51234', 1, '203.0.113.7'],
    ['[2001:db8::1]:443', 1, '2001:db8::1'],
    ['1.1.1.1, 198.51.100.1, 203.0.113.7', 2, '198.51.100.1'],
    [undefined, 1, '10.0.0.9'],
  ])('X-Forwarded-For %s with %i trusted hops is %s', (xff, hops, sender) => {
    expect(senderOf(req(xff), hops)).toBe(sender);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('ingest budget shared by two instances (PostgreSQL)', () => {
  let db: Db;
  const apps: App[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('pg');
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({
        DDH_LOCAL: '1',
        LOG_LEVEL: 'silent',
        INGEST_RATE_PER_MINUTE: '5',
        INGEST_HMAC_SECRET: 'ingest-budget-secret-0123',
        TRUSTED_PROXY_HOPS: '1',
      });
      const app = await createApp(config, {
        db,
        clock: new ManualClock('2026-11-24T09:00:00Z'),
        log: createLogger('silent'),
        installer: null,
      });
      apps.push(app);
      urls.push(await app.listen(0));
    }
  }, 120_000);
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await db?.close();
  });

  const ingest = (url: string, sender: string) =>
    fetch(`${url}/api/ingest/attendance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `${sender}:40000` },
      body: '{}',
    }).then((r) => r.status);

  it('lets a sender spend its budget once, whichever instance it reaches', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await ingest(urls[i % 2], '203.0.113.7'));
    expect(statuses.filter((s) => s !== 429)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Another sender behind the same proxy has its own budget.
    expect(await ingest(urls[0], '198.51.100.23')).not.toBe(429);
  });
});
