/**
 * Teams' limits hold for the bot as a whole, not per instance (issue 21): a worker in another process and one in this
 * process send from one outbox on one PostgreSQL database, and together they never exceed the per-conversation or the
 * per-tenant rate. The budget's own record is checked exactly (by the database's clock); arrivals at the stand-in
 * connector are checked over windows a little shorter than Teams' (850 ms for "per second"), where two unshared budgets
 * would show about twice the rate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../src/delivery/delivery-engine.js';
import { PgBossScheduler } from '../../src/delivery/pg-boss-scheduler.js';
import { BotFrameworkSender, type OutgoingMessage } from '../../src/platform/proactive-sender.js';
import { DdhAdapter } from '../../src/platform/adapter.js';
import type { StoredConversation } from '../../src/registry/conversation-repository.js';
import { createLogger } from '../../src/shared/logger.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase } from '../support/databases.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';

const url = process.env.TEST_DATABASE_URL;
const PER_CONVERSATION = 7;
const PER_TENANT = 10;

/** Counts what this process sends, so the test can show both processes did their share. */
class CountingSender extends BotFrameworkSender {
  sent = 0;
  override async send(conversation: StoredConversation, message: OutgoingMessage): Promise<string> {
    this.sent++;
    return super.send(conversation, message);
  }
}

function mostIn(times: number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= spanMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe.skipIf(!url)('rate limits shared by two processes (PostgreSQL)', () => {
  let db: Db;
  let connector: FakeConnector;
  let engine: DeliveryEngine;
  let child: ChildProcess;
  const sender = new CountingSender(new DdhAdapter({}), '');

  beforeAll(async () => {
    db = await openTestDatabase('pg');
    const name = (await db.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
    const u = new URL(url!);
    u.pathname = `/${name}`;
    connector = await startFakeConnector();
    connector.setLatency(30);
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/faults/outbox-worker-child.ts',
        u.toString(),
        String(PER_CONVERSATION),
        String(PER_TENANT),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    const log = createLogger('silent');
    engine = createDeliveryEngine({
      db,
      clock: systemClock,
      log,
      limits: { perConversationPerSecond: PER_CONVERSATION, perTenantPerSecond: PER_TENANT },
      scheduler: new PgBossScheduler(db, systemClock, log, { pollSeconds: 1 }),
      sender,
      installer: null,
    });
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await engine?.stop();
    await connector?.stop();
    await db?.close();
  });

  it('keeps one conversation and one tenant within their rates across both processes', async () => {
    const busy = await addPerson(db, { name: 'Birgit Travl' });
    await addConversation(db, connector.url, { id: 'chat-busy', personId: busy.id });
    const others = [];
    for (let i = 0; i < 30; i++) {
      const p = await addPerson(db, {});
      await addConversation(db, connector.url, { id: `chat-${i}`, personId: p.id });
      others.push(p);
    }
    const first = Array.from({ length: 12 }, (_, i) => ({ personId: busy.id, key: `busy:a${i}` }));
    const second = [
      ...Array.from({ length: 12 }, (_, i) => ({ personId: busy.id, key: `busy:b${i}` })),
      ...others.map((p, i) => ({ personId: p.id, key: `other:${i}` })),
    ];
    const enqueue = (batch: typeof first) =>
      engine.delivery.enqueue(
        batch.map((m) => ({
          key: m.key,
          to: { kind: 'person' as const, personId: m.personId },
          text: 'Hej',
          batch: 'limits',
        })),
      );
    // The other process claims the first half; then this one starts and takes the rest, to the same chat too.
    await enqueue(first);
    while ((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE state = 'pending'`)).rows[0].n)
      await new Promise((r) => setTimeout(r, 20));
    await engine.start();
    await enqueue(second);
    const messages = [...first, ...second];
    const deadline = Date.now() + 60_000;
    while (connector.calls.filter((c) => c.status === 200).length < messages.length) {
      if (Date.now() > deadline) throw new Error(`only ${connector.calls.length} of ${messages.length} arrived`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const arrivals = connector.arrivals.filter((a) => a.method === 'POST');
    const toBusy = arrivals.filter((a) => a.path.includes('chat-busy')).map((a) => a.at);
    expect(toBusy).toHaveLength(24);
    expect(mostIn(toBusy, 850)).toBeLessThanOrEqual(PER_CONVERSATION);
    expect(mostIn(toBusy, 1_850)).toBeLessThanOrEqual(8);
    // The budget's own record, by the database's clock: never more than the tenant's rate in any second.
    const taken = await db.query<{ ms: number }>(
      `SELECT (extract(epoch FROM at) * 1000)::float8 AS ms FROM rate_events WHERE bucket LIKE 'teams:tenant:%'`,
    );
    expect(taken.rows).toHaveLength(messages.length);
    expect(
      mostIn(
        taken.rows.map((r) => r.ms),
        1_000,
      ),
    ).toBeLessThanOrEqual(PER_TENANT);
    // At the connector, two unshared budgets would show about twice the rate; jitter on a loaded machine, a little.
    const allArrivals = arrivals.map((a) => a.at);
    expect(mostIn(allArrivals, 850)).toBeLessThanOrEqual(PER_TENANT + 2);
    // Both processes sent: the budget was shared, not one process doing all the work.
    expect(sender.sent).toBeGreaterThan(0);
    expect(sender.sent).toBeLessThan(messages.length);
  }, 90_000);
});
