/** Memory: RSS while the bot handles many activities (menu text), sampled after warm-up; should stay flat. */
import { startTestApp } from '../tests/support/test-app.js';
import { addPerson } from '../tests/support/registry-fixtures.js';
import { mib, report, table } from './bench-support.js';

const TOTAL = Number(process.env.BENCH_ACTIVITIES ?? 100_000);
const PARALLEL = 20;
const database = process.env.TEST_DATABASE_URL ? 'pg' : 'pglite';
const t = await startTestApp({ database });
const user = '77777777-0000-4000-8000-000000000001';
await addPerson(t.deps.db, { name: 'Mads Måling', objectId: user, roles: [[791, 'repraesentant']] });
const body = (i: number) =>
  JSON.stringify({
    type: 'message',
    id: `m${i}`,
    text: 'menu',
    channelId: 'msteams',
    serviceUrl: t.connector.url,
    from: { id: `29:${user}`, aadObjectId: user },
    recipient: { id: '28:bot' },
    conversation: { id: `personal-${i % 50}`, conversationType: 'personal', tenantId: 't' },
  });
const samples: [number, number][] = [];
let sent = 0;
const started = Date.now();
await Promise.all(
  Array.from({ length: PARALLEL }, async () => {
    while (sent < TOTAL) {
      const i = sent++;
      await fetch(`${t.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(i),
      }).then((r) => r.arrayBuffer());
      if (i % 1000 === 0) t.connector.calls.length = 0;
      if (i % Math.floor(TOTAL / 10) === 0) samples.push([i, process.memoryUsage().rss]);
    }
  }),
);
global.gc?.();
samples.push([TOTAL, process.memoryUsage().rss]);
const warm = samples.find(([i]) => i >= TOTAL / 10)?.[1] ?? samples[0][1];
const last = samples[samples.length - 1][1];
report(
  `Memory over ${TOTAL.toLocaleString('en')} activities`,
  'npm run bench -- memory',
  table(
    ['after activities', 'RSS'],
    samples.map(([i, r]) => [i, mib(r)]),
  ),
  [
    `${database}; bot, fake connector and load generator in one process; ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    `Growth after warm-up (10 %): ${(((last - warm) / warm) * 100).toFixed(1)} % (goal ≤ 10 %).`,
  ],
);
await t.stop();
process.exit(0);
