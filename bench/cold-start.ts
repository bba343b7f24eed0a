/**
 * Cold start (issue 22 goal 5): from the built output (`npm run build`, then what `npm run serve` runs) to /readyz,
 * on PostgreSQL (a fresh database: first start migrates) and on the embedded database; and `npm start` to a usable
 * playground (the bot's /readyz and the playground's page both answer), on a fresh data folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { report, table } from './bench-support.js';

const NODE = process.execPath;
const answers = (url: string, ok: (status: number) => boolean = (s) => s === 200) =>
  fetch(url).then(
    (r) => ok(r.status),
    () => false,
  );

/** Milliseconds from spawn until every URL answers; the child (and its process group) is stopped afterwards. */
async function timeUntil(child: ChildProcess, urls: string[], started: number): Promise<number> {
  try {
    for (;;) {
      if ((await Promise.all(urls.map((u) => answers(u)))).every(Boolean)) return Date.now() - started;
      if (child.exitCode !== null)
        throw new Error(`the process exited (${child.exitCode}) before ${urls.join(', ')} answered`);
      if (Date.now() - started > 120_000) throw new Error(`${urls.join(', ')} did not answer within 120 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (!exited && child.pid) process.kill(-child.pid, 'SIGTERM');
    if (!exited) await new Promise((r) => child.once('exit', r));
  }
}

async function serveOnce(env: Record<string, string>, port: number): Promise<number> {
  const started = Date.now();
  const child = spawn(NODE, ['dist/src/app/main.js'], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  return timeUntil(child, [`http://127.0.0.1:${port}/readyz`], started);
}

/** A production configuration that needs no Azure at start (user-assigned managed identity, Graph off). */
const production = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  BOT_AUTH_TYPE: 'UserAssignedMSI',
  MICROSOFT_APP_ID: '00000000-0000-4000-8000-00000000c01d',
  MICROSOFT_APP_TENANT_ID: '00000000-0000-4000-8000-00000000d0d0',
  LINK_SIGNING_SECRET: 'cold-start-bench-secret-0123456789abcdef',
  HOST: '127.0.0.1',
});

const built = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
if (built.status !== 0) throw new Error('npm run build failed');

const rows: string[][] = [];
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ddh_cold_start');
  await admin.query('CREATE DATABASE ddh_cold_start');
  const url = new URL(adminUrl);
  url.pathname = '/ddh_cold_start';
  const first = await serveOnce(production(url.toString()), 39781);
  const restarts = [];
  for (let i = 0; i < 3; i++) restarts.push(await serveOnce(production(url.toString()), 39782 + i));
  await admin.query('DROP DATABASE IF EXISTS ddh_cold_start');
  await admin.end();
  rows.push(['PostgreSQL', 'npm run serve', s(first), restarts.map(s).join(', ')]);
}

const dir = mkdtempSync(join(tmpdir(), 'ddh-cold-'));
const local = { DDH_LOCAL: '1', DATA_DIR: dir };
const firstLocal = await serveOnce(local, 39785);
const againLocal = await serveOnce(local, 39786);
rmSync(dir, { recursive: true, force: true });
rows.push(['PGlite', 'npm run serve (DDH_LOCAL=1)', s(firstLocal), s(againLocal)]);

// `npm start` as a newcomer runs it: a fresh data folder, demo data, the playground beside the bot.
const startDir = mkdtempSync(join(tmpdir(), 'ddh-start-'));
const startOnce = async () => {
  const started = Date.now();
  const child = spawn('npm', ['start'], {
    env: { ...process.env, DATA_DIR: startDir, PORT: '39790', PLAYGROUND_PORT: '56190', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
    detached: true,
  });
  return timeUntil(child, ['http://127.0.0.1:39790/readyz', 'http://localhost:56190'], started);
};
const firstStart = await startOnce();
const againStart = await startOnce();
rmSync(startDir, { recursive: true, force: true });
rows.push(['PGlite + demo data + playground', 'npm start', s(firstStart), s(againStart)]);

function s(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

report(
  'Cold start to /readyz',
  'TEST_DATABASE_URL=… npm run bench -- cold',
  table(['database', 'command', 'first start (creates + migrates)', 'restart (migrated)'], rows),
  [
    'Goal (issue 22): ≤ 3 s from the built output on PostgreSQL.',
    '`npm start` runs TypeScript through tsx and starts the playground beside the bot; it prints its own "Klar efter … s".',
  ],
);
process.exit(0);
