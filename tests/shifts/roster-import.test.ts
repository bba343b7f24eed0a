/** Roster import on real databases: idempotent upsert, reassignment and removal cancel checks, all-or-nothing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { Delivery } from '../../src/delivery/delivery.js';
import { PgBossScheduler } from '../../src/delivery/pg-boss-scheduler.js';
import { RegistryService } from '../../src/registry/registry-service.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { createShiftsModule, type ShiftsModule } from '../../src/shifts/shifts-module.js';
import { DEFAULT_NOSHOW_POLICY } from '../../src/shifts/shifts-domain.js';
import { importShiftsCommand } from '../../src/shifts/shifts-cli.js';
import { RosterValidationError } from '../../src/shifts/roster-source.js';
import { addPerson } from '../support/registry-fixtures.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';

// Importing never sends anything; if it tried, the test should fail loudly rather than pass quietly.
const importSendsNothing: Delivery = {
  enqueue: async () => {
    throw new Error('import must not send messages');
  },
  updateCard: async () => {
    throw new Error('import must not update cards');
  },
  onOutcome: () => undefined,
  report: async () => {
    throw new Error('not used');
  },
};

const HEADER = 'shift_id,municipality_code,agent_email,start,end\n';

describe.each(testDatabases())('roster import on %s', (kind) => {
  let db: Db;
  let deps: ShiftsModule;
  let clock: ManualClock;
  const dir = mkdtempSync(join(tmpdir(), 'ddh-shifts-'));
  let n = 0;
  const file = (text: string, ext = 'csv') => {
    const path = join(dir, `vagter-${++n}.${ext}`);
    writeFileSync(path, text);
    return path;
  };
  const timers = async () =>
    (
      await db.query<{ key: string; state: string; due_at: Date }>(
        `SELECT key, state, due_at FROM timers WHERE key LIKE 'noshow:check:%' ORDER BY key`,
      )
    ).rows;
  const shifts = async () =>
    (
      await db.query<{
        id: number;
        external_id: string;
        status: string;
        agent_email: string;
        agent_person_id: number | null;
      }>('SELECT id, external_id, status, agent_email, agent_person_id FROM shifts ORDER BY id')
    ).rows;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    clock = new ManualClock('2026-11-24T05:00:00Z'); // 06:00 in Copenhagen
    const log = createLogger('silent');
    deps = createShiftsModule(
      {
        db,
        clock,
        log,
        scheduler: new PgBossScheduler(db, clock, log, { pollSeconds: 1 }),
        delivery: importSendsNothing,
        registry: new RegistryService(db, true),
      },
      {
        policy: DEFAULT_NOSHOW_POLICY,
        zone: 'Europe/Copenhagen',
        ingestSecret: undefined,
        baseUrl: 'http://127.0.0.1',
        linkSecret: 'test-link-secret-0123456789',
        sms: null,
        smsDailyCapPerMunicipality: 30,
        leaderRoleFallback: true,
        engageCommunityUrl: null,
      },
    );
  });
  afterAll(() => db?.close());

  it('imports a CSV file, links agents to registry people and plans one check per shift at start + grace', async () => {
    const person = await addPerson(db, { email: 'Kendt.Agent@eksempel.dk' });
    const out = await importShiftsCommand(
      file(
        HEADER +
          'A-1,751,kendt.agent@eksempel.dk,2026-11-24 08:00,12:00\nA-2,461,anden@eksempel.dk,2026-11-24 08:00,12:00\n',
      ),
      deps,
    );
    expect(out).toMatch(/nye: 2/);
    const rows = await shifts();
    expect(rows.map((r) => [r.external_id, r.status])).toEqual([
      ['A-1', 'active'],
      ['A-2', 'active'],
    ]);
    expect(rows[0].agent_person_id).toBe(person.id);
    const t = await timers();
    expect(t).toHaveLength(2);
    expect(
      t.every((x) => x.state === 'pending' && new Date(x.due_at).toISOString() === '2026-11-24T07:05:00.000Z'),
    ).toBe(true);
  });

  it('is idempotent: the same file again changes nothing and plans nothing new', async () => {
    const out = await importShiftsCommand(
      file(
        HEADER +
          'A-1,751,kendt.agent@eksempel.dk,2026-11-24 08:00,12:00\nA-2,461,anden@eksempel.dk,2026-11-24 08:00,12:00\n',
      ),
      deps,
    );
    expect(out).toMatch(/uændrede: 2/);
    expect(await shifts()).toHaveLength(2);
    expect(await timers()).toHaveLength(2);
  });

  it('a reassigned shift gets a new check and the old one is cancelled; a removed shift is cancelled', async () => {
    const out = await importShiftsCommand(file(HEADER + 'A-1,751,ny.agent@eksempel.dk,2026-11-24 08:00,12:00\n'), deps);
    expect(out).toMatch(/flyttet til anden agent\/tid: 1/);
    expect(out).toMatch(/fjernet: 1/);
    const rows = await shifts();
    expect(rows.map((r) => [r.external_id, r.status, r.agent_email])).toEqual([
      ['A-1', 'reassigned', 'kendt.agent@eksempel.dk'],
      ['A-2', 'removed', 'anden@eksempel.dk'],
      ['A-1', 'active', 'ny.agent@eksempel.dk'],
    ]);
    const t = await timers();
    expect(t.map((x) => x.state)).toEqual(['cancelled', 'cancelled', 'pending']);
    expect(t[2].key).toBe(`noshow:check:${rows[2].id}:2026-11-24T07:00:00.000Z`);
  });

  it('a JSON file with a period removes shifts on covered days only', async () => {
    await importShiftsCommand(
      file(
        JSON.stringify({
          shifts: [
            {
              shift_id: 'B-1',
              municipality_code: 751,
              agent_email: 'b@eksempel.dk',
              start: '2026-11-25 08:00',
              end: '2026-11-25 12:00',
            },
          ],
        }),
        'json',
      ),
      deps,
    );
    const out = await importShiftsCommand(
      file(JSON.stringify({ period: { from: '2026-11-25', to: '2026-11-25' }, shifts: [] }), 'json'),
      deps,
    );
    expect(out).toMatch(/fjernet: 1/);
    const rows = await shifts();
    expect(rows.find((r) => r.external_id === 'B-1')!.status).toBe('removed');
    // 24 November was not covered, so its shift stays.
    expect(rows.find((r) => r.external_id === 'A-1' && r.status === 'active')).toBeDefined();
  });

  it('writes nothing from a file with one bad row, and says which row and field', async () => {
    const before = { shifts: await shifts(), timers: await timers() };
    const bad = file(
      HEADER + 'C-1,751,c@eksempel.dk,2026-11-26 08:00,12:00\nC-2,751,c2@eksempel.dk,2026-11-26 25:00,12:00\n',
    );
    const err = await importShiftsCommand(bad, deps).catch((e) => e);
    expect(err).toBeInstanceOf(RosterValidationError);
    expect(err.userMessage).toMatch(/række 3, kolonne 4, felt start/);
    expect(err.userMessage).toMatch(/intet fra filen er gemt/);
    expect(await shifts()).toEqual(before.shifts);
    expect(await timers()).toEqual(before.timers);
    const badJson = file(
      '[{"shift_id":"D-1","municipality_code":751,"agent_email":"d@eksempel.dk","start":"2026-11-26 08:00","end":"12:00"},{"shift_id":"D-2"}]',
      'json',
    );
    const err2 = await importShiftsCommand(badJson, deps).catch((e) => e);
    expect(err2.userMessage).toMatch(/vagt nr. 2, felt/);
    expect(await shifts()).toEqual(before.shifts);
  });

  it('plans no check for a shift that has already ended', async () => {
    const out = await importShiftsCommand(file(HEADER + 'E-1,751,e@eksempel.dk,2026-11-23 08:00,12:00\n'), deps);
    expect(out).toMatch(/nye: 1/);
    expect(out).toMatch(/planlagt: 0/);
  });
});
