/**
 * Fresh, migrated databases for tests: embedded PGlite always, and the machine's PostgreSQL
 * when TEST_DATABASE_URL is set (CI sets it). Each PostgreSQL handle is a database of its own, dropped on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/db/database.js';
import { createPgDatabase } from '../../src/db/pg-database.js';
import { createPgliteDatabase } from '../../src/db/pglite-database.js';
import { migrate } from '../../src/db/migrate.js';
import { seedMunicipalities } from '../../src/registry/registry-repository.js';

export type DatabaseKind = 'pglite' | 'pg';

const adminUrl = process.env.TEST_DATABASE_URL;

/** The kinds to run repository tests on: `describe.each(testDatabases())`. */
export function testDatabases(): DatabaseKind[] {
  return adminUrl ? ['pglite', 'pg'] : ['pglite'];
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database (no migrations), for migration tests. */
export async function openEmptyDatabase(kind: DatabaseKind): Promise<Db> {
  if (kind === 'pglite') return createPgliteDatabase();
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `ddh_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createPgDatabase(url.toString(), 5);
  const close = db.close;
  return {
    ...db,
    close: async () => {
      await close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A migrated database with the 98 municipalities; the caller closes it. */
export async function openTestDatabase(kind: DatabaseKind = 'pglite'): Promise<Db> {
  const db = await openEmptyDatabase(kind);
  await migrate(db);
  await seedMunicipalities(db);
  return db;
}
