/**
 * POST /api/messages at concurrency 10 and 50: our bot (on PGlite and, if TEST_DATABASE_URL is set,
 * PostgreSQL) against a bare botbuilder echo bot started in the same run. The load generator, the bot under
 * test and the Bot Connector each run in their own process, as they would in production; every reply goes
 * to the same connector. Scenarios are activities a registered person sends; each gets one answer.
 *
 * BENCH_SECONDS (per cell), BENCH_ONLY=pg|pglite, BENCH_SCENARIO=<name part> narrow a run;
 * BENCH_PROFILE=DIR writes a CPU profile of each bot process there; with it or BENCH_DRY=1 the table is only printed.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { report, table, ms } from './bench-support.js';
import type { Scenario } from './activity-scenarios.js';

/**
 * Where the machine allows, the load generator (this process) and the Bot Connector run on the first core and the
 * bot under test (ours or the echo bot) on the others, so that neither steals the other's CPU (issue 22).
 */
const PIN = process.platform === 'linux' && cpus().length >= 2 && !process.env.BENCH_NO_PIN;
const BOT_CORES = `1-${cpus().length - 1}`;
if (PIN) spawnSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = [10, 50];
const PROFILE_DIR = process.env.BENCH_PROFILE;

interface Result {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}
interface Target {
  info: { url: string; scenarios?: Scenario[] };
  stop(): Promise<void>;
}

async function startTarget(args: string[], env: Record<string, string> = {}, profile = false): Promise<Target> {
  const flags = profile && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const node = [process.execPath, ...flags, '--import', 'tsx', 'bench/activity-target.ts', ...args];
  const pinned = PIN ? ['taskset', '-c', args[0] === 'connector' ? '0' : BOT_CORES, ...node] : node;
  const child: ChildProcess = spawn(pinned[0], pinned.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (!line.startsWith('{')) continue;
    const info = JSON.parse(line) as Target['info'];
    return { info, stop: async () => void (child.kill('SIGTERM'), await exited) };
  }
  throw new Error(`${args.join(' ')} exited before it was ready`);
}

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
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

const GOALS: Record<string, { ratio: number; p99: number; max: number | null }> = {
  pg: { ratio: 0.7, p99: 1.5, max: null },
  pglite: { ratio: 0.5, p99: 3, max: 1000 },
};

async function main() {
  const rows: (string | number)[][] = [];
  const connector = await startTarget(['connector']);
  const serviceUrl = connector.info.url;
  const activity = (from: string, extra: Record<string, unknown>) => ({
    type: 'message',
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${from}`, aadObjectId: from },
    recipient: { id: '28:bot' },
    conversation: { id: `personal-${from}`, conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } },
    ...extra,
  });

  // The floor is measured again right before every cell: this machine's speed drifts by tens of per cent
  // between minutes, so a ratio is only meaningful against an echo run under the same conditions.
  const echo = await startTarget(['echo']);
  const floor = (c: number) => load(echo.info.url, (i) => ({ ...activity('echo', { text: 'menu' }), id: `e${i}` }), c);
  const kinds = (process.env.TEST_DATABASE_URL ? ['pglite', 'pg'] : ['pglite']).filter(
    (k) => !process.env.BENCH_ONLY || k === process.env.BENCH_ONLY,
  );
  for (const kind of kinds) {
    const bot = await startTarget(['bot', kind], { BENCH_CONNECTOR_URL: serviceUrl }, true);
    const scenarios = (bot.info.scenarios ?? []).filter(
      (s) => !process.env.BENCH_SCENARIO || s.name.includes(process.env.BENCH_SCENARIO),
    );
    for (const s of scenarios) {
      for (const c of CONCURRENCY) {
        const e = await floor(c);
        const r = await load(
          bot.info.url,
          (i) => {
            const v = s.variants[i % s.variants.length];
            return { ...activity(v.from, v.activity), id: `${kind}-${c}-${i}` };
          },
          c,
        );
        const goal = GOALS[kind];
        const met =
          r.rps / e.rps >= goal.ratio && r.p99 <= goal.p99 * e.p99 && (goal.max === null || r.max <= goal.max);
        rows.push([
          s.name,
          kind,
          c,
          r.rps.toFixed(0),
          ms(r.p50),
          ms(r.p99),
          ms(r.max),
          e.rps.toFixed(0),
          ms(e.p99),
          (r.rps / e.rps).toFixed(2),
          (r.p99 / e.p99).toFixed(2),
          met ? 'yes' : 'no',
          r.errors + r.non2xx + e.errors + e.non2xx,
        ]);
      }
    }
    await bot.stop();
  }
  await echo.stop();
  await connector.stop();
  const body = table(
    [
      'scenario',
      'database',
      'concurrency',
      'req/s',
      'p50',
      'p99',
      'max',
      'echo req/s',
      'echo p99',
      'req/s ÷ echo',
      'p99 ÷ echo p99',
      'goal met',
      'errors',
    ],
    rows,
  );
  if (PROFILE_DIR || process.env.BENCH_DRY) return console.log(body);
  report('Activity handling vs. bare echo bot', 'npm run bench -- activity', body, [
    `${DURATION_S} s per cell, each right after an echo-bot run at the same concurrency (its req/s and p99 in the row). Load generator, bot under test and Bot Connector each in their own process${PIN ? `; load generator and connector pinned to core 0, the bot under test to cores ${BOT_CORES}` : ''}; the database is PostgreSQL's own server (unpinned), or PGlite inside the bot's process.`,
    'Goals (issue 22): PostgreSQL req/s ≥ 0.7 × echo and p99 ≤ 1.5 × echo p99; PGlite req/s ≥ 0.5 × echo, p99 ≤ 3 × echo p99 and no request over 1 s.',
  ]);
}

await main();
process.exit(0);
