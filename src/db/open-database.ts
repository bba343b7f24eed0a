import type { Db } from './database.js';

/**
 * PostgreSQL when a URL is given, otherwise the embedded database in dataDir. Each driver is loaded only when chosen:
 * production never loads PGlite's WebAssembly, and the local demo never loads pg.
 */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (opts.databaseUrl) return (await import('./pg-database.js')).createPgDatabase(opts.databaseUrl);
  return (await import('./pglite-database.js')).createPgliteDatabase(opts.dataDir);
}
