/** A Bot Connector that does not answer cannot hold a delivery worker: the call times out and is retried. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';

describe('send timeout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { TEAMS_SEND_TIMEOUT_MS: '300' } });
  });
  afterAll(() => t.stop());

  it('gives up on a hung call after the timeout and delivers on the retry', async () => {
    const p = await addPerson(t.deps.db, {});
    await addConversation(t.deps.db, t.connector.url, { id: `slow-${p.id}`, personId: p.id });
    t.connector.setLatency(2_000);
    await t.deps.delivery.enqueue([
      { key: 'timeout:1', to: { kind: 'person', personId: p.id }, text: 'hej', batch: 'timeout' },
    ]);
    await t.connector.waitFor((calls) => calls.length >= 1);
    t.connector.setLatency(0);
    await t.runJobs();
    const row = await t.deps.db.query<{ state: string; attempts: number }>(
      "SELECT state, attempts FROM outbox WHERE key = 'timeout:1'",
    );
    // Without the timeout the first call would simply have succeeded after 2 s (attempts 1).
    expect(row.rows[0].state).toBe('sent');
    expect(row.rows[0].attempts).toBeGreaterThanOrEqual(2);
  });
});
