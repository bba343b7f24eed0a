/**
 * KPI import benchmark (issue 6): a year of monthly imports of 1,000 agents (12 x 1,000 = 12,000 rows) with the
 * warnings, follow-ups and escalations they trigger, and one month of 12,000 agents in a single file.
 * Reports wall time, peak RSS of the process (bot + embedded database + generator) and what was sent.
 * Run: npx tsx bench/kpi-import.ts   (TEST_DATABASE_URL=... adds PostgreSQL)
 */
import { startTestApp, type TestApp } from '../tests/support/test-app.js';
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

/** Peak RSS while fn runs, sampled every 20 ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peak: number }> {
  let peak = process.memoryUsage().rss;
  const probe = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(probe);
  }
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rows: (string | number)[][] = [];

for (const database of kinds) {
  // A year of monthly imports, 1,000 agents each.
  {
    const t = await startTestApp({ database, now: '2027-12-20T09:00:00Z' });
    await setUp(t, 1000);
    const kpi = t.app.modules.kpi;
    const baseline = process.memoryUsage().rss;
    let importMs = 0;
    let slowest = 0;
    let deliverMs = 0;
    let peak = baseline;
    const totals = { warned: 0, followedUp: 0, escalated: 0, flagged: 0 };
    for (let month = 1; month <= 12; month++) {
      const period = `2027-${String(month).padStart(2, '0')}`;
      const file = monthFile(period, 1000, month);
      const r = await measured(() => kpi.imports.importFile(file, `${period}.csv`, null));
      importMs += r.ms;
      slowest = Math.max(slowest, r.ms);
      peak = Math.max(peak, r.peak);
      totals.warned += r.value.warned;
      totals.followedUp += r.value.followedUp;
      totals.escalated += r.value.escalated;
      totals.flagged += r.value.flaggedAgents;
      const d = await measured(() => t.runJobs());
      deliverMs += d.ms;
      peak = Math.max(peak, d.peak);
    }
    const sent = t.connector.sent().length;
    rows.push([
      database,
      '12 months x 1,000 agents',
      '12,000',
      sec(importMs),
      sec(slowest),
      mib(baseline),
      mib(peak),
      `${totals.warned} warnings, ${totals.followedUp} follow-ups, ${totals.escalated} escalations, ${totals.flagged} agents listed; ${sent} cards sent in ${sec(deliverMs)}`,
    ]);
    await t.stop();
  }
  // One month with 12,000 agents in one file.
  {
    const t = await startTestApp({ database, now: '2027-12-20T09:00:00Z' });
    await setUp(t, 12_000);
    const kpi = t.app.modules.kpi;
    const file = monthFile('2027-11', 12_000, 11);
    const baseline = process.memoryUsage().rss;
    const r = await measured(() => kpi.imports.importFile(file, '2027-11.csv', null));
    rows.push([
      database,
      `1 month x 12,000 agents (${Math.round(file.length / 1024)} KB)`,
      '12,000',
      sec(r.ms),
      sec(r.ms),
      mib(baseline),
      mib(r.peak),
      `${r.value.warned} warnings, ${r.value.flaggedAgents} agents listed`,
    ]);
    await t.stop();
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
      'RSS before',
      'peak RSS',
      'what it triggered',
    ],
    rows,
  ),
  [
    'Import time is the whole use case: reading and checking every row, one transaction with the rows, verdicts, training list, warning cards (rendered per role), escalations with agenda items, and the summary.',
    'Sending is measured separately ("cards sent in"): the outbox is throttled to the Teams limits (50 messages/s per tenant), so that is the floor for delivery.',
    'RSS is the whole process: the bot, the embedded database (PGlite runs in-process) and the file generator.',
  ],
);
process.exit(0);
