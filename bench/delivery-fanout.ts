/**
 * Fan-out: 196 messages to 196 conversations in one tenant at Teams' 50 per second per tenant.
 * The floor is 196 / 50 = 3.9 s; the goal is within 1.15x of it.
 */
import { startTestApp } from '../tests/support/test-app.js';
import { addPerson } from '../tests/support/registry-fixtures.js';
import { addConversation } from '../tests/support/conversations.js';
import { buildMessageCard } from '../src/ui/message-card.js';
import { report, table } from './bench-support.js';

const N = 196;
const RATE = 50;
const kinds = process.env.TEST_DATABASE_URL ? (['pglite', 'pg'] as const) : (['pglite'] as const);
const rows: (string | number)[][] = [];

for (const database of kinds) {
  const t = await startTestApp({ database, env: { TEAMS_RATE_PER_TENANT_PER_SECOND: String(RATE) } });
  const people = [];
  for (let i = 0; i < N; i++) {
    const p = await addPerson(t.deps.db, {});
    await addConversation(t.deps.db, t.connector.url, { id: `fan-${p.id}`, personId: p.id });
    people.push(p);
  }
  t.connector.setLatency(30);
  const card = buildMessageCard({ title: 'KPI-advarsel', text: 'Testudsendelse til alle kontaktpersoner.' });
  const started = Date.now();
  await t.deps.delivery.enqueue(
    people.map((p) => ({ key: `fan:${p.id}`, to: { kind: 'person' as const, personId: p.id }, card, batch: 'fan' })),
  );
  await t.app.engine.drain(60_000);
  const ms = Date.now() - started;
  const sent = t.connector
    .sent()
    .map((c) => c.at)
    .sort((a, b) => a - b);
  let maxPerSecond = 0;
  for (const s of sent) maxPerSecond = Math.max(maxPerSecond, sent.filter((x) => x >= s && x < s + 1000).length);
  rows.push([database, N, sent.length, `${(ms / 1000).toFixed(2)} s`, `${(ms / 3920).toFixed(2)}x`, maxPerSecond]);
  await t.stop();
}

report(
  'Delivery fan-out',
  'npm run bench -- fanout',
  table(['database', 'messages', 'delivered', 'time', 'vs 3.9 s floor', 'max in any 1 s'], rows),
  [
    'Connector latency 30 ms per call (fake connector on 127.0.0.1); 16 sends in flight; tenant limit 50/s.',
    'Goal: ≤ 1.15x the floor.',
  ],
);
process.exit(0);
