/**
 * RetentionService's contract: once a day, personal data older than the retention period (from midnight
 * Copenhagen time) is deleted or blanked in one transaction; aggregates, pending work and recent data stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { RetentionService, retentionCutoff } from '../../src/retention/retention-service.js';
import { ManualClock } from '../../src/shared/clock.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';
import { addPerson } from '../support/registry-fixtures.js';

const NOW = new Date('2026-11-24T09:00:00Z');
const OLD = '2024-06-01T10:00:00Z';
const RECENT = '2026-11-01T10:00:00Z';

describe('retention cutoff', () => {
  it('is midnight Copenhagen time, N months back', () => {
    expect(retentionCutoff(NOW, 24).toISOString()).toBe('2024-11-23T23:00:00.000Z');
    expect(retentionCutoff(new Date('2026-07-01T21:30:00Z'), 12).toISOString()).toBe('2025-06-30T22:00:00.000Z');
  });
});

describe.each(testDatabases())('RetentionService on %s', (kind) => {
  let db: Db;
  let agentId: number;
  const count = async (sql: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0].n;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    agentId = (await addPerson(db, { roles: [[791, 'agent']] })).id;
    const otherAgentId = (await addPerson(db, { roles: [[791, 'agent']] })).id;
    await db.query(
      `INSERT INTO kpi_imports (period, file_name, row_count, imported_at) VALUES ('2024-01', 'a.csv', 2, now()), ('2026-10', 'b.csv', 1, now())`,
    );
    await db.query(
      `INSERT INTO kpi_rows (period, municipality_code, agent_person_id, agent_key, calls_handled, calls_resolved, satisfaction_answers, satisfaction_mean) VALUES
       ('2024-01', 791, NULL, '', 100, 60, 30, 7.5), ('2024-01', 791, $1, 'a@x.dk', 50, 30, 10, 7.0), ('2026-10', 791, $1, 'a@x.dk', 50, 30, 10, 7.0)`,
      [agentId],
    );
    await db.query(
      `INSERT INTO kpi_verdicts (period, municipality_code, resolution_rate, satisfaction, verdict) VALUES ('2024-01', 791, 60, 7.5, 'ok')`,
    );
    await db.query(
      `INSERT INTO kpi_warnings (period, municipality_code, kind, plan, plan_at, created_at, updated_at) VALUES
       ('2024-01', 791, 'advarsel', 'Anders får sidemandsoplæring', '2024-02-03T10:00:00Z', '2024-02-01T10:00:00Z', now()),
       ('2026-10', 791, 'advarsel', 'Ny plan', '2026-11-03T10:00:00Z', '2026-11-01T10:00:00Z', now())`,
    );
    await db.query(
      `INSERT INTO kpi_training (person_id, municipality_code, period, completed_at) VALUES
       ($1, 791, '2024-01', $2), ($1, 791, '2026-10', $3), ($4, 791, '2024-01', NULL)`,
      [agentId, OLD, RECENT, otherAgentId],
    );
    await db.query(
      `INSERT INTO attendance_events (event_id, agent_email, kind, at, received_at) VALUES
       ('gammel', 'a@x.dk', 'login', $1, $1), ('ny', 'a@x.dk', 'login', $2, $2)`,
      [OLD, RECENT],
    );
    const shift = await db.query<{ id: number }>(
      `INSERT INTO shifts (external_id, municipality_code, agent_email, starts_at, ends_at, source, imported_at, updated_at)
       VALUES ('v1', 791, 'a@x.dk', $1, $2, 'test', $1, $1) RETURNING id`,
      [OLD, '2024-06-01T14:00:00Z'],
    );
    await db.query(
      `INSERT INTO shift_delay_notices (message_id, shift_id, posted_at, text) VALUES ('1', $1, $2, 'Forsinket'), ('2', $1, $3, 'Forsinket')`,
      [shift.rows[0].id, OLD, RECENT],
    );
    for (const [key, state, updatedAt] of [
      ['sendt-gammel', 'sent', OLD],
      ['afvist-gammel', 'unreachable', OLD],
      ['venter-gammel', 'pending', OLD],
      ['sendt-ny', 'sent', RECENT],
    ]) {
      await db.query(
        `INSERT INTO outbox (key, kind, batch, recipient, state, next_attempt_at, updated_at)
         VALUES ($1, 'send', 'test', '{"kind":"person","personId":1}', $2, $3, $3)`,
        [key, state, updatedAt],
      );
    }
    await db.query(`INSERT INTO agenda_drafts (person_id, data, updated_at) VALUES ($1, '{}', $2), ($3, '{}', $4)`, [
      agentId,
      OLD,
      otherAgentId,
      RECENT,
    ]);
    for (const [key, createdAt] of [
      ['sms-gammel', OLD],
      ['sms-ny', RECENT],
    ]) {
      await db.query(
        `INSERT INTO sms_messages (key, batch, to_number, body, reply_code, state, reference, created_at)
         VALUES ($1, 'noshow:1', '+4512345678', 'Udeblivelse i Viborg', 'K7Q2', 'delivered', $1, $2)`,
        [key, createdAt],
      );
    }
    await db.query(`INSERT INTO shifts_ingest_signatures (signature, seen_at) VALUES ('gammel', $1), ('ny', $2)`, [
      '2026-11-23T08:59:00Z',
      '2026-11-24T08:00:00Z',
    ]);
  });
  afterAll(() => db.close());

  it('purges what is older than the cutoff and reports how much, by kind of data', async () => {
    const report = await new RetentionService({ db, clock: new ManualClock(NOW), months: 24 }).purge();
    expect(report).toEqual({
      cutoff: '2024-11-23T23:00:00.000Z',
      deleted: {
        attendance_events: 1,
        shift_delay_notices: 1,
        'kpi_rows (per agent)': 1,
        'kpi_training (completed)': 1,
        'kpi_warnings (plan text)': 1,
        'outbox (delivered cards)': 2,
        agenda_drafts: 1,
        'sms_messages (number and text)': 1,
        shifts_ingest_signatures: 1,
      },
    });
  });

  it('keeps aggregates, unfinished work and recent data', async () => {
    const rows = await db.query<{ period: string; agent_key: string }>(
      'SELECT period, agent_key FROM kpi_rows ORDER BY period, agent_key',
    );
    expect(rows.rows).toEqual([
      { period: '2024-01', agent_key: '' },
      { period: '2026-10', agent_key: 'a@x.dk' },
    ]);
    const warnings = await db.query('SELECT period, plan FROM kpi_warnings ORDER BY period');
    expect(warnings.rows).toEqual([
      { period: '2024-01', plan: null },
      { period: '2026-10', plan: 'Ny plan' },
    ]);
    expect(await count('kpi_verdicts')).toBe(1);
    expect(await count('kpi_training WHERE completed_at IS NULL')).toBe(1);
    expect(await count('kpi_training')).toBe(2);
    expect((await db.query('SELECT event_id FROM attendance_events')).rows).toEqual([{ event_id: 'ny' }]);
    expect((await db.query('SELECT message_id FROM shift_delay_notices')).rows).toEqual([{ message_id: '2' }]);
    expect((await db.query('SELECT key FROM outbox ORDER BY key')).rows).toEqual([
      { key: 'sendt-ny' },
      { key: 'venter-gammel' },
    ]);
    expect((await db.query('SELECT person_id FROM agenda_drafts')).rows).not.toContainEqual({ person_id: agentId });
    expect(await count('agenda_drafts')).toBe(1);
    expect((await db.query('SELECT signature FROM shifts_ingest_signatures')).rows).toEqual([{ signature: 'ny' }]);
    expect(
      (await db.query('SELECT key, to_number, body, reply_code, state FROM sms_messages ORDER BY key')).rows,
    ).toEqual([
      { key: 'sms-gammel', to_number: null, body: null, reply_code: null, state: 'delivered' },
      { key: 'sms-ny', to_number: '+4512345678', body: 'Udeblivelse i Viborg', reply_code: 'K7Q2', state: 'delivered' },
    ]);
  });

  it('finds nothing more to purge the same day', async () => {
    const again = await new RetentionService({ db, clock: new ManualClock(NOW), months: 24 }).purge();
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
  });
});
