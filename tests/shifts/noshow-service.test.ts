/**
 * NoShowService's contract, on the real app (scheduler, delivery engine, fake Bot Connector) and a real database.
 * It accepts a shift id from the check job, a step from the escalation job, card actions by people the registry
 * knows, and final delivery outcomes; it refuses card actions by anyone but the municipality's contact persons
 * and the secretariat (FORBIDDEN, decided before the incident is looked up for people who are no contact person
 * anywhere). It writes noshow_incidents, noshow_events, noshow_alerts and escalation timers, and sends alerts
 * (keys noshow:<incident>:step:<n>:…) and notices to the secretariat (noshow-notice:<incident>:unreachable:<n>:…).
 * The clock stays at 08:05 Copenhagen time, so no planned timer falls due behind the test's back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/registry/registry-types.js';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { incidentEventsOf, outboxSends, personalConv, personIn, rosterShift, timersOf } from './shifts-support.js';

const DUTY_CHAT_OR_SECRETARIAT = { kind: 'named', purpose: 'vagt', orElse: 'secretariat' };
// The delivery engine sends in the background: an accepted alert is queued, or sent already.
const accepted = expect.stringMatching(/^(queued|sent)$/);

/** The key of the secretariat's notice for a step (its middle part is a digest of the sentence). */
const noticeOf = (incidentId: number, step: number, suffix = '') =>
  expect.stringMatching(
    new RegExp(`^noshow-notice:${incidentId}:unreachable:${step}:[0-9a-f]{12}:named:vagt${suffix}$`),
  );

