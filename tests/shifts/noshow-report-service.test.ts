/**
 * NoShowReportService's contract ("Meld udeblivelse"), on the real app and a real database. Only the secretariat
 * may use it: anyone else is refused (FORBIDDEN) before a municipality, shift or incident is looked up. It offers
 * the member municipalities by Danish name, a municipality's active shifts from 12 hours before now to 12 hours
 * after with the agents' names, and opens a manual incident (a roster shift, or a start time today for a shift not
 * in the roster) through the same flow as a detected one; a repeated report answers with the incident that exists.
 * Refusals: INVALID_INPUT (unknown municipality, missing or impossible start time), NOT_FOUND (a shift not active
 * in that municipality).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/registry/registry-types.js';
import { addMembers } from '../support/registry-fixtures.js';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { incidentEventsOf, outboxSends, personIn, rosterShift, timersOf } from './shifts-support.js';

describe.each(testDatabases())('NoShowReportService on %s', (kind) => {
  let t: TestApp;
  let secretary: Actor;
  let contact: Actor;
  const reports = () => t.app.modules.shifts.reports;
  const forbidden = { code: 'FORBIDDEN', userMessage: 'Kun DDH-sekretariatet kan melde en udeblivelse.' };

  beforeAll(async () => {
    // Every roster shift here starts after 09:05, so no planned check falls due behind the test's back.
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database: kind });
    secretary = (await personIn(t, { name: 'Anne Mølgaard', secretariat: true })).actor;
    contact = (await personIn(t, { name: 'Rasmus Thy', roles: [[787, 'primaer_kontakt']] })).actor;
  });
  afterAll(() => t?.stop());

  it('refuses everyone but the secretariat before looking anything up', async () => {
    await expect(reports().municipalityChoices(contact)).rejects.toMatchObject(forbidden);
    await expect(reports().shiftsToReport(contact, 787)).rejects.toMatchObject(forbidden);
    await expect(reports().shiftsToReport(contact, 999)).rejects.toMatchObject(forbidden);
    const report = { municipalityCode: 999, shiftId: 999_999, startTime: null, note: 'x' };
    await expect(reports().report(contact, report)).rejects.toMatchObject(forbidden);
    expect((await t.deps.db.query('SELECT 1 FROM noshow_incidents')).rows).toEqual([]);
  });

  it('offers every municipality while no members are registered, then the members, by Danish name', async () => {
    const all = await reports().municipalityChoices(secretary);
    expect(all.municipalities).toHaveLength(98);
    // Danish order: Æ, Ø, Å last, and "Aa" is Å.
    expect(all.municipalities.slice(-4).map((municipality) => municipality.name)).toEqual([
      'Ærø',
      'Aabenraa',
      'Aalborg',
      'Aarhus',
    ]);
    await addMembers(t.deps.db, [787, 101, 751, 492]);
    expect((await reports().municipalityChoices(secretary)).municipalities).toEqual([
      { code: 101, name: 'København' },
      { code: 787, name: 'Thisted' },
      { code: 492, name: 'Ærø' },
      { code: 751, name: 'Aarhus' },
    ]);
  });

  it("lists the municipality's active shifts within 12 hours of now, with the agent's registry name or e-mail", async () => {
    await personIn(t, { name: 'Emil Kjær', email: 'emil.kjaer@eksempel.dk', reachable: false });
    const named = await rosterShift(t, {
      externalId: 'MR-1',
      municipalityCode: 787,
      agentEmail: 'emil.kjaer@eksempel.dk',
      startsAt: '2026-11-24T09:30:00Z',
      endsAt: '2026-11-24T13:30:00Z',
    });
    const unnamed = await rosterShift(t, {
      externalId: 'MR-2',
      municipalityCode: 787,
      agentEmail: 'vikar@eksempel.dk',
      startsAt: '2026-11-24T20:00:00Z',
      endsAt: '2026-11-24T23:00:00Z',
    });
    await rosterShift(t, {
      externalId: 'MR-3',
      municipalityCode: 787,
      startsAt: '2026-11-25T10:00:00Z',
      endsAt: '2026-11-25T14:00:00Z',
    });
    await rosterShift(t, {
      externalId: 'MR-4',
      municipalityCode: 751,
      startsAt: '2026-11-24T09:30:00Z',
      endsAt: '2026-11-24T13:30:00Z',
    });
    expect(await reports().shiftsToReport(secretary, 787)).toEqual({
      municipalityCode: 787,
      municipalityName: 'Thisted',
      shifts: [
        { shiftId: named.id, startsAt: named.startsAt, endsAt: named.endsAt, agentLabel: 'Emil Kjær' },
        { shiftId: unnamed.id, startsAt: unnamed.startsAt, endsAt: unnamed.endsAt, agentLabel: 'vikar@eksempel.dk' },
      ],
    });
    await expect(reports().shiftsToReport(secretary, 999)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it("reports a roster shift: the same flow as a detected no-show, the shift's check cancelled, once", async () => {
    const [shift] = (
      await t.deps.db.query<{ id: number }>(`SELECT id FROM shifts WHERE external_id = 'MR-1' AND status = 'active'`)
    ).rows;
    const input = { municipalityCode: 787, shiftId: shift.id, startTime: null, note: 'Agenten ringede: syg' };
    const alert = await reports().report(secretary, input);
    expect(alert.incident).toMatchObject({ shiftId: shift.id, source: 'manual', reportNote: 'Agenten ringede: syg' });
    expect(alert.agentLabel).toBe('Emil Kjær');
    expect(alert.events.map((event) => [event.kind, event.personName])).toEqual([
      ['reported', 'Anne Mølgaard'],
      ['alerted', null],
    ]);
    expect((await timersOf(t, `noshow:check:${shift.id}:`)).map((timer) => timer.state)).toEqual(['cancelled']);
    expect((await outboxSends(t, `noshow:${alert.incident.id}:step:0:`)).map((row) => row.recipient)).toEqual([
      { kind: 'person', personId: contact.id },
    ]);
    const again = await reports().report(secretary, input);
    expect(again.incident.id).toBe(alert.incident.id);
    expect((await incidentEventsOf(t, alert.incident.id)).filter((event) => event.kind === 'reported')).toHaveLength(1);
  });

  it('reports a shift not in the roster by its start time today (Copenhagen time); a repeat finds it', async () => {
    const input = { municipalityCode: 101, shiftId: null, startTime: '12:00', note: 'Ingen på vagt' };
    const alert = await reports().report(secretary, input);
    expect(alert.incident).toMatchObject({ shiftId: null, municipalityCode: 101, shiftEndsAt: null });
    expect(alert.incident.shiftStartsAt.toISOString()).toBe('2026-11-24T11:00:00.000Z');
    expect(alert.agentLabel).toBe('Ukendt (meldt uden vagt fra vagtplanen)');
    expect((await reports().report(secretary, input)).incident.id).toBe(alert.incident.id);
  });

  it('refuses a report without a usable start time, and a shift of another municipality', async () => {
    const base = { municipalityCode: 101, shiftId: null, note: 'x' };
    await expect(reports().report(secretary, { ...base, startTime: null })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      userMessage: 'Skriv starttidspunktet for en vagt, der ikke er i vagtplanen.',
    });
    await expect(reports().report(secretary, { ...base, startTime: '25:00' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      reports().report(secretary, { ...base, municipalityCode: 999, startTime: '12:00' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      userMessage: 'Ukendt kommune.',
    });
    const [aarhus] = (
      await t.deps.db.query<{ id: number }>(`SELECT id FROM shifts WHERE external_id = 'MR-4' AND status = 'active'`)
    ).rows;
    await expect(
      reports().report(secretary, { municipalityCode: 787, shiftId: aarhus.id, startTime: null, note: 'x' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
