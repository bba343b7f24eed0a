import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { loadMigrations, migrate, pendingMigrations } from '../../src/db/migrate.js';
import { openEmptyDatabase, testDatabases } from '../support/databases.js';

describe.each(testDatabases())('migrations on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openEmptyDatabase(kind);
  });
  afterAll(() => db.close());

  it('applies every numbered migration once, in order', async () => {
    const all = loadMigrations();
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort((a, b) => a - b));
    expect(await pendingMigrations(db)).toBe(all.length);
    expect(await migrate(db)).toEqual(all.map((m) => m.version));
    expect(await pendingMigrations(db)).toBe(0);
    expect(await migrate(db)).toEqual([]);
  });

  it('runs two migrators at once without applying anything twice', async () => {
    const [a, b] = await Promise.all([migrate(db), migrate(db)]);
    expect([...a, ...b]).toEqual([]);
  });
});
