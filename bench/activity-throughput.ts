/**
 * POST /api/messages at concurrency 10 and 50: our bot (on PGlite and, if TEST_DATABASE_URL is set,
 * PostgreSQL) against a bare botbuilder echo bot started in the same run. Scenarios are activities a
 * registered person sends; each gets one reply through the fake connector.
 */
import autocannon from 'autocannon';
import { startTestApp, type TestApp } from '../tests/support/test-app.js';
import { startFakeConnector } from '../tests/support/fake-connector.js';
import { addPerson } from '../tests/support/registry-fixtures.js';
import { startEchoBot } from './echo-bot.js';
import { report, table, ms } from './bench-support.js';
import { activityScenarios, type Scenario } from './activity-scenarios.js';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = [10, 50];

interface Result { rps: number; p50: number; p99: number; errors: number; non2xx: number }

async function load(url: string, body: (i: number) => unknown, connections: number): Promise<Result> {
  let i = 0;
  const r = await autocannon({
    url: `${url}/api/messages`,
    method: 'POST',
    connections,
    duration: DURATION_S,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify(body(i++)) }) }],
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function main() {
  const rows: (string | number)[][] = [];
  const connector = await startFakeConnector();
  const echo = await startEchoBot();
  const activity = (from: string, extra: Record<string, unknown>) => ({
    type: 'message', channelId: 'msteams', serviceUrl: connector.url,
    from: { id: `29:${from}`, aadObjectId: from }, recipient: { id: '28:bot' },
    conversation: { id: `personal-${from}`, conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } }, ...extra,
  });
  const floor: Record<number, Result> = {};
  for (const c of CONCURRENCY) {
    floor[c] = await load(echo.url, (i) => ({ ...activity('echo', { text: 'menu' }), id: `e${i}` }), c);
    rows.push(['echo bot (botbuilder)', '-', c, floor[c].rps.toFixed(0), ms(floor[c].p50), ms(floor[c].p99), '1.00', floor[c].errors + floor[c].non2xx]);
  }
  await echo.stop();

  const kinds = process.env.TEST_DATABASE_URL ? (['pglite', 'pg'] as const) : (['pglite'] as const);
  for (const kind of kinds) {
    const t: TestApp = await startTestApp({ database: kind, env: { LOG_LEVEL: 'silent' } });
    const scenarios: Scenario[] = await activityScenarios(t, addPerson);
    for (const s of scenarios) {
      for (const c of CONCURRENCY) {
        const r = await load(t.url, (i) => ({ ...activity(s.from, s.activity(i)), serviceUrl: t.connector.url, id: `${s.name}${i}` }), c);
        rows.push([s.name, kind, c, r.rps.toFixed(0), ms(r.p50), ms(r.p99), (r.rps / floor[c].rps).toFixed(2), r.errors + r.non2xx]);
        t.connector.calls.length = 0;
      }
    }
    await t.stop();
  }
  await connector.stop();
  report(
    'Activity handling vs. bare echo bot',
    'npm run bench -- activity',
    table(['scenario', 'database', 'concurrency', 'req/s', 'p50', 'p99', 'ratio to echo', 'errors'], rows),
    [`${DURATION_S} s per cell; bot, load generator and fake connector share the machine's cores.`, 'Goal: ratio ≥ 0.7 and p99 < 100 ms at concurrency 50.'],
  );
}

await main();
process.exit(0);