describe.each(testDatabases())('NoShowService on %s', (kind) => {
  let t: TestApp;
  let secretaryId: number;
  const noShows = () => t.app.modules.shifts.noShows;
  const actions = () => t.app.modules.shifts.actions;
  const shiftOn = (externalId: string, municipalityCode: number) =>
    rosterShift(t, {
      externalId,
      municipalityCode,
      startsAt: '2026-11-24T07:00:00Z',
      endsAt: '2026-11-24T11:00:00Z',
    });
  const incident = async (id: number) =>
    (
      await t.deps.db.query<{ status: string; step: number; acknowledged_by: number | null; eta: Date | null }>(
        'SELECT status, step, acknowledged_by, eta FROM noshow_incidents WHERE id = $1',
        [id],
      )
    ).rows[0];
  const alertRows = async (id: number) =>
    (
      await t.deps.db.query<{ key: string; step: number; target: string; status: string }>(
        'SELECT key, step, target, status FROM noshow_alerts WHERE incident_id = $1 ORDER BY key',
        [id],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T07:05:00Z', database: kind });
  });
  afterAll(() => t?.stop());

  describe('a step that reaches nobody', () => {
    it('without any contact person or anyone of the secretariat, every step is recorded and skipped at once', async () => {
      const shift = await shiftOn('N-0', 825);
      const opened = (await noShows().runCheck(shift.id))!;
      expect(await incident(opened.id)).toMatchObject({ status: 'open', step: 2 });
      expect(await incidentEventsOf(t, opened.id)).toEqual([
        { kind: 'opened', note: null },
        { kind: 'alerted', note: '0' },
        { kind: 'unreachable', note: 'Der er ingen primær kontaktperson registreret' },
        { kind: 'alerted', note: '1' },
        { kind: 'unreachable', note: 'Der er ingen sekundær kontaktperson registreret' },
        { kind: 'alerted', note: '2' },
        { kind: 'unreachable', note: 'DDH-sekretariatets vagtkanal kunne ikke nås i Teams' },
      ]);
      // The secretariat is told about steps 0 and 1; about itself there is nobody to tell.
      const notices = await outboxSends(t, `noshow-notice:${opened.id}:`);
      expect(notices.map((row) => [row.key, row.recipient])).toEqual([
        [noticeOf(opened.id, 0), DUTY_CHAT_OR_SECRETARIAT],
        [noticeOf(opened.id, 1), DUTY_CHAT_OR_SECRETARIAT],
      ]);
      expect(notices.every((row) => row.state === 'unreachable')).toBe(true);
    });
  });

  describe('detection and escalation (Aarhus)', () => {
    let primary: Actor;
    let secondary: Actor;
    let incidentId: number;

    beforeAll(async () => {
      primary = (await personIn(t, { name: 'Signe Holm', roles: [[751, 'primaer_kontakt']] })).actor;
      secondary = (await personIn(t, { name: 'Jonas Bech', roles: [[751, 'sekundaer_kontakt']] })).actor;
      secretaryId = (await personIn(t, { name: 'Karen Vestergaard', secretariat: true })).person.id;
    });

    it('runCheck opens an incident when the agent is not logged in, plans the escalation and alerts step 0', async () => {
      const shift = await shiftOn('A-1', 751);
      const opened = (await noShows().runCheck(shift.id))!;
      incidentId = opened.id;
      expect(opened).toMatchObject({ shiftId: shift.id, municipalityCode: 751, source: 'detected', step: 0 });
      expect(await timersOf(t, `noshow:${incidentId}:escalate:`)).toEqual([
        { key: `noshow:${incidentId}:escalate:1`, state: 'pending' },
        { key: `noshow:${incidentId}:escalate:2`, state: 'pending' },
      ]);
      expect(await alertRows(incidentId)).toEqual([
        { key: `noshow:${incidentId}:step:0:person:${primary.id}`, step: 0, target: 'Signe Holm', status: accepted },
      ]);
      expect((await outboxSends(t, `noshow:${incidentId}:`)).map((row) => row.recipient)).toEqual([
        { kind: 'person', personId: primary.id },
      ]);
      expect(await incidentEventsOf(t, incidentId)).toEqual([
        { kind: 'opened', note: null },
        { kind: 'alerted', note: '0' },
      ]);
    });

    it('runCheck of a shift that already has an incident, or whose agent is logged in, opens nothing', async () => {
      const shift = await shiftOn('A-1', 751);
      expect(await noShows().runCheck(shift.id)).toBeNull();
      const present = await shiftOn('A-2', 751);
      await t.app.modules.shifts.attendance.ingestAttendance([
        {
          eventId: 'ns-a2',
          agentEmail: 'a-2@eksempel.dk',
          agentId: null,
          kind: 'login',
          at: new Date('2026-11-24T06:58:00Z'),
        },
      ]);
      expect(await noShows().runCheck(present.id)).toBeNull();
      expect(await noShows().runCheck(999_999)).toBeNull();
    });

    it('escalate sends the next step once, however often the job runs; the duty chat is the last step', async () => {
      await noShows().escalate(incidentId, 1);
      await noShows().escalate(incidentId, 1);
      expect(await incident(incidentId)).toMatchObject({ status: 'open', step: 1 });
      await noShows().escalate(incidentId, 2);
      await noShows().escalate(incidentId, 3);
      expect(await incident(incidentId)).toMatchObject({ step: 2 });
      expect((await outboxSends(t, `noshow:${incidentId}:`)).map((row) => [row.key, row.recipient])).toEqual([
        [`noshow:${incidentId}:step:0:person:${primary.id}`, { kind: 'person', personId: primary.id }],
        [`noshow:${incidentId}:step:1:person:${secondary.id}`, { kind: 'person', personId: secondary.id }],
        [`noshow:${incidentId}:step:2:named:vagt`, DUTY_CHAT_OR_SECRETARIAT],
      ]);
      expect((await incidentEventsOf(t, incidentId)).filter((event) => event.kind === 'unreachable')).toEqual([]);
    });

    it('refuses a contact person of another municipality, whether or not the incident exists, and changes nothing', async () => {
      const other = (await personIn(t, { roles: [[461, 'primaer_kontakt']] })).actor;
      const forbidden = { code: 'FORBIDDEN', userMessage: expect.stringMatching(/Kun kommunens kontaktpersoner/) };
      await expect(actions().acknowledge(other, incidentId)).rejects.toMatchObject(forbidden);
      await expect(actions().acknowledge(other, 999_999)).rejects.toMatchObject(forbidden);
      expect(await incident(incidentId)).toMatchObject({ status: 'open', acknowledged_by: null });
    });

    it('refuses someone without any role before looking the incident up, and an agent the same whether or not it exists', async () => {
      const stranger = (await personIn(t, {})).actor;
      await expect(actions().acknowledge(stranger, incidentId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const agent = (await personIn(t, { roles: [[751, 'agent']] })).actor;
      await expect(actions().replacementFound(agent, incidentId, 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(actions().replacementFound(agent, 999_999, 'x')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('tells the secretariat that an incident does not exist', async () => {
      const secretary = (await personIn(t, { secretariat: true, reachable: false })).actor;
      await expect(actions().acknowledge(secretary, 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('acknowledge stops the escalation and answers with the alert; a retry changes nothing', async () => {
      const first = await actions().acknowledge(secondary, incidentId);
      expect(first.changed).toBe(true);
      expect(first.alert.incident).toMatchObject({
        id: incidentId,
        status: 'acknowledged',
        acknowledgedBy: secondary.id,
      });
      expect(first.alert.events.at(-1)).toMatchObject({ kind: 'acknowledged', personName: 'Jonas Bech' });
      // The later steps are called off by the refresh job the acknowledgement planned (off the press's own path).
      await t.runJobs();
      expect((await timersOf(t, `noshow:${incidentId}:escalate:`)).map((timer) => timer.state)).toEqual([
        'cancelled',
        'cancelled',
      ]);
      const retry = await actions().acknowledge(secondary, incidentId);
      expect(retry.changed).toBe(false);
      expect((await incidentEventsOf(t, incidentId)).filter((event) => event.kind === 'acknowledged')).toHaveLength(1);
    });

    it('agentOnTheWay records the expected time in whole minutes, once per minute', async () => {
      const first = await actions().agentOnTheWay(primary, incidentId, 15);
      expect(first.changed).toBe(true);
      expect(first.alert.incident.eta?.toISOString()).toBe('2026-11-24T07:20:00.000Z');
      expect((await actions().agentOnTheWay(primary, incidentId, 15)).changed).toBe(false);
      expect((await incidentEventsOf(t, incidentId)).filter((event) => event.kind === 'eta')).toEqual([
        { kind: 'eta', note: 'kl. 08:20' },
      ]);
    });

    it('replacementFound closes the incident with the note; nothing changes it after that', async () => {
      const closed = await actions().replacementFound(primary, incidentId, 'Kollega fra Skanderborg tager vagten');
      expect(closed.alert.incident).toMatchObject({
        status: 'resolved',
        resolution: 'replacement',
        resolutionNote: 'Kollega fra Skanderborg tager vagten',
      });
      expect((await actions().acknowledge(primary, incidentId)).changed).toBe(false);
      expect((await actions().replacementFound(primary, incidentId, 'igen')).changed).toBe(false);
    });
  });

  describe('a contact who cannot be reached (Esbjerg and Vejle)', () => {
    it('known at once: the history names them, the secretariat is told and the next step goes out now', async () => {
      const unreachable = (
        await personIn(t, { name: 'Ole Krogh', roles: [[561, 'primaer_kontakt']], reachable: false })
      ).actor;
      const secondary = (await personIn(t, { roles: [[561, 'sekundaer_kontakt']] })).actor;
      const opened = (await noShows().runCheck((await shiftOn('E-1', 561)).id))!;
      expect(await incident(opened.id)).toMatchObject({ step: 1 });
      expect(await incidentEventsOf(t, opened.id)).toEqual([
        { kind: 'opened', note: null },
        { kind: 'alerted', note: '0' },
        { kind: 'unreachable', note: 'Primær kontaktperson (Ole Krogh) kunne ikke nås i Teams' },
        { kind: 'alerted', note: '1' },
      ]);
      expect(await alertRows(opened.id)).toEqual([
        {
          key: `noshow:${opened.id}:step:0:person:${unreachable.id}`,
          step: 0,
          target: 'Ole Krogh',
          status: 'unreachable',
        },
        {
          key: `noshow:${opened.id}:step:1:person:${secondary.id}`,
          step: 1,
          target: expect.any(String),
          status: accepted,
        },
      ]);
      expect((await outboxSends(t, `noshow-notice:${opened.id}:`)).map((row) => row.key)).toEqual([
        noticeOf(opened.id, 0),
      ]);
    });

    it('known from the final delivery outcome (the bot is blocked): the same, once the whole step has failed', async () => {
      const blocked = await personIn(t, { name: 'Birgitte Lund', roles: [[630, 'primaer_kontakt']] });
      const secondary = (await personIn(t, { roles: [[630, 'sekundaer_kontakt']] })).actor;
      t.connector.fail({
        status: 403,
        times: Infinity,
        match: (call) => call.conversationId === personalConv(blocked.person.entraObjectId!),
        body: { error: { code: 'BotBlocked' } },
      });
      try {
        const opened = (await noShows().runCheck((await shiftOn('V-1', 630)).id))!;
        await t.runJobs();
        expect(await incident(opened.id)).toMatchObject({ status: 'open', step: 1 });
        expect((await alertRows(opened.id)).map((row) => [row.step, row.status])).toEqual([
          [0, 'unreachable'],
          [1, 'sent'],
        ]);
        expect((await incidentEventsOf(t, opened.id)).map((event) => event.note)).toContain(
          'Primær kontaktperson (Birgitte Lund) kunne ikke nås i Teams',
        );
        expect((await outboxSends(t, `noshow:${opened.id}:step:1:`)).map((row) => row.recipient)).toEqual([
          { kind: 'person', personId: secondary.id },
        ]);
        // No duty chat is set up here: delivery hands the notice to each member of the secretariat.
        expect((await outboxSends(t, `noshow-notice:${opened.id}:`)).map((row) => row.key)).toEqual([
          noticeOf(opened.id, 0),
          noticeOf(opened.id, 0, `:person:${secretaryId}`),
        ]);
      } finally {
        t.connector.clearFaults();
      }
    });
  });
});
