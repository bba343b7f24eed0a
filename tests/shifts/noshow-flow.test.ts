/**
 * The no-show flow end to end: real HTTP server, Bot Framework adapter, scheduler, delivery engine and fake
 * Bot Connector, with the injected clock moved by hand. One app per database; the scenarios use separate
 * days and municipalities so they do not see each other's messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addPerson } from '../support/registry-fixtures.js';
import { testDatabases } from '../support/databases.js';
import { handDelayNotice } from '../../src/engage/engage-public.js';
import { SHIFT_VERBS } from '../../src/shifts/shifts-cards.js';
import { noshowReportCommand } from '../../src/shifts/shifts-cli.js';
import {
  alertsTo,
  cardsIn,
  cardTexts,
  cardUpdatesIn,
  csv,
  lastCardText,
  personalConv,
  SECRET,
  signedPost,
} from './shifts-support.js';

const VAGT_CHAT = 'vagt-chat';

describe.each(testDatabases())('no-show flow on %s', (kind) => {
  let t: TestApp;
  const q = <T = any>(sql: string, params: unknown[] = []) => t.deps.db.query<T>(sql, params).then((r) => r.rows);
  const incidentOfShift = async (externalId: string) =>
    (
      await q<{ id: number; status: string; step: number; acknowledged_by: number | null }>(
        `SELECT i.id, i.status, i.step, i.acknowledged_by FROM noshow_incidents i JOIN shifts s ON s.id = i.shift_id WHERE s.external_id = $1`,
        [externalId],
      )
    )[0];
  const at = async (iso: string) => {
    t.clock.set(iso);
    await t.runJobs();
  };
  const person = async (
    objectId: string,
    roles: [number, 'primaer_kontakt' | 'sekundaer_kontakt'][],
    reachable = true,
    secretariat = false,
  ) => {
    const p = await addPerson(t.deps.db, { objectId, name: `Person ${objectId}`, roles, secretariat });
    // Writing to the bot once gives it a 1:1 conversation to send alerts to.
    if (reachable) expect((await t.message(objectId, 'hej')).status).toBeLessThan(300);
    return p;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T05:00:00Z', env: { INGEST_HMAC_SECRET: SECRET }, database: kind });
    await person('sec-1', [], true, true);
    await t.message('sec-1', 'hej', { conversationId: VAGT_CHAT, conversationType: 'groupChat' });
    const saved = await t.execute(
      'sec-1',
      'menu.register-chat.save',
      { purpose: 'vagt' },
      { conversationId: VAGT_CHAT, conversationType: 'groupChat' },
    );
    expect(saved.status).toBe(200);
    await person('aar-p', [[751, 'primaer_kontakt']]);
    await person('aar-s', [[751, 'sekundaer_kontakt']]);
    await person('ode-p', [[461, 'primaer_kontakt']]);
    await person('kbh-p', [[101, 'primaer_kontakt']], false);
    await person('kbh-s', [[101, 'sekundaer_kontakt']]);
    await person('aal-p', [[851, 'primaer_kontakt']]);
    await person('frb-p', [[147, 'primaer_kontakt']]);
    await person('frb-s', [[147, 'sekundaer_kontakt']]);
    const r = await signedPost(
      t,
      '/api/ingest/shifts',
      csv([
        'A-1,751,agent.a1@eksempel.dk,2026-11-24 08:00,12:00',
        'K-1,101,agent.k1@eksempel.dk,2026-11-25 08:00,12:00',
        'C-1,851,agent.c1@eksempel.dk,2026-11-26 08:00,12:00',
        'C-2,851,agent.c2@eksempel.dk,2026-11-26 08:00,12:00',
        'C-3,851,agent.c3@eksempel.dk,2026-11-26 10:00,14:00',
        'F-1,147,agent.f1@eksempel.dk,2026-11-27 08:00,12:00',
      ]),
    );
    expect(r.status).toBe(200);
  });
  afterAll(() => t?.stop());

  describe('detection and escalation (Aarhus, 24.11)', () => {
    it('does nothing during the grace period and alerts the primary contact at start + grace', async () => {
      await at('2026-11-24T07:04:00Z');
      expect(alertsTo(t, personalConv('aar-p'))).toHaveLength(0);
      await at('2026-11-24T07:05:00Z');
      const cards = alertsTo(t, personalConv('aar-p'));
      expect(cards).toHaveLength(1);
      const text = cardTexts(cards[0]).join('\n');
      expect(text).toContain('Udeblivelse fra vagt: Aarhus');
      expect(text).toContain('agent.a1@eksempel.dk');
      expect(text).toContain('24.11.2026 kl. 08:00–12:00');
      expect(text).toContain('5 min.');
      expect(cards[0].actions.map((a: any) => a.title)).toEqual(['Kvitter', 'Agent på vej', 'Afløser fundet']);
      expect(alertsTo(t, personalConv('aar-s'))).toHaveLength(0);
      expect((await incidentOfShift('A-1')).status).toBe('open');
    });

    it('alerts the secondary contact after 10 minutes without acknowledgement; the primary sees it', async () => {
      await at('2026-11-24T07:14:00Z');
      expect(alertsTo(t, personalConv('aar-s'))).toHaveLength(0);
      await at('2026-11-24T07:15:00Z');
      expect(alertsTo(t, personalConv('aar-s'))).toHaveLength(1);
      expect(lastCardText(cardUpdatesIn(t, personalConv('aar-p')))).toContain('sendt til sekundær kontaktperson');
      expect((await incidentOfShift('A-1')).step).toBe(1);
    });

    it("refuses another municipality's contact person without changing anything", async () => {
      const { id } = await incidentOfShift('A-1');
      const updatesBefore = t.connector.updates().length;
      const r = await t.execute('ode-p', SHIFT_VERBS.acknowledge, { incidentId: id });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).toMatch(/Kun kommunens kontaktpersoner og DDH-sekretariatet/);
      expect(await incidentOfShift('A-1')).toMatchObject({ status: 'open', acknowledged_by: null });
      expect(
        await q(`SELECT 1 FROM noshow_events WHERE incident_id = $1 AND kind = 'acknowledged'`, [id]),
      ).toHaveLength(0);
      await t.runJobs();
      expect(t.connector.updates().length).toBe(updatesBefore);
    });

    it('an acknowledgement by the contact stops the escalation, updates every card, and a retry counts once', async () => {
      const { id } = await incidentOfShift('A-1');
      const r = await t.execute('aar-s', SHIFT_VERBS.acknowledge, { incidentId: id });
      expect(r.status).toBe(200);
      expect(cardTexts(r.body.value).join('\n')).toContain('Kvitteret af Person aar-s');
      await t.runJobs();
      expect(lastCardText(cardUpdatesIn(t, personalConv('aar-p')))).toContain('Kvitteret af Person aar-s');
      expect(lastCardText(cardUpdatesIn(t, personalConv('aar-s')))).toContain('Kvitteret af Person aar-s');
      const updatesAfterFirst = t.connector.updates().length;

      const retry = await t.execute('aar-s', SHIFT_VERBS.acknowledge, { incidentId: id });
      expect(cardTexts(retry.body.value).join('\n')).toContain('Kvitteret af Person aar-s');
      await t.runJobs();
      expect(t.connector.updates().length).toBe(updatesAfterFirst);
      expect(
        await q(`SELECT 1 FROM noshow_events WHERE incident_id = $1 AND kind = 'acknowledged'`, [id]),
      ).toHaveLength(1);

      await at('2026-11-24T07:25:00Z');
      expect(alertsTo(t, VAGT_CHAT, 'Aarhus')).toHaveLength(0);
      expect(await q(`SELECT state FROM timers WHERE key = $1`, [`noshow:${id}:escalate:2`])).toEqual([
        { state: 'cancelled' },
      ]);
    });

    it('the agent logging in late resolves the incident and every card says so', async () => {
      const r = await signedPost(t, '/api/ingest/attendance', {
        events: [
          { id: 'evt-a1-login', agent_email: 'Agent.A1@eksempel.dk', type: 'login', at: '2026-11-24T08:30:00+01:00' },
        ],
      });
      expect(r.body).toMatchObject({ accepted: 1, resolved: 1 });
      await t.runJobs();
      expect((await incidentOfShift('A-1')).status).toBe('resolved');
      for (const who of ['aar-p', 'aar-s']) {
        const last = cardUpdatesIn(t, personalConv(who)).at(-1);
        expect(cardTexts(last).join('\n')).toContain('Løst: Agent loggede på kl. 08:30');
        expect(last.actions ?? []).toEqual([]);
      }
    });
  });

  describe('unreachable primary (København, 25.11)', () => {
    it('goes to the secondary contact at once and tells the secretariat', async () => {
      await at('2026-11-25T07:05:00Z');
      expect(alertsTo(t, personalConv('kbh-s'))).toHaveLength(1);
      expect(await incidentOfShift('K-1')).toMatchObject({ status: 'open', step: 1 });
      const notices = cardsIn(t, VAGT_CHAT).map((c) => cardTexts(c).join('\n'));
      expect(
        notices.some((n) => n.includes('Kontaktperson kunne ikke nås: København') && n.includes('Person kbh-p')),
      ).toBe(true);
    });

    it("reaches the secretariat's duty chat 20 minutes after the incident opened", async () => {
      await at('2026-11-25T07:24:00Z');
      const alerts = () => alertsTo(t, VAGT_CHAT, 'København');
      expect(alerts()).toHaveLength(0);
      await at('2026-11-25T07:25:00Z');
      expect(alerts()).toHaveLength(1);
      expect(lastCardText(cardUpdatesIn(t, personalConv('kbh-s')))).toContain('DDH-sekretariatets vagtkanal');
    });
  });

  describe('Aalborg, 26.11', () => {
    it('a login during the grace period means no incident', async () => {
      const r = await signedPost(t, '/api/ingest/attendance', {
        events: [{ id: 'evt-c1', agent_email: 'agent.c1@eksempel.dk', type: 'login', at: '2026-11-26T08:02:00+01:00' }],
      });
      expect(r.status).toBe(200);
      await at('2026-11-26T07:05:00Z');
      expect(await incidentOfShift('C-1')).toBeUndefined();
      expect(await incidentOfShift('C-2')).toMatchObject({ status: 'open' });
    });

    it('a shift removed from the roster before it starts is never checked', async () => {
      const r = await signedPost(
        t,
        '/api/ingest/shifts',
        csv([
          'C-1,851,agent.c1@eksempel.dk,2026-11-26 08:00,12:00',
          'C-2,851,agent.c2@eksempel.dk,2026-11-26 08:00,12:00',
        ]),
      );
      expect(r.body).toMatchObject({ removed: 1 });
      expect(
        await q(
          `SELECT t.state FROM timers t WHERE t.key LIKE 'noshow:check:%' AND t.payload->>'shiftId' = (SELECT id::text FROM shifts WHERE external_id = 'C-3')`,
        ),
      ).toEqual([{ state: 'cancelled' }]);
      await at('2026-11-26T09:05:00Z');
      expect(await incidentOfShift('C-3')).toBeUndefined();
    });

    it("shows the agent's Viva Engage post on the alert without closing it", async () => {
      await handDelayNotice(t.deps.scheduler, {
        messageId: 'engage-1',
        senderEmail: 'AGENT.C2@eksempel.dk',
        senderObjectId: null,
        postedAt: '2026-11-26T07:03:00.000Z',
        text: 'Bussen er forsinket, er der 8:20 **ca**',
      });
      await t.runJobs();
      const last = lastCardText(cardUpdatesIn(t, personalConv('aal-p')));
      expect(last).toContain('Agenten har skrevet på Viva Engage kl. 08:03: Bussen er forsinket, er der 8:20 **ca**');
      expect((await incidentOfShift('C-2')).status).not.toBe('resolved');
    });

    it('"Afløser fundet" closes the incident with the note', async () => {
      const { id } = await incidentOfShift('C-2');
      const r = await t.execute('aal-p', SHIFT_VERBS.resolve, { incidentId: id, note: 'Kollega tager vagten' });
      expect(cardTexts(r.body.value).join('\n')).toContain('Afløser: Kollega tager vagten');
      expect((await incidentOfShift('C-2')).status).toBe('resolved');
      // A late login after that changes nothing more.
      const login = await signedPost(t, '/api/ingest/attendance', {
        events: [{ id: 'evt-c2', agent_email: 'agent.c2@eksempel.dk', type: 'login', at: '2026-11-26T09:10:00+01:00' }],
      });
      expect(login.body).toMatchObject({ resolved: 0 });
    });

    it('the secretariat reports a no-show by hand; others cannot', async () => {
      const refused = await t.execute('aal-p', SHIFT_VERBS.report, {});
      expect(JSON.stringify(refused.body)).toMatch(/Kun DDH-sekretariatet/);
      await t.execute('sec-1', SHIFT_VERBS.report, {});
      expect(lastCardText(cardsIn(t, personalConv('sec-1')))).toContain('Vælg kommunen');
      const pick = await t.execute('sec-1', SHIFT_VERBS.reportPick, { municipalityCode: '851' });
      expect(JSON.stringify(pick.body)).toContain('Meld udeblivelse: Aalborg');
      const before = alertsTo(t, personalConv('aal-p')).length;
      const save = await t.execute('sec-1', SHIFT_VERBS.reportSave, {
        municipalityCode: '851',
        shiftId: 'none',
        startTime: '12:00',
        note: 'Agenten ringede: syg',
      });
      expect(cardTexts(save.body.value).join('\n')).toContain('Note fra sekretariatet: Agenten ringede: syg');
      await t.runJobs();
      const cards = alertsTo(t, personalConv('aal-p'));
      expect(cards).toHaveLength(before + 1);
      expect(cardTexts(cards.at(-1)).join('\n')).toContain('Meldt af');
      // The same report again (a Teams retry) opens nothing new.
      await t.execute('sec-1', SHIFT_VERBS.reportSave, {
        municipalityCode: '851',
        shiftId: 'none',
        startTime: '12:00',
        note: 'Agenten ringede: syg',
      });
      expect(await q(`SELECT id FROM noshow_incidents WHERE source = 'manual'`)).toHaveLength(1);
    });

    it('"Agent på vej" acknowledges and records the expected time', async () => {
      const [{ id }] = await q<{ id: number }>(`SELECT id FROM noshow_incidents WHERE source = 'manual'`);
      const r = await t.execute('aal-p', SHIFT_VERBS.eta, { incidentId: id, etaMinutes: '15' });
      expect(cardTexts(r.body.value).join('\n')).toMatch(
        /Kvitteret af Person aal-p kl\. 10:05 · agenten forventes kl\. 10:20/,
      );
      const bad = await t.execute('aal-p', SHIFT_VERBS.eta, { incidentId: id, etaMinutes: '9999' });
      expect(JSON.stringify(bad.body)).toMatch(/mellem 1 og 240/);
      // Acknowledged before any escalation: the later steps never go out (the refresh job calls them off).
      await t.runJobs();
      expect(
        await q(`SELECT key, state FROM timers WHERE key LIKE $1 ORDER BY key`, [`noshow:${id}:escalate:%`]),
      ).toEqual([
        { key: `noshow:${id}:escalate:1`, state: 'cancelled' },
        { key: `noshow:${id}:escalate:2`, state: 'cancelled' },
      ]);
    });

    it('the secretariat sees the month per municipality, as a card and as CSV', async () => {
      const refused = await t.execute('aal-p', SHIFT_VERBS.history, { month: '2026-11' });
      expect(JSON.stringify(refused.body)).toMatch(/Kun DDH-sekretariatet/);
      const r = await t.execute('sec-1', SHIFT_VERBS.history, { month: '2026-11' });
      const text = cardTexts(r.body.value).join('\n');
      expect(text).toContain('Udeblivelser i november 2026');
      expect(text).toMatch(/Aalborg: \s*2 \(kvitteret 1, agent loggede på 0, afløser 1, åbne 1\)/);
      expect(text).toMatch(/Aarhus: \s*1 \(kvitteret 1, agent loggede på 1, afløser 0\)/);
      const csvText = await noshowReportCommand('2026-11', t.app.modules.shifts);
      expect(csvText).toContain('"2026-11";"751";"Aarhus";"1";"1";"0";"1";"1";"0";"0";"10"');
    });
  });

  describe('blocked primary (Frederiksberg, 27.11)', () => {
    it('an alert that fails for good (bot blocked) sends the secondary contact at once', async () => {
      t.connector.fail({
        status: 403,
        times: Infinity,
        match: (c) => c.conversationId === personalConv('frb-p'),
        body: { error: { code: 'BotBlocked' } },
      });
      await at('2026-11-27T07:05:00Z');
      t.connector.clearFaults();
      expect(alertsTo(t, personalConv('frb-p'))).toHaveLength(0);
      expect(alertsTo(t, personalConv('frb-s'), 'Frederiksberg')).toHaveLength(1);
      expect(await incidentOfShift('F-1')).toMatchObject({ status: 'open', step: 1 });
      const notices = cardsIn(t, VAGT_CHAT).map((c) => cardTexts(c).join('\n'));
      expect(notices.some((n) => n.includes('Kontaktperson kunne ikke nås: Frederiksberg'))).toBe(true);
    });
  });
});
