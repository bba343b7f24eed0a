/**
 * A delivery worker killed with SIGKILL while a no-show alert is on its way to Teams: another instance sends it
 * within seconds (the lease is short and renewed while the worker lives), the message arrives at most twice (once
 * from the dead worker if Teams had accepted it, once from the new one), and a message cut off twice is never sent a
 * third time: it fails, so the capability escalates instead. PostgreSQL only: a second process shares the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../src/delivery/delivery-engine.js';
import { LEASE_MS } from '../../src/delivery/outbox-worker.js';
import { PgBossScheduler } from '../../src/delivery/pg-boss-scheduler.js';
import { BotFrameworkSender } from '../../src/platform/proactive-sender.js';
import { DdhAdapter } from '../../src/platform/adapter.js';
import { createLogger } from '../../src/shared/logger.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase } from '../support/databases.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('SIGKILL during a send (PostgreSQL)', () => {
  let db: Db;
  let dbUrl = '';
  let connector: FakeConnector;
  let engine: DeliveryEngine | null = null;
  let child: ChildProcess | null = null;

  const newEngine = () => {
    const log = createLogger('silent');
    return createDeliveryEngine({
      db,
      clock: systemClock,
      log,
      limits: { perConversationPerSecond: 7, perTenantPerSecond: 50 },
      scheduler: new PgBossScheduler(db, systemClock, log, { pollSeconds: 1 }),
      sender: new BotFrameworkSender(new DdhAdapter({}), ''),
      installer: null,
    });
  };

  beforeAll(async () => {
    db = await openTestDatabase('pg');
    const name = (await db.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
    const u = new URL(url!);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    connector = await startFakeConnector();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await engine?.stop();
    await connector.stop();
    await db.close();
  });

  it('recovers an alert from a killed worker within the lease and sends it at most twice', async () => {
    const contact = await addPerson(db, { name: 'Kirsten Kontakt' });
    await addConversation(db, connector.url, { id: 'chat-kirsten', personId: contact.id });
    // Enqueued by an engine that is never started: the row waits for whoever works the outbox.
    await newEngine().delivery.enqueue([
      { key: 'noshow:kill:1', to: { kind: 'person', personId: contact.id }, text: 'Udeblivelse', batch: 'noshow:kill' },
    ]);
    connector.setLatency(60_000); // Teams takes its time: the dead worker's send is in flight when it dies.
    child = spawn(process.execPath, ['--import', 'tsx', 'tests/faults/outbox-worker-child.ts', dbUrl], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const deadline = Date.now() + 30_000;
    while (!connector.arrivals.length) {
      if (Date.now() > deadline) throw new Error('the child worker never sent');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    const killedAt = Date.now();
    connector.setLatency(0);
    engine = newEngine();
    await engine.start();
    while (connector.arrivals.length < 2) {
      if (Date.now() - killedAt > LEASE_MS + 15_000) throw new Error('not recovered');
      await new Promise((r) => setTimeout(r, 50));
    }
    const recoveredAfterMs = connector.arrivals[1].at - killedAt;
    console.info(`delivery recovered ${recoveredAfterMs} ms after SIGKILL (lease ${LEASE_MS} ms)`);
    expect(recoveredAfterMs).toBeLessThan(LEASE_MS + 3_000);
    await engine.drain(10_000);
    const row = await db.query<{ state: string; doubtful_sends: number }>(
      `SELECT state, doubtful_sends FROM outbox WHERE key = 'noshow:kill:1'`,
    );
    expect(row.rows[0]).toEqual({ state: 'sent', doubtful_sends: 1 });
    expect(connector.arrivals.filter((a) => a.path.includes('chat-kirsten'))).toHaveLength(2);
  }, 90_000);

  it('does not send a third time a message whose send was cut off twice, and reports it failed', async () => {
    const contact = await addPerson(db, { name: 'Karl Kontakt' });
    await addConversation(db, connector.url, { id: 'chat-karl', personId: contact.id });
    // As two killed workers leave it: claimed, in doubt, lease run out, twice over (faster than killing twice).
    await db.withTransaction(async (tx) => {
      await engine!.delivery.enqueue(
        [
          {
            key: 'noshow:kill:2',
            to: { kind: 'person', personId: contact.id },
            text: 'Udeblivelse',
            batch: 'noshow:kill',
          },
        ],
        tx,
      );
      await tx.query(`UPDATE outbox SET doubtful_sends = 2 WHERE key = 'noshow:kill:2'`);
    });
    await engine!.drain(10_000);
    const row = await db.query<{ state: string; reason: string }>(
      `SELECT state, reason FROM outbox WHERE key = 'noshow:kill:2'`,
    );
    expect(row.rows[0].state).toBe('failed');
    expect(row.rows[0].reason).toContain('ikke en tredje gang');
    expect(connector.arrivals.filter((a) => a.path.includes('chat-karl'))).toHaveLength(0);
  });
});
