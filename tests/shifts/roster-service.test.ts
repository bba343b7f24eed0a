/**
 * RosterService's contract, on the real app and a real database. It accepts a validated RosterBatch (parsing and
 * refusing bad files is roster-source's, see roster-source.test.ts and roster-import.test.ts); it writes shifts
 * (linked to a registry person by e-mail or object id), one 'shifts.check' timer per shift at start + grace (the
 * municipality's own grace when it has one), retires reassigned and removed shifts with their checks, and closes an
 * open incident of a reassigned shift. It sends nothing but the card update of such an incident. All in one
 * transaction; the same batch twice changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterBatch, RosterShift } from '../../src/shifts/roster-source.js';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { incidentEventsOf, personIn, timersOf } from './shifts-support.js';

const shiftAt = (externalId: string, municipalityCode: number, agentEmail: string, hour: number): RosterShift => ({
  externalId,
  municipalityCode,
  agentEmail,
  leaderEmail: null,
  agentId: null,
  startsAt: new Date(`2026-11-25T${String(hour).padStart(2, '0')}:00:00Z`),
  endsAt: new Date(`2026-11-25T${String(hour + 4).padStart(2, '0')}:00:00Z`),
});
const batchOf = (shifts: RosterShift[], coveredDates: string[] = []): RosterBatch => ({
  source: 'test',
  shifts,
  coveredDates,
});

describe.each(testDatabases())('RosterService on %s', (kind) => {
  let t: TestApp;
  const roster = () => t.app.modules.shifts.roster;
  const shiftsOf = async (externalId: string) =>
    (
      await t.deps.db.query<{ id: number; status: string; agent_email: string; agent_person_id: number | null }>(
        'SELECT id, status, agent_email, agent_person_id FROM shifts WHERE external_id = $1 ORDER BY id',
        [externalId],
      )
    ).rows;
  const checkOf = async (shiftId: number) =>
    (
      await t.deps.db.query<{ state: string; due_at: Date }>(
        `SELECT state, due_at FROM timers WHERE starts_with(key, $1)`,
        [`noshow:check:${shiftId}:`],
      )
    ).rows.map((timer) => ({ state: timer.state, dueAt: new Date(timer.due_at).toISOString() }));

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T05:00:00Z', database: kind });
  });
  afterAll(() => t?.stop());

  it('creates shifts, links agents to registry people and plans a check at start + grace', async () => {
    const agent = await personIn(t, { email: 'kendt.agent@eksempel.dk', reachable: false });
    await t.deps.db.query('INSERT INTO noshow_policies (municipality_code, grace_minutes) VALUES (461, 12)');
    const summary = await roster().importRoster(
      batchOf([shiftAt('R-1', 751, 'kendt.agent@eksempel.dk', 7), shiftAt('R-2', 461, 'anden@eksempel.dk', 7)]),
    );
    expect(summary).toEqual({
      source: 'test',
      created: 2,
      reassigned: 0,
      updated: 0,
      unchanged: 0,
      removed: 0,
      checksScheduled: 2,
    });
    const [aarhus] = await shiftsOf('R-1');
    expect(aarhus).toMatchObject({ status: 'active', agent_person_id: agent.person.id });
    expect(await checkOf(aarhus.id)).toEqual([{ state: 'pending', dueAt: '2026-11-25T07:05:00.000Z' }]);
    const [odense] = await shiftsOf('R-2');
    expect(await checkOf(odense.id)).toEqual([{ state: 'pending', dueAt: '2026-11-25T07:12:00.000Z' }]);
  });

  it('the same batch again changes nothing; a later end time only updates the shift', async () => {
    const again = await roster().importRoster(
      batchOf([shiftAt('R-1', 751, 'kendt.agent@eksempel.dk', 7), shiftAt('R-2', 461, 'anden@eksempel.dk', 7)]),
    );
    expect(again).toMatchObject({ created: 0, unchanged: 2, checksScheduled: 0 });
    const longer = { ...shiftAt('R-2', 461, 'anden@eksempel.dk', 7), endsAt: new Date('2026-11-25T13:00:00Z') };
    expect(await roster().importRoster(batchOf([longer]))).toMatchObject({ updated: 1, checksScheduled: 0 });
    expect(await shiftsOf('R-2')).toHaveLength(1);
  });

  it('a reassigned shift is a new version with its own check; the old check is cancelled, its open incident closed', async () => {
    const [old] = await shiftsOf('R-1');
    const incident = (await t.app.modules.shifts.noShows.runCheck(old.id))!;
    const summary = await roster().importRoster(batchOf([shiftAt('R-1', 751, 'ny.agent@eksempel.dk', 7)]));
    expect(summary).toMatchObject({ reassigned: 1, created: 0, checksScheduled: 1 });
    const versions = await shiftsOf('R-1');
    expect(versions.map((shift) => [shift.status, shift.agent_email])).toEqual([
      ['reassigned', 'kendt.agent@eksempel.dk'],
      ['active', 'ny.agent@eksempel.dk'],
    ]);
    expect((await checkOf(versions[0].id)).map((timer) => timer.state)).toEqual(['cancelled']);
    expect((await checkOf(versions[1].id)).map((timer) => timer.state)).toEqual(['pending']);
    expect((await incidentEventsOf(t, incident.id)).at(-1)).toEqual({
      kind: 'resolved',
      note: 'Vagten er flyttet til en anden agent i vagtplanen.',
    });
    expect((await timersOf(t, `noshow:${incident.id}:escalate:`)).map((timer) => timer.state)).toEqual([
      'cancelled',
      'cancelled',
    ]);
  });

  it('removes what the batch no longer lists on the dates it covers, except shifts that raised an incident', async () => {
    await roster().importRoster(
      batchOf([shiftAt('R-3', 101, 'k3@eksempel.dk', 9), shiftAt('R-4', 101, 'k4@eksempel.dk', 9)]),
    );
    const [withIncident] = await shiftsOf('R-4');
    await t.app.modules.shifts.noShows.runCheck(withIncident.id);
    // 25 November is covered and lists only R-2 (and the new R-1): R-3 goes, R-4 stays for its incident.
    const summary = await roster().importRoster(
      batchOf(
        [
          { ...shiftAt('R-2', 461, 'anden@eksempel.dk', 7), endsAt: new Date('2026-11-25T13:00:00Z') },
          shiftAt('R-1', 751, 'ny.agent@eksempel.dk', 7),
        ],
        ['2026-11-25'],
      ),
    );
    expect(summary).toMatchObject({ removed: 1, unchanged: 2 });
    const [removed] = await shiftsOf('R-3');
    expect(removed.status).toBe('removed');
    expect((await checkOf(removed.id)).map((timer) => timer.state)).toEqual(['cancelled']);
    expect((await shiftsOf('R-4'))[0].status).toBe('active');
  });

  it('plans no check for a shift that has already ended', async () => {
    const ended = { ...shiftAt('R-5', 751, 'r5@eksempel.dk', 7), startsAt: new Date('2026-11-23T07:00:00Z') };
    ended.endsAt = new Date('2026-11-23T11:00:00Z');
    expect(await roster().importRoster(batchOf([ended]))).toMatchObject({ created: 1, checksScheduled: 0 });
    expect(await checkOf((await shiftsOf('R-5'))[0].id)).toEqual([]);
  });
});
