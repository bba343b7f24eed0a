/**
 * AttendanceService's contract, on the real app and a real database. It accepts login/logout events (validated by
 * the ingest endpoint); it writes each event id once (a resent id is a duplicate), with the agent's e-mail in lower
 * case, and a login from 12 hours before a shift's start until its end resolves the agent's unresolved incident of
 * that shift ('login' in the history, pending escalation cancelled, every copy of the card updated). The agent is
 * matched by e-mail or by Entra object id, also across the two through the registry person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttendanceEvent } from '../../src/shifts/shifts-domain.js';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { incidentEventsOf, personIn, rosterShift, timersOf } from './shifts-support.js';

const event = (eventId: string, spec: Omit<Partial<AttendanceEvent>, 'at'> & { at: string }): AttendanceEvent => ({
  eventId,
  agentEmail: spec.agentEmail ?? null,
  agentId: spec.agentId ?? null,
  kind: spec.kind ?? 'login',
  at: new Date(spec.at),
});

describe.each(testDatabases())('AttendanceService on %s', (kind) => {
  let t: TestApp;
  const attendance = () => t.app.modules.shifts.attendance;
  const openIncidentFor = async (externalId: string, agentEmail: string) => {
    const shift = await rosterShift(t, {
      externalId,
      municipalityCode: 751,
      agentEmail,
      startsAt: '2026-11-24T07:00:00Z',
      endsAt: '2026-11-24T11:00:00Z',
    });
    return (await t.app.modules.shifts.noShows.runCheck(shift.id))!;
  };
  const statusOf = async (incidentId: number) =>
    (
      await t.deps.db.query<{ status: string; resolution: string | null; login_at: Date | null }>(
        'SELECT status, resolution, login_at FROM noshow_incidents WHERE id = $1',
        [incidentId],
      )
    ).rows[0];

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T07:05:00Z', database: kind });
  });
  afterAll(() => t?.stop());

  it('stores each event once, with the e-mail in lower case; a resent event id is a duplicate', async () => {
    const first = await attendance().ingestAttendance([
      event('att-1', { agentEmail: ' Agent.En@Eksempel.dk ', kind: 'logout', at: '2026-11-24T05:00:00Z' }),
      event('att-2', { agentId: 'id-to', kind: 'logout', at: '2026-11-24T05:00:00Z' }),
    ]);
    expect(first).toEqual({ accepted: 2, duplicates: 0, resolved: 0 });
    const again = await attendance().ingestAttendance([
      event('att-1', { agentEmail: 'agent.en@eksempel.dk', kind: 'logout', at: '2026-11-24T05:00:00Z' }),
    ]);
    expect(again).toEqual({ accepted: 0, duplicates: 1, resolved: 0 });
    const stored = await t.deps.db.query<{ event_id: string; agent_email: string | null }>(
      `SELECT event_id, agent_email FROM attendance_events WHERE event_id IN ('att-1', 'att-2') ORDER BY event_id`,
    );
    expect(stored.rows).toEqual([
      { event_id: 'att-1', agent_email: 'agent.en@eksempel.dk' },
      { event_id: 'att-2', agent_email: null },
    ]);
  });

  it("a late login resolves the agent's incident, stops its escalation and updates its card", async () => {
    const contact = await personIn(t, { roles: [[751, 'primaer_kontakt']] });
    const incident = await openIncidentFor('AT-1', 'sen.agent@eksempel.dk');
    await t.runJobs();
    const summary = await attendance().ingestAttendance([
      event('att-3', { agentEmail: 'sen.agent@eksempel.dk', at: '2026-11-24T07:20:00Z' }),
    ]);
    expect(summary).toEqual({ accepted: 1, duplicates: 0, resolved: 1 });
    expect(await statusOf(incident.id)).toMatchObject({ status: 'resolved', resolution: 'login' });
    expect(new Date((await statusOf(incident.id)).login_at!).toISOString()).toBe('2026-11-24T07:20:00.000Z');
    expect((await incidentEventsOf(t, incident.id)).at(-1)).toEqual({ kind: 'login', note: null });
    expect((await timersOf(t, `noshow:${incident.id}:escalate:`)).map((timer) => timer.state)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    await t.runJobs();
    expect(JSON.stringify(t.connector.updates(`personal-${contact.person.entraObjectId}`).at(-1))).toContain(
      'Løst: Agent loggede på kl. 08:20',
    );
  });

  it('a logout, a login after the shift or a login of another agent resolves nothing', async () => {
    const incident = await openIncidentFor('AT-2', 'fravaerende@eksempel.dk');
    const summary = await attendance().ingestAttendance([
      event('att-4', { agentEmail: 'fravaerende@eksempel.dk', kind: 'logout', at: '2026-11-24T07:10:00Z' }),
      event('att-5', { agentEmail: 'fravaerende@eksempel.dk', at: '2026-11-24T11:30:00Z' }),
      event('att-6', { agentEmail: 'en.anden@eksempel.dk', at: '2026-11-24T07:10:00Z' }),
    ]);
    expect(summary).toEqual({ accepted: 3, duplicates: 0, resolved: 0 });
    expect((await statusOf(incident.id)).status).toBe('open');
  });

  it('matches a login by Entra object id to a roster shift listed by e-mail, through the registry person', async () => {
    const agent = await personIn(t, { email: 'objekt.agent@eksempel.dk', reachable: false });
    const incident = await openIncidentFor('AT-3', 'objekt.agent@eksempel.dk');
    const summary = await attendance().ingestAttendance([
      event('att-7', { agentId: agent.person.entraObjectId!, at: '2026-11-24T07:25:00Z' }),
    ]);
    expect(summary.resolved).toBe(1);
    expect((await statusOf(incident.id)).status).toBe('resolved');
  });
});
