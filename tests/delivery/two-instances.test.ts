/** Two bot instances on one database share the outbox: each message goes out once, and a restart loses nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../src/delivery/delivery-engine.js';
import { PgBossScheduler } from '../../src/delivery/pg-boss-scheduler.js';
import { DdhAdapter } from '../../src/platform/adapter.js';
import { BotFrameworkSender } from '../../src/platform/proactive-sender.js';
import { systemClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';

describe.each(testDatabases())('two instances on %s', (kind) => {
  let db: Db;
  let connector: FakeConnector;
  const running: { engine: DeliveryEngine; scheduler: PgBossScheduler }[] = [];

  async function instance() {
    const log = createLogger('silent');
    const scheduler = new PgBossScheduler(db, systemClock, log, { pollSeconds: 0.5 });
    const engine = createDeliveryEngine({
      db,
      clock: systemClock,
      log,
      limits: { perTenantPerSecond: 200, perConversationPerSecond: 7 },
      scheduler,
      sender: new BotFrameworkSender(new DdhAdapter({}), ''),
      installer: null,
    });
    await scheduler.start();
    await engine.start();
    const it = { engine, scheduler };
    running.push(it);
    return it;
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    connector = await startFakeConnector();
  });
  afterAll(async () => {
    for (const r of running) {
      await r.engine.stop();
      await r.scheduler.stop();
    }
    await connector.stop();
    await db.close();
  });

  it('delivers 100 messages exactly once with two engines working the same outbox', async () => {
    const a = await instance();
    const b = await instance();
    const people = [];
    for (let i = 0; i < 50; i++) {
      const p = await addPerson(db, {});
      await addConversation(db, connector.url, { id: `two-${kind}-${p.id}`, personId: p.id });
      people.push(p);
    }
    connector.setLatency(20);
    const messages = people.flatMap((p) =>
      [1, 2].map((n) => ({
        key: `two:${p.id}:${n}`,
        to: { kind: 'person' as const, personId: p.id },
        text: `besked ${n}`,
        batch: 'two',
      })),
    );
    await Promise.all([
      a.engine.delivery.enqueue(messages.slice(0, 60)),
      b.engine.delivery.enqueue(messages.slice(40)),
    ]);
    await Promise.all([a.engine.drain(), b.engine.drain()]);
    const sent = connector.sent().map((c) => `${c.conversationId}:${c.body.text}`);
    expect(sent).toHaveLength(100);
    expect(new Set(sent).size).toBe(100);
    expect((await a.engine.delivery.report('two')).sent).toBe(100);
  });

  it('picks up where a stopped instance left off', async () => {
    connector.reset();
    const first = await instance();
    const p = await addPerson(db, {});
    await addConversation(db, connector.url, { id: `restart-${kind}-${p.id}`, personId: p.id });
    connector.setLatency(150);
    await first.engine.delivery.enqueue(
      Array.from({ length: 12 }, (_, i) => ({
        key: `restart:${p.id}:${i}`,
        to: { kind: 'person' as const, personId: p.id },
        text: `nr ${i}`,
        batch: `restart:${p.id}`,
      })),
    );
    await new Promise((r) => setTimeout(r, 300));
    await first.engine.stop();
    const second = await instance();
    await second.engine.drain();
    const texts = connector.sent(`restart-${kind}-${p.id}`).map((c) => c.body.text);
    expect(new Set(texts).size).toBe(12);
    expect(texts).toHaveLength(12);
  });
});
