import type { Db } from './database.js';
import { createPgDatabase } from './pg-database.js';
import { createPgliteDatabase } from './pglite-database.js';

/** PostgreSQL when a URL is given, otherwise the embedded database in dataDir. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? createPgDatabase(opts.databaseUrl) : createPgliteDatabase(opts.dataDir);
}
