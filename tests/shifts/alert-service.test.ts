/**
 * AlertService's contract, on the real app and a real database. It accepts an incident (and a step) inside the
 * caller's transaction; it writes the 'alerted' history line and one noshow_alerts row per recipient, and sends
 * through the outbox: alerts keyed noshow:<incident>:step:<n>:person:<id> (contacts, each resolved to a person so
 * an unreachable one is known at once) or …:named:vagt (the duty chat, else each member of the secretariat),
 * card updates for card reference noshow:<incident>, and the secretariat's notice
 * noshow-notice:<incident>:unreachable:<n>:named:vagt. It decides nothing about escalation: it reports who was
 * reached and who was not.
 */
import { noticeKey } from '../../src/shifts/shifts-keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { DEFAULT_NOSHOW_POLICY } from '../../src/shifts/shifts-domain.js';
import type { Incident } from '../../src/shifts/shifts-domain.js';
import { insertIncident } from '../../src/shifts/shifts-incident-repository.js';
import { addConversation } from '../support/conversations.js';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { alertsTo, incidentEventsOf, outboxSends, personIn, rosterShift } from './shifts-support.js';

const DUTY_CHAT_OR_SECRETARIAT = { kind: 'named', purpose: 'vagt', orElse: 'secretariat' };

