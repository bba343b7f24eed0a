/**
 * KPI import benchmark (issues 6 and 22): a year of monthly imports of 1,000 agents (12 x 1,000 = 12,000 rows) with
 * the warnings, follow-ups and escalations they trigger, and one month of 12,000 agents in a single file (issue 22's
 * goal: at most 1.5 s on PostgreSQL and at most 200 MB RSS above the idle bot).
 * Each scenario runs in a process of its own, so one database's memory (PGlite lives in the process and never gives
 * its heap back) does not show in the other's figures. Reports wall time, the idle bot's RSS (set up, jobs run,
 * garbage collected), the peak RSS while importing and the growth over idle, and what was sent.
 * Run: npx tsx bench/kpi-import.ts   (TEST_DATABASE_URL=... adds PostgreSQL)
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../tests/support/test-app.js';
import { measured as inScope } from '../tests/support/counting-db.js';
import type { ImportSummary } from '../src/kpi/kpi-secretariat-cards.js';
import { addConversation } from '../tests/support/conversations.js';
import { addMeeting } from '../tests/support/registry-fixtures.js';
import { MUNICIPALITIES } from '../src/registry/municipalities.js';
import { mib, report, table } from './bench-support.js';

const MUNICIPALITY_COUNT = 60;
const HEADER = 'periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns';
const kinds = process.env.TEST_DATABASE_URL ? (['pglite', 'pg'] as const) : (['pglite'] as const);
const codes = MUNICIPALITIES.slice(0, MUNICIPALITY_COUNT).map((m) => m.code);

/** A small deterministic generator, so every run imports the same files. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** One month's file: each municipality has a quality level that drifts month to month; agents scatter around it. */
function monthFile(period: string, agents: number, month: number): Buffer {
  const r = rng(month * 7919 + agents);
  const lines = [HEADER];
  // Most municipalities meet the targets; some dip below for a month or two (about a fifth at a time).
  const quality = codes.map((_, m) => 0.64 + 0.07 * Math.sin((m * 1.7 + month) / 2.3) + 0.03 * r());
  for (let i = 1; i <= agents; i++) {
    const m = (i - 1) % codes.length;
    const handled = 30 + Math.floor(r() * 90);
    const resolved = Math.min(handled, Math.max(0, Math.round(handled * (quality[m] + (r() - 0.5) * 0.25))));
    const answers = 10 + Math.floor(r() * 30);
    const mean = Math.min(9, Math.max(1, 5.4 + quality[m] * 3 + (r() - 0.5) * 1.2));
    lines.push(
      `${period};${codes[m]};bench${i}@eksempel.dk;${handled};${resolved};${answers};${mean.toFixed(2).replace('.', ',')}`,
    );
  }
  return Buffer.from(lines.join('\n'));
}

async function setUp(t: TestApp, agents: number): Promise<void> {
  const db = t.deps.db;
  await db.query('INSERT INTO memberships (municipality_code) SELECT unnest($1::int[]) ON CONFLICT DO NOTHING', [
    codes,
  ]);
  await db.query(
    `INSERT INTO people (email, name) SELECT 'bench' || g || '@eksempel.dk', 'Agent ' || g FROM generate_series(1, $1) g`,
    [agents],
  );
  await db.query(
    `INSERT INTO person_roles (person_id, municipality_code, role)
     SELECT p.id, ($1::int[])[1 + ((substring(p.email from 6 for position('@' in p.email) - 6)::int - 1) % $2)], 'agent' FROM people p WHERE p.email LIKE 'bench%'`,
    [codes, codes.length],
  );
  // Each municipality's quality coordinator, leader and primary contact can be reached, so warnings are really sent.
  for (const code of codes) {
    for (const role of ['kvalitetskoordinator', 'leder', 'primaer_kontakt'] as const) {
      const p = await db.query<{ id: number }>(`INSERT INTO people (email, name) VALUES ($1, $2) RETURNING id`, [
        `${role}.${code}@eksempel.dk`,
        `${role} ${code}`,
      ]);
      await db.query('INSERT INTO person_roles (person_id, municipality_code, role) VALUES ($1, $2, $3)', [
        p.rows[0].id,
        code,
        role,
      ]);
      await addConversation(db, t.connector.url, { id: `bench-${role}-${code}`, personId: p.rows[0].id });
    }
  }
  // Steering-committee meetings ahead, so escalations become agenda items as in production.
  for (const startsAt of ['2028-01-20T09:00:00Z', '2028-03-20T09:00:00Z']) await addMeeting(db, { startsAt });
  const s = await db.query<{ id: number }>(
    `INSERT INTO people (email, name) VALUES ('sekretariat@eksempel.dk', 'Sekretariatet') RETURNING id`,
  );
  await db.query('INSERT INTO secretariat_members (person_id) VALUES ($1)', [s.rows[0].id]);
  await addConversation(db, t.connector.url, { id: 'bench-sekretariat', personId: s.rows[0].id });
}

