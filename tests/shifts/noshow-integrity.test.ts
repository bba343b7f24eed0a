/**
 * Issue 17 for no-shows, through the real bot: the reporter's copy is the message the report form stood in (no second
 * copy); every copy of an incident's card follows it and ends without buttons with the outcome shown; a press on a
 * copy whose incident has moved on answers with the current card; "Åbne udeblivelser" for contact persons (their
 * municipality) and the secretariat (all, with the numbers to call), built by the alert's builder; and each
 * state-changing button pressed twice at the same moment acts once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { SHIFT_VERBS } from '../../src/shifts/shifts-cards.js';
import {
  alertsTo,
  buttonTitles,
  cardsIn,
  cardTexts,
  cardUpdatesIn,
  incidentEventsOf,
  personalConv,
  personIn,
  pressData,
  rosterShift,
} from './shifts-support.js';

describe.each(testDatabases())('no-show cards that stay true on %s', (kind) => {
  let t: TestApp;
  type Someone = Awaited<ReturnType<typeof personIn>>;
  let secretary: Someone;
  let otherSecretary: Someone;
  const oid = (someone: Someone) => someone.person.entraObjectId!;
  const q = <T = any>(sql: string, params: unknown[] = []) => t.deps.db.query<T>(sql, params).then((r) => r.rows);
  const eventsOfKind = async (incidentId: number, kind: string) =>
    (await incidentEventsOf(t, incidentId)).filter((event) => event.kind === kind);

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T07:05:00Z', database: kind });
    secretary = await personIn(t, { name: 'Karen Sekretær', secretariat: true });
    otherSecretary = await personIn(t, { name: 'Bo Sekretær', secretariat: true, mobile: '+4520880001' });
  });
  afterAll(() => t?.stop());

  it('the reporter sees one card, the one that replaced the report form, and it follows the incident', async () => {
    // No contacts and no duty chat: the alert reaches the secretariat's members, the reporter among them.
    await rosterShift(t, {
      externalId: 'INT-R',
      municipalityCode: 825,
      startsAt: '2026-11-24T07:30:00Z',
      endsAt: '2026-11-24T11:00:00Z',
    });
    const [{ id: shiftId }] = await q<{ id: number }>(`SELECT id FROM shifts WHERE external_id = 'INT-R'`);
    const form = { conversationId: personalConv(oid(secretary)), replyToId: 'act-report-form-1' };
    const saved = await t.execute(
      oid(secretary),
      SHIFT_VERBS.reportSave,
      { municipalityCode: '825', shiftId: String(shiftId), note: 'Agenten ringede' },
      form,
    );
    expect(cardTexts(saved.body.value).join('\n')).toContain('Udeblivelse fra vagt: Læsø');
    await t.runJobs();
    // The other secretary gets the alert as a message; the reporter's chat gets no second copy.
    expect(alertsTo(t, personalConv(oid(otherSecretary)), 'Læsø')).toHaveLength(1);
    expect(alertsTo(t, personalConv(oid(secretary)), 'Læsø')).toHaveLength(0);
    // Their copy is the report form's message: the escalation updated it in place.
    const [{ id }] = await q<{ id: number }>(`SELECT id FROM noshow_incidents WHERE shift_id = $1`, [shiftId]);
    await t.execute(oid(otherSecretary), SHIFT_VERBS.resolve, { incidentId: id, note: 'Vikar fra Frederikshavn' });
    await t.runJobs();
    const updated = t.connector
      .updates(personalConv(oid(secretary)))
      .filter((call) => call.activityId === 'act-report-form-1');
    expect(updated.length).toBeGreaterThan(0);
    const last = updated.at(-1)!.body.attachments[0].content;
    expect(cardTexts(last).join('\n')).toContain('Afløser: Vikar fra Frederikshavn');
    expect(last.actions ?? []).toEqual([]);
  });

  describe('two contacts, one incident (Aarhus)', () => {
    let primary: Someone;
    let secondary: Someone;
    let incidentId: number;

    beforeAll(async () => {
      primary = await personIn(t, { name: 'Signe Holm', roles: [[751, 'primaer_kontakt']], mobile: '+4520110001' });
      secondary = await personIn(t, { name: 'Jonas Bech', roles: [[751, 'sekundaer_kontakt']] });
      const shift = await rosterShift(t, {
        externalId: 'INT-A',
        municipalityCode: 751,
        startsAt: '2026-11-24T07:00:00Z',
        endsAt: '2026-11-24T11:00:00Z',
      });
      incidentId = (await t.app.modules.shifts.noShows.runCheck(shift.id))!.id;
      await t.app.modules.shifts.noShows.escalate(incidentId, 1);
      await t.runJobs();
    });

    it('pressing Kvitter twice at the same moment on one card acts once; both presses get the current card', async () => {
      const card = alertsTo(t, personalConv(oid(primary)), 'Aarhus')[0];
      const data = pressData(card, SHIFT_VERBS.acknowledge);
      const [a, b] = await Promise.all([
        t.execute(oid(primary), SHIFT_VERBS.acknowledge, data),
        t.execute(oid(primary), SHIFT_VERBS.acknowledge, data),
      ]);
      for (const res of [a, b]) expect(cardTexts(res.body.value).join('\n')).toContain('Kvitteret af Signe Holm');
      expect(await eventsOfKind(incidentId, 'acknowledged')).toHaveLength(1);
    });

    it('a press on another copy whose incident moved on answers with the current card, not an error', async () => {
      const stale = alertsTo(t, personalConv(oid(secondary)), 'Aarhus')[0];
      expect(buttonTitles(stale)).toContain('Kvitter');
      const res = await t.execute(oid(secondary), SHIFT_VERBS.acknowledge, pressData(stale, SHIFT_VERBS.acknowledge));
      const text = cardTexts(res.body.value).join('\n');
      expect(text).toContain('Kvitteret af Signe Holm');
      expect(buttonTitles(res.body.value)).toEqual(['Agent på vej', 'Afløser fundet']);
      expect(await eventsOfKind(incidentId, 'acknowledged')).toHaveLength(1);
      // And every copy was brought up to date.
      await t.runJobs();
      for (const someone of [primary, secondary])
        expect(cardTexts(cardUpdatesIn(t, personalConv(oid(someone))).at(-1)).join('\n')).toContain(
          'Kvitteret af Signe Holm',
        );
    });

    it('"Agent på vej" pressed twice at the same moment by two people on two copies records one time', async () => {
      const [mine, theirs] = [primary, secondary].map(
        (someone) => alertsTo(t, personalConv(oid(someone)), 'Aarhus')[0],
      );
      await Promise.all([
        t.execute(oid(primary), SHIFT_VERBS.eta, pressData(mine, SHIFT_VERBS.eta, { etaMinutes: '20' })),
        t.execute(oid(secondary), SHIFT_VERBS.eta, pressData(theirs, SHIFT_VERBS.eta, { etaMinutes: '20' })),
      ]);
      expect(await eventsOfKind(incidentId, 'eta')).toEqual([{ kind: 'eta', note: 'kl. 08:25' }]);
    });

    it("the work queue lists the municipality's open incidents for its contact, with the alert card as a kept-up copy", async () => {
      const chat = personalConv(oid(secondary));
      const before = alertsTo(t, chat, 'Aarhus').length;
      const res = await t.execute(oid(secondary), SHIFT_VERBS.queue, {});
      await t.runJobs();
      const list = cardsIn(t, chat)
        .map((card) => cardTexts(card).join('\n'))
        .find((text) => text.startsWith('Åbne udeblivelser'))!;
      expect(list).toContain('Aarhus');
      expect(list).not.toContain('Læsø');
      expect(list).not.toMatch(/\+45/);
      expect(res.status).toBe(200);
      // The card already stands in this chat: it is updated there, not posted a second time.
      expect(alertsTo(t, chat, 'Aarhus')).toHaveLength(before);
    });

    it("the secretariat's queue lists every open incident, posts each card once, and shows whom to call", async () => {
      const chat = personalConv(oid(otherSecretary));
      await t.execute(oid(otherSecretary), SHIFT_VERBS.queue, {});
      await t.runJobs();
      const list = cardsIn(t, chat)
        .map((card) => cardTexts(card).join('\n'))
        .find((text) => text.startsWith('Åbne udeblivelser'))!;
      expect(list).toContain('Aarhus');
      expect(list).toContain('Signe Holm (primær kontaktperson): +45 20 11 00 01');
      const card = alertsTo(t, chat, 'Aarhus').at(-1);
      expect(buttonTitles(card)).toEqual(['Agent på vej', 'Afløser fundet']);
      await t.execute(oid(otherSecretary), SHIFT_VERBS.queue, {});
      await t.runJobs();
      expect(alertsTo(t, chat, 'Aarhus')).toHaveLength(1);
    });

    it('"Afløser fundet" pressed twice at the same moment closes it once; every copy ends without buttons', async () => {
      const card = alertsTo(t, personalConv(oid(primary)), 'Aarhus')[0];
      const data = pressData(card, SHIFT_VERBS.resolve, { note: 'Kollega tager vagten' });
      await Promise.all([
        t.execute(oid(primary), SHIFT_VERBS.resolve, data),
        t.execute(oid(primary), SHIFT_VERBS.resolve, data),
      ]);
      expect(await eventsOfKind(incidentId, 'resolved')).toHaveLength(1);
      await t.runJobs();
      for (const chat of [primary, secondary, otherSecretary].map((someone) => personalConv(oid(someone)))) {
        const last = cardUpdatesIn(t, chat).at(-1);
        expect(cardTexts(last).join('\n')).toContain('Løst: Afløser fundet');
        expect(last.actions ?? []).toEqual([]);
      }
      // A stale "Agent på vej" on a closed incident still answers with the current card.
      const late = await t.execute(oid(secondary), SHIFT_VERBS.eta, { incidentId, etaMinutes: '5' });
      expect(cardTexts(late.body.value).join('\n')).toContain('Løst: Afløser fundet');
      expect(late.body.value.actions ?? []).toEqual([]);
    });

    it('the queue is empty once nothing is open, and is only for contacts and the secretariat', async () => {
      const res = await t.execute(oid(secondary), SHIFT_VERBS.queue, {});
      expect(res.status).toBe(200);
      await t.runJobs();
      const lists = cardsIn(t, personalConv(oid(secondary))).map((card) => cardTexts(card).join('\n'));
      expect(lists.at(-1)).toContain('Der er ingen åbne udeblivelser');
      const agent = await personIn(t, { roles: [[751, 'agent']] });
      const refused = await t.execute(oid(agent), SHIFT_VERBS.queue, {});
      expect(JSON.stringify(refused.body)).toMatch(/Kun kommunens kontaktpersoner/);
    });
  });

  it('the late agent\'s "Jeg er på vej" pressed twice at the same moment is recorded once', async () => {
    const agent = await personIn(t, { name: 'Asta Agent', email: 'asta.agent@eksempel.dk' });
    await personIn(t, { roles: [[461, 'primaer_kontakt']] });
    const shift = await rosterShift(t, {
      externalId: 'INT-N',
      municipalityCode: 461,
      agentEmail: 'asta.agent@eksempel.dk',
      startsAt: '2026-11-24T07:00:00Z',
      endsAt: '2026-11-24T11:00:00Z',
    });
    const incident = (await t.app.modules.shifts.noShows.runCheck(shift.id))!;
    await t.runJobs();
    const nudge = cardsIn(t, personalConv(oid(agent)))[0];
    const data = pressData(nudge, SHIFT_VERBS.nudgeOnTheWay, { etaMinutes: '30' });
    const [a, b] = await Promise.all([
      t.execute(oid(agent), SHIFT_VERBS.nudgeOnTheWay, data),
      t.execute(oid(agent), SHIFT_VERBS.nudgeOnTheWay, data),
    ]);
    for (const res of [a, b]) expect(cardTexts(res.body.value).join('\n')).toContain('forventes kl. 08:35');
    expect(await eventsOfKind(incident.id, 'agent-eta')).toHaveLength(1);
  });
});
