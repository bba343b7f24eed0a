/**
 * No-show alerts that reach a person (issue 24), end to end on the real bot with SMS through Azure Communication
 * Services on 127.0.0.1: Teams then SMS after N minutes without acknowledgement; an SMS that fails escalates; the
 * link in the SMS acknowledges and every Teams card follows; the leader on duty from the roster is alerted; the late
 * agent's nudge goes out once and "Jeg er på vej" is recorded; SMS only per municipality; the daily cap and one SMS
 * per person per step; numbers only for the secretariat; the SMS count in the monthly report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import type { TestApp } from '../support/test-app.js';
import { SHIFT_VERBS } from '../../src/shifts/shifts-cards.js';
import { setPolicyChannels } from '../../src/shifts/noshow-policy-repository.js';
import { startFakeAcs, type FakeAcs } from '../sms/fake-acs.js';
import {
  alertsTo,
  cardsIn,
  cardTexts,
  cardUpdatesIn,
  incidentEventsOf,
  lastCardText,
  personalConv,
  personIn,
  rosterShift,
} from './shifts-support.js';
import { linkIn, page, startSmsApp, webhookOf } from './sms-support.js';

const VAGT_CHAT = '19:vagt-sms@thread.v2';

describe.each(testDatabases())('no-show alerts by SMS on %s', (kind) => {
  let t: TestApp;
  let acs: FakeAcs;
  const q = <T = any>(sql: string, params: unknown[] = []) => t.deps.db.query<T>(sql, params).then((r) => r.rows);
  const at = async (iso: string) => {
    t.clock.set(iso);
    await t.runJobs();
  };
  const incidentOf = async (externalId: string) =>
    (
      await q<{ id: number; status: string; step: number; acknowledged_by: number | null }>(
        `SELECT i.id, i.status, i.step, i.acknowledged_by FROM noshow_incidents i JOIN shifts s ON s.id = i.shift_id WHERE s.external_id = $1`,
        [externalId],
      )
    )[0];
  const notes = async (externalId: string) =>
    (await incidentEventsOf(t, (await incidentOf(externalId)).id)).map((event) => event.note ?? event.kind);

  beforeAll(async () => {
    acs = await startFakeAcs();
    t = await startSmsApp(kind, acs, {
      NOSHOW_PRIMARY_CHANNEL: 'teams_then_sms',
      NOSHOW_SECONDARY_CHANNEL: 'teams_then_sms',
      NOSHOW_SMS_AFTER_MINUTES: '5',
      SMS_DAILY_CAP_PER_MUNICIPALITY: '3',
    });
    const secretary = await personIn(t, { name: 'Karen Sekretær', secretariat: true, mobile: '+4520990001' });
    await t.message(secretary.person.entraObjectId!, 'hej', {
      conversationId: VAGT_CHAT,
      conversationType: 'groupChat',
    });
    await t.execute(
      secretary.person.entraObjectId!,
      'menu.register-chat.save',
      { purpose: 'vagt' },
      { conversationId: VAGT_CHAT, conversationType: 'groupChat' },
    );
  });
  afterAll(async () => {
    await t?.stop();
    await acs?.stop();
  });

  describe('Teams, then SMS after 5 minutes; the leader on duty; the nudge; the link (Aarhus, 24.11)', () => {
    let primary: Awaited<ReturnType<typeof personIn>>;
    let secondary: Awaited<ReturnType<typeof personIn>>;
    let leader: Awaited<ReturnType<typeof personIn>>;
    let agent: Awaited<ReturnType<typeof personIn>>;

    beforeAll(async () => {
      primary = await personIn(t, { name: 'Signe Holm', roles: [[751, 'primaer_kontakt']], mobile: '+4520000001' });
      secondary = await personIn(t, { name: 'Jonas Bech', roles: [[751, 'sekundaer_kontakt']], mobile: '+4520000002' });
      leader = await personIn(t, { name: 'Lone Leder', email: 'lone.leder@eksempel.dk', mobile: '+4520000003' });
      agent = await personIn(t, { name: 'Anton Agent', email: 'anton.agent@eksempel.dk' });
      await rosterShift(t, {
        externalId: 'SMS-A',
        municipalityCode: 751,
        agentEmail: 'anton.agent@eksempel.dk',
        leaderEmail: 'Lone.Leder@eksempel.dk',
        startsAt: '2026-11-24T07:00:00Z',
        endsAt: '2026-11-24T11:00:00Z',
      });
    });

    it('alerts the primary contact and the Lederposten person in Teams at start + grace, nudges the agent, no SMS yet', async () => {
      await at('2026-11-24T07:05:00Z');
      expect(alertsTo(t, personalConv(primary.person.entraObjectId!), 'Aarhus')).toHaveLength(1);
      expect(alertsTo(t, personalConv(leader.person.entraObjectId!), 'Aarhus')).toHaveLength(1);
      expect(alertsTo(t, personalConv(secondary.person.entraObjectId!), 'Aarhus')).toHaveLength(0);
      const nudges = cardsIn(t, personalConv(agent.person.entraObjectId!));
      expect(nudges).toHaveLength(1);
      expect(cardTexts(nudges[0]).join('\n')).toContain('Du er ikke logget på til din vagt 24.11.2026 kl. 08:00–12:00');
      expect(acs.sends).toHaveLength(0);
      expect(await notes('SMS-A')).toEqual(
        expect.arrayContaining(['Lone Leder', 'nudged', '0']), // leader event note, nudge, alerted step 0
      );
    });

    it('sends the SMS to each of them 5 minutes later while nobody has acknowledged', async () => {
      await at('2026-11-24T07:09:00Z');
      expect(acs.sends).toHaveLength(0);
      await at('2026-11-24T07:10:00Z');
      const [sms] = acs.to('+4520000001');
      expect(acs.to('+4520000003')).toHaveLength(1);
      expect(sms.from).toBe('DDH');
      expect(sms.message).toMatch(/^DDH udeblivelse: Aarhus 24\.11 kl\. 08:00-12:00\. Kvitter: \S+\/kvitter\/\S+$/);
      expect(sms.message.length).toBeLessThanOrEqual(160);
      expect(await notes('SMS-A')).toEqual(
        expect.arrayContaining(['Sms sendt til Signe Holm', 'Sms sendt til Lone Leder']),
      );
      // The delivery report arrives through Event Grid and is in the history.
      expect((await acs.deliveryReport(webhookOf(t), sms, 'Delivered')).status).toBe(200);
      await t.runJobs();
      expect(await notes('SMS-A')).toContain('Sms leveret til Signe Holm');
      expect(await q(`SELECT state FROM sms_messages WHERE to_number = '+4520000001'`)).toEqual([
        { state: 'delivered' },
      ]);
    });

    it('the link shows the incident without acknowledging; its button acknowledges and every Teams card follows', async () => {
      const link = linkIn(t, acs.to('+4520000001')[0].message);
      const shown = await page(link);
      expect(shown.status).toBe(200);
      expect(shown.html).toContain('Udeblivelse fra vagt: Aarhus');
      expect(shown.html).toContain('<form method="post">');
      expect((await incidentOf('SMS-A')).status).toBe('open');

      const done = await page(link, 'POST');
      expect(done.html).toContain('Tak, du har kvitteret');
      expect(await incidentOf('SMS-A')).toMatchObject({ status: 'acknowledged', acknowledged_by: primary.person.id });
      await t.runJobs();
      for (const person of [primary, leader]) {
        const last = cardUpdatesIn(t, personalConv(person.person.entraObjectId!)).at(-1);
        expect(cardTexts(last).join('\n')).toContain('Kvitteret af Signe Holm');
        expect(cardTexts(last).join('\n')).toContain('(via link i sms)');
      }
      // Pressed again (or opened by a link scanner): the page says so, nothing changes.
      expect((await page(link, 'POST')).html).toContain('Udeblivelsen er kvitteret');
      expect(await notes('SMS-A')).toEqual(expect.arrayContaining(['via link i sms']));
      expect((await notes('SMS-A')).filter((note) => note === 'via link i sms')).toHaveLength(1);
      // Acknowledged: no secondary contact, no further SMS.
      await at('2026-11-24T07:30:00Z');
      expect(alertsTo(t, personalConv(secondary.person.entraObjectId!), 'Aarhus')).toHaveLength(0);
      expect(acs.to('+4520000002')).toHaveLength(0);
    });

    it('a tampered or expired link acknowledges nothing', async () => {
      const link = linkIn(t, acs.to('+4520000003')[0].message);
      expect((await page(`${link.slice(0, -2)}xx`, 'POST')).status).toBe(403);
      const [, incident, person, signature] = /\/(\d+)-(\d+)-[0-9a-z]+-(.+)$/.exec(link)!;
      expect((await page(`${t.url}/kvitter/${incident}-${person}-1-${signature}`)).status).toBe(403);
    });

    it('the agent answers "Jeg er på vej" on the nudge: recorded like Agent på vej, once; the nudge was sent once', async () => {
      const incident = await incidentOf('SMS-A');
      const other = await t.execute(primary.person.entraObjectId!, SHIFT_VERBS.nudgeOnTheWay, {
        incidentId: incident.id,
        etaMinutes: '10',
      });
      expect(JSON.stringify(other.body)).toContain('Kun agenten på vagten');
      const answered = await t.execute(agent.person.entraObjectId!, SHIFT_VERBS.nudgeOnTheWay, {
        incidentId: incident.id,
        etaMinutes: '15',
      });
      expect(cardTexts(answered.body.value).join('\n')).toContain('Kommunen ved, at du forventes kl. 08:45');
      await t.execute(agent.person.entraObjectId!, SHIFT_VERBS.nudgeOnTheWay, {
        incidentId: incident.id,
        etaMinutes: '15',
      });
      const events = await incidentEventsOf(t, incident.id);
      expect(events.filter((event) => event.kind === 'agent-eta')).toEqual([{ kind: 'agent-eta', note: 'kl. 08:45' }]);
      await t.runJobs();
      expect(lastCardText(cardUpdatesIn(t, personalConv(primary.person.entraObjectId!)))).toContain(
        'Agenten (Anton Agent) svarede: Jeg er på vej, er der kl. 08:45',
      );
      // The check running again (a restart, a second instance) sends no second nudge.
      const shiftId = (await q<{ id: number }>(`SELECT id FROM shifts WHERE external_id = 'SMS-A'`))[0].id;
      await t.app.modules.shifts.noShows.runCheck(shiftId);
      await t.runJobs();
      expect(cardsIn(t, personalConv(agent.person.entraObjectId!))).toHaveLength(1);
    });
  });

  describe('an SMS that fails escalates like an unreachable Teams contact (København, 25.11)', () => {
    it('Teams unreachable sends the SMS at once; reported undelivered, the secondary is alerted now and the secretariat told', async () => {
      const primary = await personIn(t, {
        name: 'Ole Krogh',
        roles: [[101, 'primaer_kontakt']],
        mobile: '+4520000011',
        reachable: false,
      });
      const secondary = await personIn(t, {
        name: 'Eva Berg',
        roles: [[101, 'sekundaer_kontakt']],
        mobile: '+4520000012',
      });
      await rosterShift(t, {
        externalId: 'SMS-K',
        municipalityCode: 101,
        startsAt: '2026-11-25T07:00:00Z',
        endsAt: '2026-11-25T11:00:00Z',
      });
      await at('2026-11-25T07:05:00Z');
      const [sms] = acs.to('+4520000011');
      expect(sms).toBeDefined();
      expect(await incidentOf('SMS-K')).toMatchObject({ status: 'open', step: 0 });
      expect(alertsTo(t, personalConv(secondary.person.entraObjectId!), 'København')).toHaveLength(0);

      await acs.deliveryReport(webhookOf(t), sms, 'Failed', 'Number not in service');
      await t.runJobs();
      expect(await incidentOf('SMS-K')).toMatchObject({ step: 1 });
      expect(alertsTo(t, personalConv(secondary.person.entraObjectId!), 'København')).toHaveLength(1);
      expect(await notes('SMS-K')).toEqual(
        expect.arrayContaining([
          'Sms til Ole Krogh kunne ikke leveres (Failed: Number not in service)',
          'Primær kontaktperson (Ole Krogh) kunne ikke nås på sms',
        ]),
      );
      // The secretariat's notice carries the numbers to call; no contact's card shows a number.
      const notice = cardsIn(t, VAGT_CHAT)
        .map((card) => cardTexts(card).join('\n'))
        .find((text) => text.includes('Kontaktperson kunne ikke nås: København'))!;
      expect(notice).toContain('Ole Krogh (primær kontaktperson): +45 20 00 00 11');
      expect(notice).toContain('Eva Berg (sekundær kontaktperson): +45 20 00 00 12');
      const secondaryCards = [
        ...cardsIn(t, personalConv(secondary.person.entraObjectId!)),
        ...cardUpdatesIn(t, personalConv(secondary.person.entraObjectId!)),
      ];
      expect(JSON.stringify(secondaryCards)).not.toMatch(/\+45|20 00 00/);
      expect(primary.person.mobile).toBe('+4520000011');
    });
  });

  describe('SMS only, the daily cap and one SMS per person per step (Frederiksberg and Odense, 26.11)', () => {
    it('a municipality on SMS only gets no Teams card; beyond the cap the SMS is recorded, not sent', async () => {
      await setPolicyChannels(t.deps.db, 147, { primary: 'sms' });
      const contacts = [];
      for (let i = 1; i <= 4; i++)
        contacts.push(
          await personIn(t, {
            name: `Kontakt ${i}`,
            roles: [[147, 'primaer_kontakt']],
            mobile: `+452000002${i}`,
          }),
        );
      await rosterShift(t, {
        externalId: 'SMS-F',
        municipalityCode: 147,
        startsAt: '2026-11-26T07:00:00Z',
        endsAt: '2026-11-26T11:00:00Z',
      });
      await at('2026-11-26T07:05:00Z');
      for (const contact of contacts)
        expect(alertsTo(t, personalConv(contact.person.entraObjectId!), 'Frederiksberg')).toHaveLength(0);
      const sent = contacts.filter((contact) => acs.to(contact.person.mobile!).length === 1);
      expect(sent).toHaveLength(3);
      expect(await notes('SMS-F')).toContainEqual(expect.stringMatching(/blev ikke sendt: dagens loft på 3 sms'er/));
      expect(
        await q(
          `SELECT state, count(*)::int AS n FROM sms_messages WHERE cap_scope = 'municipality:147' GROUP BY state ORDER BY state`,
        ),
      ).toEqual([
        { state: 'capped', n: 1 },
        { state: 'sent', n: 3 },
      ]);
      // Whatever runs the step's SMS again sends nothing more to the same person.
      const incident = await incidentOf('SMS-F');
      await t.app.modules.shifts.noShows.smsFallback(incident.id, 0, sent[0].person.id);
      await t.runJobs();
      expect(acs.to(sent[0].person.mobile!)).toHaveLength(1);
    });

    it("without a Lederposten the municipality's leader is alerted with the primary contact", async () => {
      const contact = await personIn(t, { name: 'Mads Odense', roles: [[461, 'primaer_kontakt']] });
      const boss = await personIn(t, { name: 'Lis Leder', roles: [[461, 'leder']] });
      await rosterShift(t, {
        externalId: 'SMS-O',
        municipalityCode: 461,
        startsAt: '2026-11-26T07:00:00Z',
        endsAt: '2026-11-26T11:00:00Z',
      });
      // A shift in progress is checked right after the import.
      await at('2026-11-26T07:06:00Z');
      expect(alertsTo(t, personalConv(contact.person.entraObjectId!), 'Odense')).toHaveLength(1);
      expect(alertsTo(t, personalConv(boss.person.entraObjectId!), 'Odense')).toHaveLength(1);
      // The leader may act on it (the statement admits anyone the incident alerted, and the leader role's holders).
      const incident = await incidentOf('SMS-O');
      const acked = await t.execute(boss.person.entraObjectId!, SHIFT_VERBS.acknowledge, { incidentId: incident.id });
      expect(cardTexts(acked.body.value).join('\n')).toContain('Kvitteret af Lis Leder');
    });
  });

  describe('the month', () => {
    it('counts the SMS per municipality on the card and in the CSV behind a signed link', async () => {
      const secretary = (
        await q<{ entra_object_id: string }>(
          `SELECT p.entra_object_id FROM people p JOIN secretariat_members m ON m.person_id = p.id LIMIT 1`,
        )
      )[0].entra_object_id;
      const card = (await t.execute(secretary, SHIFT_VERBS.history, { month: '2026-11' })).body.value;
      const text = cardTexts(card).join('\n');
      expect(text).toMatch(/Frederiksberg: \n1 \(.*, 3 sms'er\)/);
      expect(text).toContain("4 udeblivelser i 4 kommuner; 7 sms'er sendt.");
      expect(text).not.toMatch(/npm run|\(er\)|\(r\)/);
      const link = card.actions.find((action: any) => action.type === 'Action.OpenUrl').url as string;
      const csvUrl = `${t.url}${new URL(link).pathname}${new URL(link).search}`;
      const res = await fetch(csvUrl);
      expect(res.status).toBe(200);
      // Kept as bytes: the BOM (for Danish Excel) must arrive too.
      const csv = Buffer.from(await res.arrayBuffer()).toString('utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(csv.split('\r\n')[0]).toContain('"sms"');
      expect(csv).toMatch(/"2026-11";"147";"Frederiksberg";"1";.*;"3"\r\n/);
      expect((await fetch(csvUrl.replace('m=2026-11', 'm=2026-10'))).status).toBe(403);
      expect(await t.app.modules.shifts.public.noShowMonthCsv('2026-11')).toBe(csv);
    });
  });
});

describe.each(testDatabases())('acknowledgement by SMS reply on %s', (kind) => {
  let t: TestApp;
  let acs: FakeAcs;

  beforeAll(async () => {
    acs = await startFakeAcs();
    // A phone number as sender: recipients can answer; each SMS carries a reply code.
    t = await startSmsApp(kind, acs, { NOSHOW_PRIMARY_CHANNEL: 'sms', SMS_SENDER: '+4570701010' });
  });
  afterAll(async () => {
    await t?.stop();
    await acs?.stop();
  });

  it('an answer with the code from the number it went to acknowledges as that person; another number does nothing', async () => {
    const primary = await personIn(t, { name: 'Rikke Rask', roles: [[791, 'primaer_kontakt']], mobile: '+4520000031' });
    const stranger = '+4520000099';
    await rosterShift(t, {
      externalId: 'SMS-R',
      municipalityCode: 791,
      startsAt: '2026-11-24T07:00:00Z',
      endsAt: '2026-11-24T11:00:00Z',
    });
    t.clock.set('2026-11-24T07:05:00Z');
    await t.runJobs();
    const [sms] = acs.to('+4520000031');
    const code = /eller svar (\d{4})$/.exec(sms.message)![1];
    const status = async () =>
      (
        await t.deps.db.query<{ status: string; acknowledged_by: number | null }>(
          `SELECT status, acknowledged_by FROM noshow_incidents`,
        )
      ).rows[0];

    await acs.reply(webhookOf(t), stranger, '+4570701010', code);
    await t.runJobs();
    expect(await status()).toMatchObject({ status: 'open' });
    const reply = await acs.reply(webhookOf(t), '+4520000031', '+4570701010', `ok ${code}`, 'Incoming_same');
    expect(reply.status).toBe(200);
    await acs.reply(webhookOf(t), '+4520000031', '+4570701010', `ok ${code}`, 'Incoming_same');
    await t.runJobs();
    expect(await status()).toEqual({ status: 'acknowledged', acknowledged_by: primary.person.id });
    const events = await t.deps.db.query<{ kind: string; note: string | null }>(
      `SELECT kind, note FROM noshow_events WHERE kind = 'acknowledged'`,
    );
    expect(events.rows).toEqual([{ kind: 'acknowledged', note: 'svar på sms' }]);
    // Event Grid without the code in the URL is refused.
    const refused = await fetch(`${t.url}/api/ingest/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[]',
    });
    expect(refused.status).toBe(401);
  });
});