/** Samples RSS and the JS heap every 10 ms while fn runs; `mark` notes RSS at a named moment (the import's progress). */
async function measured<T>(
  fn: (mark: (label: string) => void) => Promise<T>,
): Promise<{ value: T; ms: number; peak: number; peakHeap: number; marks: string[] }> {
  let peak = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const probe = setInterval(sample, 10);
  const started = performance.now();
  const marks: string[] = [];
  const mark = (label: string) => {
    sample();
    marks.push(`${(performance.now() - started).toFixed(0)} ms ${mib(process.memoryUsage().rss)}: ${label.trim()}`);
  };
  try {
    const value = await fn(mark);
    sample();
    return { value, ms: performance.now() - started, peak, peakHeap, marks };
  } finally {
    clearInterval(probe);
  }
}

/**
 * The idle bot's RSS: it has answered a turn (so card templating is loaded, as in a bot that has shown the upload
 * card), nothing is pending, garbage collected, sampled for a second.
 */
async function idleRss(t: TestApp): Promise<number> {
  await t.message(randomUUID(), 'menu');
  await t.runJobs();
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 500));
  const samples: number[] = [];
  for (let i = 0; i < 20; i++) {
    samples.push(process.memoryUsage().rss);
    await new Promise((r) => setTimeout(r, 50));
  }
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

