/**
 * Minutes and follow-up through the real app: after the meeting the secretariat records decisions (a vote's result
 * fills in from voting's decision register, here a stand-in neighbour) and a follow-up point; sends the minutes to
 * the committee; the Word document is read back; after approval the representatives get them; the point reminds
 * its owner on a durable timer, is listed for the next agenda and closes from the owner's card.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { MEETINGS_VERBS } from '../../src/meetings/meetings-cards.js';
import { createMeetingsModule } from '../../src/meetings/meetings-module.js';
import { latestPublication } from '../../src/agenda/agenda-repository.js';
import { testDatabases } from '../support/databases.js';
import {
  inputValues,
  latestCard,
  linksOf,
  pressData,
  rows,
  sentCards,
  startMeetingsWorld,
  textOf,
  type MeetingsWorld,
} from './meetings-fixtures.js';

const TYPED = 'Godkendt med [link](https://evil.example) **fed** <at>Alle</at>';

describe.each(testDatabases())('minutes and follow-up on %s', (kind) => {
  let w: MeetingsWorld;
  let meetingId: number;
  let itemId: number;
  let minutesCard: any;

  const docxText = async (card: any) => {
    const url = new URL(linksOf(card)['Hent referatet (Word)']);
    const res = await fetch(`${w.t.url}${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    const xml = await (
      await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()))
    )
      .file('word/document.xml')!
      .async('string');
    return xml.replace(/<[^>]+>/g, '');
  };

  beforeAll(async () => {
    w = await startMeetingsWorld(kind);
    const calendar = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.calendar, { year: 2026 })).body.value;
    await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.add,
      pressData(calendar, MEETINGS_VERBS.add, {
        kind: 'styregruppe',
        date: '2026-12-10',
        startTime: '10:00',
        endTime: '15:00',
        place: 'Aarhus Rådhus',
        host: '751',
        onlineUrl: '',
      }),
    );
    meetingId = (await rows(w.db, 'SELECT id FROM meetings'))[0].id;
    itemId = (
      await rows(
        w.db,
        `INSERT INTO agenda_items (meeting_id, submitter_person_id, title, markers, presenter, recommendation, status, submitted_at)
         VALUES ($1, $2, 'Vagtplanen 2027', '{O,B}', 'Sekretariatet', 'Det indstilles, at vagtplanen godkendes.', 'godkendt', now()) RETURNING id`,
        [meetingId, w.id.viborg],
      )
    )[0].id;
    await w.t.execute(w.oid.secretary, AGENDA_VERBS.publish, { meetingId });
    expect(await latestPublication(w.db, meetingId)).not.toBeNull();
    // Viborg sent afbud before the meeting; its deputy took the seat.
    await w.t.app.modules.meetings.attendance.report(await w.actor('viborg'), meetingId, 'afbud');
    await w.t.runJobs();
    w.t.clock.set('2026-12-10T14:30:00Z');
  });
  afterAll(() => w.t.stop());

  it('starts from the published agenda, with the vote on the decision item filled in', async () => {
    const decidedAt = new Date('2026-12-10T11:00:00Z');
    const withVotes = createMeetingsModule(
      w.t.deps,
      {
        baseUrl: 'http://127.0.0.1:3978',
        linkSecret: 'unused-in-this-test-0123456789',
        targets: { styregruppe: 8, repraesentantskab: 2 },
        quorumShare: 0.5,
        followUpReminderDays: [7, 0],
        organizer: { name: 'DDH-sekretariatet', email: 'ddh@eksempel.dk' },
        online: null,
      },
      {
        agenda: { publishedItems: async (q, id) => (await latestPublication(q, id))?.items ?? null },
        decisions: {
          decisionsOfItems: async (_q, ids) =>
            ids.includes(itemId)
              ? [{ agendaItemId: itemId, result: 'vedtaget', votesFor: 3, votesAgainst: 1, votesAbstain: 0, decidedAt }]
              : [],
        },
      },
    );
    const view = await withVotes.minutes.open(await w.actor('secretary'), meetingId);
    expect(view.minutes.items.map((i) => `${i.number}. ${i.title}`)).toEqual([
      '1. Velkomst',
      '2. Godkendelse af dagens dagsorden',
      '3. Godkendelse af referat fra sidste møde',
      '4. Vagtplanen 2027',
      '5. Evt.',
    ]);
    expect(view.minutes.items[3]).toMatchObject({
      decision: 'Vedtaget ved afstemning: 3 for, 1 imod, 0 undlod at stemme.',
      decisionSource: 'afstemning',
    });
  });

  it('lets only the secretariat write the minutes', async () => {
    for (const key of ['chair', 'viborg', 'rep'] as const)
      expect(textOf((await w.t.execute(w.oid[key], MEETINGS_VERBS.minutes, { meetingId })).body)).toContain(
        'Kun DDH-sekretariatet kan skrive referatet.',
      );
  });

  it('records a decision as typed and a follow-up point with owner and due date, reminders planned', async () => {
    const opened = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.minutes, { meetingId })).body.value;
    expect(textOf(opened)).toContain('Udfyldt fra afstemningen i chatten.');
    const res = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.minutesSave,
      pressData(opened, MEETINGS_VERBS.minutesSave, {
        ...inputValues(opened),
        decision_2: TYPED,
        followUpText: 'Evaluering af vagtplanen',
        followUpItem: '4',
        followUpOwner: String(w.id.viborg),
        followUpDue: '2027-03-01',
      }),
    );
    minutesCard = res.body.value;
    expect(textOf(minutesCard)).toContain('Referatet er gemt.');
    expect(textOf(minutesCard)).toContain('Evaluering af vagtplanen');
    const timers = await rows(w.db, "SELECT due_at FROM timers WHERE key LIKE 'meetings:follow-up:%' ORDER BY due_at");
    expect(timers.map((t) => new Date(t.due_at).toISOString())).toEqual([
      '2027-02-22T08:00:00.000Z',
      '2027-03-01T08:00:00.000Z',
    ]);
    const incomplete = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.minutesSave,
      pressData(minutesCard, MEETINGS_VERBS.minutesSave, { followUpText: 'Uden ansvarlig' }),
    );
    expect(textOf(incomplete.body)).toContain('Vælg den ansvarlige');
  });

  it('sends the minutes to the committee; the Word document reads back in the agenda layout', async () => {
    const res = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.minutesSend,
      pressData(minutesCard, MEETINGS_VERBS.minutesSend, inputValues(minutesCard)),
    );
    expect(textOf(res.body.value)).toContain('Referatet er sendt til styregruppen til godkendelse.');
    await w.t.runJobs();
    for (const key of ['chair', 'viborg', 'viborgDeputy', 'furesoe', 'furesoeDeputy', 'odder'] as const)
      expect(sentCards(w.t, w.chat(key), 'Referat:')).toHaveLength(1);
    expect(sentCards(w.t, w.chat('rep'), 'Referat:')).toHaveLength(0);
    const text = await docxText(sentCards(w.t, w.chat('chair'), 'Referat:')[0]);
    expect(text).toContain('Referat Styregruppemøde – Den Digitale Hotline');
    expect(text).toContain('Villads Suppleant, Viborg (suppleant)');
    expect(text).toContain('Afbud:Vibeke Medlem, Viborg');
    expect(text).toContain('Punkt 4: Vagtplanen 2027 (O, B)');
    expect(text).toContain('Vedtaget ved afstemning: 3 for, 1 imod, 0 undlod at stemme.');
    expect(text).toContain('Godkendt med [link](https://evil.example) **fed** &lt;at&gt;Alle&lt;/at&gt;');
    expect(text).toContain('Evaluering af vagtplanen – Vibeke Medlem, frist 01.03.2027');
    expect(text.indexOf('Punkt 2:')).toBeLessThan(text.indexOf('Punkt 4:'));
  });

  it('after approval sends them to every member municipality’s representative', async () => {
    const current = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.minutes, { meetingId })).body.value;
    const res = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.minutesApprove,
      pressData(current, MEETINGS_VERBS.minutesApprove),
    );
    expect(textOf(res.body.value)).toContain('Referatet er godkendt og sendt til repræsentantskabet.');
    await w.t.runJobs();
    for (const key of ['rep', 'chair', 'viborg'] as const)
      expect(textOf(latestCard(w.t, w.chat(key), 'Referat:'))).toContain('Godkendt af styregruppen');
    expect(textOf(res.body.value)).not.toContain(MEETINGS_VERBS.minutesSave);
  });

  it('reminds the owner before the due date, lists the point for the next agenda, and closes it once', async () => {
    expect((await w.t.app.modules.meetings.public.openFollowUps(w.db)).map((f) => f.text)).toEqual([
      'Evaluering af vagtplanen',
    ]);
    w.t.clock.set('2027-02-22T08:01:00Z');
    await w.t.runJobs();
    const reminder = sentCards(w.t, w.chat('viborg'), 'Opfølgningspunkt');
    expect(reminder).toHaveLength(1);
    const forged = await w.t.execute(
      w.oid.odder,
      MEETINGS_VERBS.followUpClose,
      pressData(reminder[0], MEETINGS_VERBS.followUpClose),
    );
    expect(textOf(forged.body)).toContain('Kun den ansvarlige og DDH-sekretariatet');
    const res = await w.t.execute(
      w.oid.viborg,
      MEETINGS_VERBS.followUpClose,
      pressData(reminder[0], MEETINGS_VERBS.followUpClose),
    );
    expect(textOf(res.body.value)).toContain('Lukket');
    const again = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.followUpClose,
      pressData(reminder[0], MEETINGS_VERBS.followUpClose),
    );
    expect(textOf(again.body.value)).toContain('Punktet er allerede lukket.');
    expect(await w.t.app.modules.meetings.public.openFollowUps(w.db)).toEqual([]);
    w.t.clock.set('2027-03-01T08:01:00Z');
    await w.t.runJobs();
    expect(sentCards(w.t, w.chat('viborg'), 'Opfølgningspunkt')).toHaveLength(1);
  });
});
