/**
 * No-show detection latency (issue 5): 300 shifts start at 08:00, 260 agents log in, 40 do not.
 * Measures the wall time from the moment the clock reaches 08:05:00 to the last primary-contact alert
 * handed to the fake Bot Connector, with the scheduler polling on its own (no drain calls).
 *
 *   npm run bench -- noshow                            # PGlite, poll 1 s and 0.5 s
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- noshow   # also PostgreSQL
 */
import { signIngest } from '../src/shifts/ingest-signature.js';
import { MUNICIPALITIES } from '../src/registry/municipalities.js';
import { addPerson } from '../tests/support/registry-fixtures.js';
import { startTestApp, type TestApp } from '../tests/support/test-app.js';
import type { DatabaseKind } from '../tests/support/databases.js';
import { report, table } from './bench-support.js';

const SHIFTS = 300;
const NO_SHOWS = 40;
const MUNICIPALITY_COUNT = 60;
const SECRET = 'bench-secret-0123456789abcdef';

async function signedPost(t: TestApp, path: string, body: string, contentType: string): Promise<unknown> {
  const ts = String(Math.floor(t.clock.now().getTime() / 1000));
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-ddh-timestamp': ts, 'x-ddh-signature': signIngest(SECRET, ts, body) },
    body,
  });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

interface Result {
  database: DatabaseKind;
  pollSeconds: number;
  firstMs: number;
  lastMs: number;
  alerts: number;
}

async function run(database: DatabaseKind, pollSeconds: number): Promise<Result> {
  const t = await startTestApp({
    now: '2026-11-24T05:00:00Z',
    env: { INGEST_HMAC_SECRET: SECRET, SCHEDULER_POLL_SECONDS: String(pollSeconds) },
    database,
  });
  try {
    const codes = MUNICIPALITIES.slice(0, MUNICIPALITY_COUNT).map((m) => m.code);
    const primaryConv = new Set<string>();
    for (const code of codes) {
      const objectId = `bench-primary-${code}`;
      await addPerson(t.deps.db, { objectId, roles: [[code, 'primaer_kontakt']] });
      await t.message(objectId, 'hej');
      primaryConv.add(`personal-${objectId}`);
    }
    const rows = Array.from(
      { length: SHIFTS },
      (_, i) => `S-${i},${codes[i % codes.length]},agent${i}@eksempel.dk,2026-11-24 08:00,12:00`,
    );
    await signedPost(
      t,
      '/api/ingest/shifts',
      ['shift_id,municipality_code,agent_email,start,end', ...rows].join('\n'),
      'text/csv',
    );
    // Every 7th agent (40 of 300) stays away, spread over the roster as no-shows would be; the rest log in at 07:58.
    const noShow = (i: number) => i % 7 === 0 && i / 7 < NO_SHOWS;
    const events = rows
      .map((_, i) => i)
      .filter((i) => !noShow(i))
      .map((i) => ({
        id: `login-${i}`,
        agent_email: `agent${i}@eksempel.dk`,
        type: 'login',
        at: '2026-11-24T07:58:00+01:00',
      }));
    await signedPost(t, '/api/ingest/attendance', JSON.stringify({ events }), 'application/json');
    t.connector.reset();

    const alertsSent = () => t.connector.sent().filter((c) => primaryConv.has(c.conversationId));
    // From 08:04:45 the injected clock runs with the wall clock, as time does in production: the scheduler plans its
    // tick for the moment the check falls due (a jump straight to 08:05 would only be seen at its next idle tick).
    const lead = 15_000;
    const from = Date.parse('2026-11-24T07:05:00Z') - lead;
    const wallFrom = Date.now();
    t.clock.set(new Date(from));
    const running = setInterval(() => t.clock.set(new Date(from + (Date.now() - wallFrom))), 10);
    try {
      await t.connector.waitFor(() => alertsSent().length >= NO_SHOWS, 120_000);
    } finally {
      clearInterval(running);
    }
    const due = wallFrom + lead;
    const times = alertsSent().map((c) => c.at);
    return {
      database,
      pollSeconds,
      firstMs: Math.min(...times) - due,
      lastMs: Math.max(...times) - due,
      alerts: times.length,
    };
  } finally {
    await t.stop();
  }
}

async function main(): Promise<void> {
  const kinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'pg'] : ['pglite'];
  const results: Result[] = [];
  for (const database of kinds) for (const poll of [1, 0.5]) results.push(await run(database, poll));
  report(
    'No-show detection latency',
    'npm run bench -- noshow',
    table(
      ['database', 'scheduler poll', 'first alert', 'last primary alert', 'alerts'],
      results.map((r) => [
        r.database,
        `${r.pollSeconds} s`,
        `${(r.firstMs / 1000).toFixed(2)} s`,
        `${(r.lastMs / 1000).toFixed(2)} s`,
        r.alerts,
      ]),
    ),
    [
      `${SHIFTS} shifts at 08:00, ${NO_SHOWS} no-shows, ${MUNICIPALITY_COUNT} municipalities, grace 5 min.`,
      'Wall time from 08:05:00 to the alerts reaching the fake Bot Connector, with the scheduler on its own (no drain calls). The injected clock runs with the wall clock from 08:04:45, so the scheduler plans its tick for the moment the check falls due, as in production; each worker takes up to 100 jobs per poll.',
    ],
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
