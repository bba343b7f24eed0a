/**
 * A restart in the middle of an escalation, and two instances on one database: each alert goes out once.
 * Two real apps (composition root, scheduler, delivery engine) share one database and one fake connector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/app/config.js';
import type { Db } from '../../src/db/database.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { signIngest } from '../../src/shifts/ingest-signature.js';
import { addPerson } from '../support/registry-fixtures.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';
import { FakeConnector, startFakeConnector } from '../support/fake-connector.js';
import { cardTexts, csv, SECRET } from './shifts-support.js';

describe.each(testDatabases())('instances on %s', (kind) => {
  let db: Db;
  let connector: FakeConnector;
  const clock = new ManualClock('2026-11-24T05:00:00Z');
  const config = loadConfig({
    DDH_LOCAL: '1',
    LOG_LEVEL: 'silent',
    SCHEDULER_POLL_SECONDS: '0.5',
    INGEST_HMAC_SECRET: SECRET,
  });
  const apps: App[] = [];
  const start = async () => {
    const app = await createApp(config, { clock, db, log: createLogger('silent'), installer: null });
    const url = await app.listen(0);
    apps.push(app);
    return { app, url };
  };
  const settle = async (running: App[]) => {
    for (let i = 0; i < 3; i++) {
      await Promise.all(running.map((a) => a.scheduler.drain()));
      await Promise.all(running.map((a) => a.engine.drain()));
    }
  };
  const hello = (url: string, objectId: string) =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m-${objectId}`,
        channelId: 'msteams',
        serviceUrl: connector.url,
        text: 'hej',
        from: { id: `29:${objectId}`, aadObjectId: objectId },
        recipient: { id: '28:ddh-bot' },
        conversation: { id: `personal-${objectId}`, conversationType: 'personal', tenantId: 'tenant-test' },
        channelData: { tenant: { id: 'tenant-test' } },
      }),
    });
  const importRoster = async (url: string, body: string) => {
    const ts = String(Math.floor(clock.now().getTime() / 1000));
    const res = await fetch(`${url}/api/ingest/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-ddh-timestamp': ts, 'x-ddh-signature': signIngest(SECRET, ts, body) },
      body,
    });
    expect(res.status).toBe(200);
  };
  // Alert cards only: the bot's answer to "hej" goes to the same chat.
  const sentTo = (objectId: string) =>
    connector
      .sent(`personal-${objectId}`)
      .filter((c) => cardTexts(FakeConnector.cardOf(c)).some((x) => x.startsWith('Udeblivelse fra vagt'))).length;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    connector = await startFakeConnector();
  });
  afterAll(async () => {
    for (const a of apps) await a.stop();
    await db?.close();
    await connector?.stop();
  });

  it('an escalation survives a restart: the secondary is alerted once, the primary not again', async () => {
    const first = await start();
    await addPerson(db, { objectId: 'r-p', roles: [[751, 'primaer_kontakt']] });
    await addPerson(db, { objectId: 'r-s', roles: [[751, 'sekundaer_kontakt']] });
    await hello(first.url, 'r-p');
    await hello(first.url, 'r-s');
    await importRoster(first.url, csv(['R-1,751,r.agent@eksempel.dk,2026-11-24 08:00,12:00']));
    clock.set('2026-11-24T07:05:00Z');
    await settle([first.app]);
    expect(sentTo('r-p')).toBe(1);
    await first.app.stop();

    const second = await start();
    clock.set('2026-11-24T07:15:00Z');
    await settle([second.app]);
    expect(sentTo('r-s')).toBe(1);
    expect(sentTo('r-p')).toBe(1);
    await second.app.stop();
  });

  it('two instances running side by side send each alert once', async () => {
    const a = await start();
    const b = await start();
    await addPerson(db, { objectId: 'd-p', roles: [[461, 'primaer_kontakt']] });
    await addPerson(db, { objectId: 'd-s', roles: [[461, 'sekundaer_kontakt']] });
    await hello(a.url, 'd-p');
    await hello(b.url, 'd-s');
    const rows = Array.from({ length: 12 }, (_, i) => `D-${i},461,d.agent${i}@eksempel.dk,2026-11-25 08:00,12:00`);
    await importRoster(a.url, csv(rows));
    clock.set('2026-11-25T07:05:00Z');
    await settle([a.app, b.app]);
    expect(sentTo('d-p')).toBe(12);
    clock.set('2026-11-25T07:15:00Z');
    await settle([a.app, b.app]);
    expect(sentTo('d-s')).toBe(12);
    expect(sentTo('d-p')).toBe(12);
    const keys = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM noshow_alerts a JOIN noshow_incidents i ON i.id = a.incident_id WHERE i.municipality_code = 461`,
    );
    expect(keys.rows[0].n).toBe(24);
  });
});
