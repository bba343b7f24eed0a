import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './database.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same for every instance.
const LOCK_KEY = 4_733_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Applies the numbered migrations not yet applied, each in its own transaction; safe with several instances. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await db.withTransaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.rows.length) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}

export async function pendingMigrations(db: Db, migrations = loadMigrations()): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return migrations.length;
  const r = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(r.rows.map((x) => x.version));
  return migrations.filter((m) => !done.has(m.version)).length;
}

/**
 * Migrations are plain statements separated by `;` at line end. A dollar-quoted body (`$body$ … $body$`, a SQL
 * function's) is one statement whatever its lines end with.
 */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const line of sql.replace(/^\s*--.*$/gm, '').split('\n')) {
    for (const tag of line.match(/\$[A-Za-z_]*\$/g) ?? []) quote = quote === null ? tag : quote === tag ? null : quote;
    current += line + '\n';
    if (quote === null && /;\s*$/.test(line)) {
      statements.push(current.trim().replace(/;$/, ''));
      current = '';
    }
  }
  return [...statements, current.trim()].filter(Boolean);
}