describe.each(testDatabases())('AlertService on %s', (kind) => {
  let t: TestApp;
  const alerts = () => t.app.modules.shifts.alerts;
  /** An incident row as the no-show service would open it, without its first step. */
  const incidentOf = async (municipalityCode: number, shiftId: number | null = null): Promise<Incident> =>
    (await insertIncident(t.deps.db, {
      shiftId,
      municipalityCode,
      shiftStartsAt: new Date('2026-11-24T07:00:00Z'),
      shiftEndsAt: shiftId ? new Date('2026-11-24T11:00:00Z') : null,
      source: shiftId ? 'detected' : 'manual',
      openedAt: t.clock.now(),
      reportedBy: null,
      reportNote: null,
    }))!;
  const inTransaction = <T>(work: (tx: Queryable) => Promise<T>) => t.deps.db.withTransaction(work);

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T07:05:00Z', database: kind });
  });
  afterAll(() => t?.stop());

  describe('viewOf', () => {
    it("names the agent by the registry, else by the roster's e-mail; a manual report without a shift has none", async () => {
      await personIn(t, { name: 'Mikkel Friis', email: 'mikkel.friis@eksempel.dk', reachable: false });
      const known = await rosterShift(t, {
        externalId: 'AV-1',
        municipalityCode: 751,
        agentEmail: 'mikkel.friis@eksempel.dk',
        startsAt: '2026-11-24T07:00:00Z',
        endsAt: '2026-11-24T11:00:00Z',
      });
      const unknown = await rosterShift(t, {
        externalId: 'AV-2',
        municipalityCode: 751,
        agentEmail: 'ukendt.agent@eksempel.dk',
        startsAt: '2026-11-24T07:00:00Z',
        endsAt: '2026-11-24T11:00:00Z',
      });
      const view = (incident: Incident) => inTransaction((tx) => alerts().viewOf(tx, incident.id));
      expect(await view(await incidentOf(751, known.id))).toMatchObject({
        municipalityName: 'Aarhus',
        agentLabel: 'Mikkel Friis',
        notice: null,
        events: [],
        now: t.clock.now(),
      });
      expect((await view(await incidentOf(751, unknown.id))).agentLabel).toBe('ukendt.agent@eksempel.dk');
      expect((await view(await incidentOf(751))).agentLabel).toBe('Ukendt (meldt uden vagt fra vagtplanen)');
    });
  });

  describe('sendStep to contact persons', () => {
    it('alerts each contact of the step as a person, records the alerts and reports who could not be reached', async () => {
      const reachable = await personIn(t, { name: 'Lise Dahl', roles: [[461, 'primaer_kontakt']] });
      const unreachable = await personIn(t, {
        name: 'Peter Skov',
        roles: [[461, 'primaer_kontakt']],
        reachable: false,
      });
      const incident = await incidentOf(461);
      const sent = await inTransaction((tx) => alerts().sendStep(tx, incident, 0, DEFAULT_NOSHOW_POLICY));
      expect(sent).toEqual({
        reached: ['Lise Dahl'],
        unreachable: [{ roleLabel: 'primær kontaktperson', name: 'Peter Skov', via: 'i Teams' }],
      });
      expect(await incidentEventsOf(t, incident.id)).toEqual([{ kind: 'alerted', note: '0' }]);
      const rows = await t.deps.db.query<{ key: string; target: string; status: string }>(
        'SELECT key, target, status FROM noshow_alerts WHERE incident_id = $1 ORDER BY target',
        [incident.id],
      );
      expect(rows.rows).toEqual([
        {
          key: `noshow:${incident.id}:step:0:person:${reachable.person.id}`,
          target: 'Lise Dahl',
          status: expect.stringMatching(/^(queued|sent)$/),
        },
        {
          key: `noshow:${incident.id}:step:0:person:${unreachable.person.id}`,
          target: 'Peter Skov',
          status: 'unreachable',
        },
      ]);
      const batch = await t.deps.db.query<{ batch: string; card_ref: string }>(
        `SELECT DISTINCT batch, card_ref FROM outbox WHERE starts_with(key, $1)`,
        [`noshow:${incident.id}:`],
      );
      expect(batch.rows).toEqual([{ batch: `noshow:${incident.id}`, card_ref: `noshow:${incident.id}` }]);
      await t.runJobs();
      expect(alertsTo(t, `personal-${reachable.person.entraObjectId}`, 'Odense')).toHaveLength(1);
    });

    it('a step without contacts sends nothing and reports nobody reached', async () => {
      const incident = await incidentOf(147);
      expect(await inTransaction((tx) => alerts().sendStep(tx, incident, 1, DEFAULT_NOSHOW_POLICY))).toEqual({
        reached: [],
        unreachable: [{ roleLabel: 'sekundær kontaktperson', name: null, via: '' }],
      });
      expect(await outboxSends(t, `noshow:${incident.id}:`)).toEqual([]);
      // Skipping the step and telling the secretariat is the caller's decision, not this service's.
      expect(await incidentEventsOf(t, incident.id)).toEqual([{ kind: 'alerted', note: '1' }]);
    });
  });

  describe('sendStep to the duty chat, else each member of the secretariat', () => {
    it('is unreachable only when no duty chat is set up and nobody of the secretariat has the bot', async () => {
      await personIn(t, { secretariat: true, reachable: false });
      const incident = await incidentOf(101);
      expect(await inTransaction((tx) => alerts().sendStep(tx, incident, 2, DEFAULT_NOSHOW_POLICY))).toEqual({
        reached: [],
        unreachable: [{ roleLabel: 'DDH-sekretariatets vagtkanal', name: null, via: 'i Teams' }],
      });
      expect(await outboxSends(t, `noshow:${incident.id}:`)).toEqual([
        { key: `noshow:${incident.id}:step:2:named:vagt`, recipient: DUTY_CHAT_OR_SECRETARIAT, state: 'unreachable' },
      ]);
    });

    it('goes to each reachable member of the secretariat while no duty chat is set up', async () => {
      const secretary = await personIn(t, { name: 'Hanne Juul', secretariat: true });
      const incident = await incidentOf(101);
      expect(await inTransaction((tx) => alerts().sendStep(tx, incident, 2, DEFAULT_NOSHOW_POLICY))).toEqual({
        reached: ['vagtkanal'],
        unreachable: [],
      });
      await t.runJobs();
      expect((await outboxSends(t, `noshow:${incident.id}:`)).map((row) => [row.key, row.state])).toEqual([
        [`noshow:${incident.id}:step:2:named:vagt`, 'expanded'],
        [`noshow:${incident.id}:step:2:named:vagt:person:${secretary.person.id}`, 'sent'],
      ]);
    });

    it('goes to the duty chat once it is set up', async () => {
      const chat = await addConversation(t.deps.db, t.connector.url, { id: '19:vagt@thread.v2', type: 'groupChat' });
      await setNamedConversation(t.deps.db, 'vagt', chat);
      const incident = await incidentOf(101);
      await inTransaction((tx) => alerts().sendStep(tx, incident, 2, DEFAULT_NOSHOW_POLICY));
      await t.runJobs();
      expect((await outboxSends(t, `noshow:${incident.id}:`)).map((row) => [row.key, row.state])).toEqual([
        [`noshow:${incident.id}:step:2:named:vagt`, 'sent'],
      ]);
      expect(alertsTo(t, chat, 'København')).toHaveLength(1);
    });
  });

  describe('tellSecretariat and refresh', () => {
    it('sends one notice per incident, step and news to the duty chat (else each member), whatever the retries', async () => {
      const incident = await incidentOf(851);
      const primary = 'Primær kontaktperson (X) kunne ikke nås i Teams';
      for (let i = 0; i < 2; i++)
        await inTransaction((tx) => alerts().tellSecretariat(tx, incident, 0, primary, 'Videre.'));
      const notices = async () =>
        (
          await t.deps.db.query<{ key: string; batch: string; recipient: unknown }>(
            'SELECT key, batch, recipient FROM outbox WHERE starts_with(key, $1) ORDER BY id',
            [`noshow-notice:${incident.id}:`],
          )
        ).rows;
      expect(await notices()).toEqual([
        {
          key: noticeKey(incident.id, 0, primary),
          batch: `noshow-notice:${incident.id}`,
          recipient: DUTY_CHAT_OR_SECRETARIAT,
        },
      ]);
      expect(noticeKey(incident.id, 0, primary)).toMatch(new RegExp(`^noshow-notice:${incident.id}:unreachable:0:`));
      // Later in the same step another person's alert could not be delivered after all: that is news, and told.
      const leader = 'Lederposten (Y) kunne ikke nås i Teams';
      await inTransaction((tx) => alerts().tellSecretariat(tx, incident, 0, leader, 'Videre.'));
      expect((await notices()).map((row) => row.key)).toEqual([
        noticeKey(incident.id, 0, primary),
        noticeKey(incident.id, 0, leader),
      ]);
    });

    it('refresh replaces the card everyone was sent and returns what it now shows', async () => {
      const contact = await personIn(t, { roles: [[851, 'primaer_kontakt']] });
      const incident = await incidentOf(851);
      await inTransaction((tx) => alerts().sendStep(tx, incident, 0, DEFAULT_NOSHOW_POLICY));
      await t.runJobs();
      const acknowledged = { ...incident, status: 'acknowledged' as const, acknowledgedAt: t.clock.now() };
      await t.deps.db.query(`UPDATE noshow_incidents SET status = 'acknowledged', acknowledged_at = $2 WHERE id = $1`, [
        acknowledged.id,
        acknowledged.acknowledgedAt,
      ]);
      const view = await inTransaction((tx) => alerts().refresh(tx, incident.id));
      expect(view.incident.status).toBe('acknowledged');
      await t.runJobs();
      const updates = t.connector.updates(`personal-${contact.person.entraObjectId}`);
      expect(updates).toHaveLength(1);
      expect(JSON.stringify(updates[0])).toContain('Kvitteret af');
    });
  });
});
