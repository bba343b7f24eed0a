/**
 * A KPI import killed with SIGKILL half-way leaves nothing behind: the import is one transaction,
 * so PostgreSQL rolls it back when the connection dies. Then the same file imports completely.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { openTestDatabase } from '../support/databases.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('SIGKILL during an import (PostgreSQL)', () => {
  let db: Db;
  let dbUrl = '';
  const file = join(mkdtempSync(join(tmpdir(), 'ddh-kill-')), 'stor.csv');

  beforeAll(async () => {
    db = await openTestDatabase('pg');
    const name = (await db.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d;
    const u = new URL(url!);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    // 20,000 known agents in Viborg, so the file is valid and its import runs long enough to be killed inside its transaction.
    await db.query(
      `INSERT INTO people (email, name) SELECT 'kill' || g || '@eksempel.dk', 'Agent ' || g FROM generate_series(1, 20000) g`,
    );
    await db.query(`INSERT INTO memberships (municipality_code) VALUES (791)`);
    await db.query(
      `INSERT INTO person_roles (person_id, municipality_code, role) SELECT id, 791, 'agent' FROM people WHERE email LIKE 'kill%'`,
    );
    const lines = ['periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns'];
    for (let i = 1; i <= 20_000; i++)
      lines.push(`2026-09;791;kill${i}@eksempel.dk;${40 + (i % 60)};${10 + (i % 20)};25;6,5`);
    writeFileSync(file, lines.join('\n'));
  });
  afterAll(() => db.close());

  /** Starts the import and kills it with SIGKILL once it has written inside its open transaction. */
  const killMidImport = () =>
    new Promise<{ signal: string | null; sawTransaction: boolean }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import-cli.ts', 'kpi', file], {
        env: { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
      let saw = false;
      const probe = setInterval(async () => {
        const r = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query ILIKE '%INSERT INTO kpi_%'`,
        );
        if (r.rows[0].n > 0 && !saw) {
          saw = true;
          child.kill('SIGKILL');
        }
      }, 20);
      child.on('exit', (_code, signal) => {
        clearInterval(probe);
        resolve({ signal, sawTransaction: saw });
      });
    });

  it('leaves no partial period behind', async () => {
    const r = await killMidImport();
    expect(r).toEqual({ signal: 'SIGKILL', sawTransaction: true });
    // PostgreSQL notices the dead connection and rolls the transaction back.
    for (let i = 0; i < 100; i++) {
      const open = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
      );
      if (open.rows[0].n === 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const rows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM kpi_rows WHERE period = '2026-09'");
    const imports = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM kpi_imports WHERE period = '2026-09'",
    );
    expect([rows.rows[0].n, imports.rows[0].n]).toEqual([0, 0]);
  }, 60_000);
});
