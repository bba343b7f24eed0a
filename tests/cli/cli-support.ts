/**
 * Runs the command-line tools as a user does: a child process per command (Node with tsx, as `npm run` does), the
 * output captured apart (stdout, stderr, exit code). A database per test file: PGlite in a fresh DATA_DIR, or a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/db/database.js';
import { createPgDatabase } from '../../src/db/pg-database.js';
import { createPgliteDatabase } from '../../src/db/pglite-database.js';
import { migrate } from '../../src/db/migrate.js';
import { openTestDatabase, type DatabaseKind } from '../support/databases.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type CliScript = 'registry' | 'import' | 'report' | 'election' | 'package' | 'engage-login';

/** The environment a user's shell would have, minus anything that would point the tool elsewhere. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env))
    if (/^(DATABASE_URL|DATA_DIR|LOG_LEVEL|DEBUG|DDH_LOCAL|MICROSOFT_|PUBLIC_BASE_URL|ENGAGE_|GRAPH_)/.test(name))
      delete env[name];
  return { ...env, ...extra };
}

export function runCli(
  script: CliScript,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<CliResult> {
  const file = join(process.cwd(), 'src', 'cli', `${script}-cli.ts`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: cwd ?? process.cwd(),
      env: baseEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(out)),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** A database for the CLI: the environment the child processes get, and a way to open it in the test for seeding. */
export interface CliDatabase {
  env: Record<string, string>;
  /** Opens the same database here (PGlite: only while no CLI process has it open). */
  open(): Promise<Db>;
  close(): Promise<void>;
}

export async function cliDatabase(kind: DatabaseKind): Promise<CliDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'ddh-cli-'));
    return {
      env: { DATA_DIR: dir },
      async open() {
        const db = await createPgliteDatabase(join(dir, 'pglite'));
        await migrate(db);
        return db;
      },
      close: async () => undefined,
    };
  }
  const keeper = await openTestDatabase('pg');
  const name = (await keeper.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: async () => createPgDatabase(url.toString(), 2),
    close: () => keeper.close(),
  };
}

/** No stack trace, no JSON log line: what a person reads. */
export function looksDanishAndClean(stderr: string): boolean {
  return !/\n\s+at |"level":|Error:|ENOENT|Expected /.test(stderr);
}
