/**
 * One side of the activity benchmark, in its own process so that the load generator does not share its
 * event loop: `connector` (a Bot Connector that answers every call), `echo` (the bare botbuilder floor) or
 * `bot pglite|pg` (our bot with the benchmark's people, meeting and vote). Prints one JSON line with its
 * address (and, for the bot, the scenarios) and runs until it gets SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEchoBot } from './echo-bot.js';
import { activityScenarios } from './activity-scenarios.js';
import { startTestApp } from '../tests/support/test-app.js';
import { addPerson } from '../tests/support/registry-fixtures.js';

const [role, database] = process.argv.slice(2);
let stop: () => Promise<void>;

if (role === 'connector') {
  // Answers like the Bot Connector (an id per activity) without keeping what it got: runs stay flat in memory.
  let next = 1;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `act-${next++}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));
  stop = () => new Promise((r) => server.close(() => r()));
} else if (role === 'echo') {
  const echo = await startEchoBot();
  console.log(JSON.stringify({ url: echo.url }));
  stop = echo.stop;
} else if (role === 'bot' && (database === 'pglite' || database === 'pg')) {
  // The bot as deployed: the scheduler's default poll (the test app polls twice as often to keep tests fast).
  const t = await startTestApp({ database, env: { LOG_LEVEL: 'silent', SCHEDULER_POLL_SECONDS: '1' } });
  const connectorUrl = process.env.BENCH_CONNECTOR_URL ?? t.connector.url;
  const scenarios = await activityScenarios(t, addPerson, connectorUrl);
  console.log(
    JSON.stringify({
      url: t.url,
      scenarios,
    }),
  );
  stop = t.stop;
} else {
  throw new Error('usage: activity-target.ts connector | echo | bot pglite|pg');
}

process.on('SIGTERM', () => {
  // Exiting through process.exit lets --cpu-prof write its profile.
  void stop().finally(() => process.exit(0));
});