/** KPI_CPU_PROFILE=file.cpuprofile: a CPU profile of the import alone (open it in Chrome's DevTools). */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(path: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
type Database = (typeof kinds)[number];
type Scenario = 'year' | 'month' | 'xlsx';
interface Result {
  database: Database;
  scenario: string;
  importMs: number;
  slowestMs: number;
  idle: number;
  peak: number;
  peakHeap: number;
  triggered: string;
  marks: string[];
}

async function runYear(database: Database): Promise<Result> {
  const t = await startTestApp({ database, now: '2027-12-20T09:00:00Z' });
  await setUp(t, 1000);
  const kpi = t.app.modules.kpi;
  const idle = await idleRss(t);
  let importMs = 0;
  let slowest = 0;
  let deliverMs = 0;
  let peak = idle;
  let peakHeap = 0;
  const totals = { warned: 0, followedUp: 0, escalated: 0, flagged: 0 };
  for (let month = 1; month <= 12; month++) {
    const period = `2027-${String(month).padStart(2, '0')}`;
    const file = monthFile(period, 1000, month);
    const r = await measured(() => kpi.imports.importFile(file, `${period}.csv`, null));
    importMs += r.ms;
    slowest = Math.max(slowest, r.ms);
    peak = Math.max(peak, r.peak);
    peakHeap = Math.max(peakHeap, r.peakHeap);
    totals.warned += r.value.warned;
    totals.followedUp += r.value.followedUp;
    totals.escalated += r.value.escalated;
    totals.flagged += r.value.flaggedAgents;
    const d = await measured(() => t.runJobs());
    deliverMs += d.ms;
  }
  const sent = t.connector.sent().length;
  await t.stop();
  return {
    database,
    scenario: '12 months x 1,000 agents',
    importMs,
    slowestMs: slowest,
    idle,
    peak,
    peakHeap,
    triggered: `${totals.warned} warnings, ${totals.followedUp} follow-ups, ${totals.escalated} escalations, ${totals.flagged} agents listed; ${sent} cards sent in ${sec(deliverMs)}`,
    marks: [],
  };
}

/** The same month as an Excel workbook, as the secretariat may save it. */
async function asXlsx(csv: Buffer): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('KPI');
  for (const line of csv.toString('utf8').split('\n')) sheet.addRow(line.split(';'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The Excel file is made by the parent (writing it costs memory the import must not be charged with). */
const xlsxPath = join(tmpdir(), 'ddh-bench-kpi-2027-11.xlsx');

async function runMonth(database: Database, excel: boolean): Promise<Result> {
  const t = await startTestApp({ database, now: '2027-12-20T09:00:00Z' });
  await setUp(t, 12_000);
  const kpi = t.app.modules.kpi;
  const file = excel ? readFileSync(xlsxPath) : monthFile('2027-11', 12_000, 11);
  const name = excel ? '2027-11.xlsx' : '2027-11.csv';
  const idle = await idleRss(t);
  const session = process.env.KPI_CPU_PROFILE ? await startProfile() : null;
  let r: Awaited<ReturnType<typeof measured<ImportSummary>>> | undefined;
  // Round trips are counted too: unlike time on a shared machine, they do not vary from run to run.
  const sql = await t.db.counting(() =>
    inScope(async () => {
      r = await measured((mark) => kpi.imports.importFile(file, name, null, mark));
    }),
  );
  if (!r) throw new Error('the import did not run');
  if (session) await session.stop(process.env.KPI_CPU_PROFILE!);
  await t.stop();
  return {
    database,
    scenario: `1 month x 12,000 agents, ${excel ? 'Excel' : 'CSV'} (${Math.round(file.length / 1024)} KB)`,
    importMs: r.ms,
    slowestMs: r.ms,
    idle,
    peak: r.peak,
    peakHeap: r.peakHeap,
    triggered: `${r.value.warned} warnings, ${r.value.flaggedAgents} agents listed; ${sql.length} statements`,
    marks: r.marks,
  };
}

const [childDatabase, childScenario] = process.argv.slice(2) as [Database | undefined, Scenario | undefined];
if (childDatabase && childScenario) {
  // One scenario in this process: the parent reads the result line.
  const result =
    childScenario === 'year' ? await runYear(childDatabase) : await runMonth(childDatabase, childScenario === 'xlsx');
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

writeFileSync(xlsxPath, await asXlsx(monthFile('2027-11', 12_000, 11)));
const rows: (string | number)[][] = [];
for (const database of kinds) {
  for (const scenario of ['year', 'month', 'xlsx'] as const) {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), database, scenario],
      { encoding: 'utf8', timeout: 10 * 60_000, maxBuffer: 64 * 2 ** 20, env: process.env },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`${database} ${scenario} failed: ${child.stderr.slice(-2000)}`);
    const r = JSON.parse(line.slice('RESULT '.length)) as Result;
    for (const m of r.marks) console.log(`  ${database} ${scenario}: ${m}`);
    rows.push([
      r.database,
      r.scenario,
      '12,000',
      sec(r.importMs),
      sec(r.slowestMs),
      mib(r.idle),
      mib(r.peak),
      mib(r.peak - r.idle),
      mib(r.peakHeap),
      r.triggered,
    ]);
  }
}

report(
  'KPI import: a year of months and a 12,000-row month',
  'npx tsx bench/kpi-import.ts',
  table(
    [
      'database',
      'scenario',
      'rows',
      'import time (total)',
      'slowest import',
      'idle RSS',
      'peak RSS',
      'growth over idle',
      'peak JS heap',
      'what it triggered',
    ],
    rows,
  ),
  [
    'Import time is the whole use case: reading and checking every row, one transaction with the rows, verdicts, training list, warning cards (rendered per role), escalations with agenda items, and the summary.',
    'Sending is measured separately ("cards sent in"): the outbox is throttled to the Teams limits (50 messages/s per tenant), so that is the floor for delivery.',
    'Each scenario runs in its own process. Idle RSS: the bot set up with its registry, nothing pending, after garbage collection; growth over idle is the peak while importing minus that (goal for the 12,000-row month: at most 200 MB, and at most 1.5 s on PostgreSQL). With PGlite the database runs in the process, so its memory counts too.',
  ],
);
process.exit(0);
