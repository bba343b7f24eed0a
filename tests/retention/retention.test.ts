import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { purgeExpired, retentionCutoff } from '../../src/retention/retention-service.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';
import { addPerson } from '../support/registry-fixtures.js';

describe('retention cutoff', () => {
  it('is midnight Copenhagen time, N months back', () => {
    expect(retentionCutoff(new Date('2026-11-24T09:00:00Z'), 24).toISOString()).toBe('2024-11-23T23:00:00.000Z');
  });
});

describe.each(testDatabases())('retention purge on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('purges old personal data and keeps aggregates and recent data', async () => {
    const agent = await addPerson(db, { roles: [[791, 'agent']] });
    await db.query(
      `INSERT INTO kpi_imports (period, file_name, row_count, imported_at) VALUES ('2024-01', 'a.csv', 2, now()), ('2026-10', 'b.csv', 1, now())`,
    );
    await db.query(
      `INSERT INTO kpi_rows (period, municipality_code, agent_person_id, agent_key, calls_handled, calls_resolved, satisfaction_answers, satisfaction_mean) VALUES
       ('2024-01', 791, NULL, '', 100, 60, 30, 7.5), ('2024-01', 791, $1, 'a@x.dk', 50, 30, 10, 7.0), ('2026-10', 791, $1, 'a@x.dk', 50, 30, 10, 7.0)`,
      [agent.id],
    );
    await db.query(
      `INSERT INTO kpi_verdicts (period, municipality_code, resolution_rate, satisfaction, verdict) VALUES ('2024-01', 791, 60, 7.5, 'ok')`,
    );
    await db.query(
      `INSERT INTO kpi_warnings (period, municipality_code, kind, plan, plan_at, created_at, updated_at) VALUES
       ('2024-01', 791, 'advarsel', 'Anders får sidemandsoplæring', '2024-02-03T10:00:00Z', '2024-02-01T10:00:00Z', now()),
       ('2026-10', 791, 'advarsel', 'Ny plan', '2026-11-03T10:00:00Z', '2026-11-01T10:00:00Z', now())`,
    );
    const r = await purgeExpired(db, new Date('2026-11-24T09:00:00Z'), 24);
    expect(r.deleted['kpi_rows (per agent)']).toBe(1);
    expect(r.deleted['kpi_warnings (plan text)']).toBe(1);
    const warnings = await db.query<{ period: string; plan: string | null }>(
      'SELECT period, plan FROM kpi_warnings ORDER BY period',
    );
    expect(warnings.rows).toEqual([
      { period: '2024-01', plan: null },
      { period: '2026-10', plan: 'Ny plan' },
    ]);
    const rows = await db.query<{ period: string; agent_key: string }>(
      'SELECT period, agent_key FROM kpi_rows ORDER BY period, agent_key',
    );
    expect(rows.rows).toEqual([
      { period: '2024-01', agent_key: '' },
      { period: '2026-10', agent_key: 'a@x.dk' },
    ]);
    expect((await db.query('SELECT count(*)::int AS n FROM kpi_verdicts')).rows[0].n).toBe(1);
  });
});
