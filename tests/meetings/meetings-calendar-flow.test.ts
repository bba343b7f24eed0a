/**
 * The secretariat's meeting calendar through the real app: the annual plan with the statutes' count, adding a
 * meeting (everyone invited at once), moving it (one message each, the invitations updated in place, the calendar
 * identity kept), a stale card answered with the current one, and cancelling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEETINGS_VERBS } from '../../src/meetings/meetings-cards.js';
import { testDatabases } from '../support/databases.js';
import {
  latestCard,
  pressData,
  rows,
  sentCards,
  startMeetingsWorld,
  textOf,
  type MeetingsWorld,
} from './meetings-fixtures.js';

const form = (date: string) => ({
  kind: 'styregruppe',
  date,
  startTime: '10:00',
  endTime: '15:00',
  place: 'Viborg Rådhus, mødelokale M3.3',
  host: '791',
  onlineUrl: '',
});

describe.each(testDatabases())('meeting calendar on %s', (kind) => {
  let w: MeetingsWorld;
  let calendarCard: any;
  let staleCopy: any;
  let firstId: number;
  let movedId: number;
  const invitees = ['chair', 'viborg', 'viborgDeputy', 'furesoe', 'furesoeDeputy', 'odder', 'secretary'] as const;

  beforeAll(async () => {
    w = await startMeetingsWorld(kind);
  });
  afterAll(() => w.t.stop());

  it("shows the year's plan against the statutes' eight meetings, to the secretariat only", async () => {
    const res = await w.t.execute(w.oid.secretary, MEETINGS_VERBS.calendar, { year: 2027 });
    calendarCard = res.body.value;
    expect(textOf(calendarCard)).toContain('Mødekalender 2027');
    expect(textOf(calendarCard)).toContain('Der mangler 8 styregruppemøder (vedtægterne: 8 styregruppemøder om året).');
    expect(textOf(calendarCard)).toContain('Der mangler 2 repræsentantskabsmøder');
    const refused = await w.t.execute(w.oid.viborg, MEETINGS_VERBS.calendar, { year: 2027 });
    expect(textOf(refused.body)).toContain('Kun DDH-sekretariatet');
  });

  it('adds a meeting and invites members, deputies and the secretariat at once', async () => {
    const res = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.add,
      pressData(calendarCard, MEETINGS_VERBS.add, form('2027-01-14')),
    );
    expect(textOf(res.body.value)).toContain('Mødet er tilføjet');
    expect(textOf(res.body.value)).toContain('14.01.2027 kl. 10:00–15:00');
    expect(textOf(res.body.value)).toContain('Der mangler 7 styregruppemøder');
    const [meeting] = await rows(w.db, "SELECT id, starts_at FROM meetings WHERE kind = 'styregruppe'");
    firstId = meeting.id;
    expect(new Date(meeting.starts_at).toISOString()).toBe('2027-01-14T09:00:00.000Z');
    const invited = await rows(w.db, 'SELECT person_id, capacity FROM meeting_invitees WHERE meeting_id = $1', [
      firstId,
    ]);
    expect(invited.map((i) => i.person_id).sort()).toEqual(invitees.map((k) => w.id[k]).sort());
    await w.t.runJobs();
    for (const key of invitees) expect(sentCards(w.t, w.chat(key), 'Indkaldelse')).toHaveLength(1);
    for (const key of ['rep', 'agent'] as const) expect(sentCards(w.t, w.chat(key))).toHaveLength(0);
    expect(textOf(sentCards(w.t, w.chat('viborgDeputy'))[0])).toContain(
      'Du er suppleant for Viborg og indkaldes, hvis Vibeke Medlem melder afbud.',
    );
  });

  it('refuses others and bad input without changing the calendar', async () => {
    const count = async () => (await rows(w.db, 'SELECT count(*)::int AS n FROM meetings'))[0].n;
    const before = await count();
    // A fresh copy of the card: the platform answers a repeated press on the same copy with its first answer.
    const fresh = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.calendar, { year: 2027 })).body.value;
    const data = pressData(fresh, MEETINGS_VERBS.add, form('2027-02-11'));
    expect(textOf((await w.t.execute(w.oid.viborg, MEETINGS_VERBS.add, data)).body)).toContain('Kun DDH-sekretariatet');
    const backwards = { ...data, startTime: '15:00', endTime: '10:00' };
    expect(textOf((await w.t.execute(w.oid.secretary, MEETINGS_VERBS.add, backwards)).body)).toContain(
      'Mødet skal slutte efter det begynder.',
    );
    const insecure = { ...data, onlineUrl: 'http://usikker.example/møde' };
    expect(textOf((await w.t.execute(w.oid.secretary, MEETINGS_VERBS.add, insecure)).body)).toContain('https-link');
    expect(await count()).toBe(before);
  });

  it('moves the meeting: a new row with the same calendar UID, one message each, invitations updated in place', async () => {
    const meetingCard = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.open, { meetingId: firstId })).body.value;
    staleCopy = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.open, { meetingId: firstId })).body.value;
    const res = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.change,
      pressData(meetingCard, MEETINGS_VERBS.change, { ...form('2027-01-21'), kind: undefined }),
    );
    expect(textOf(res.body.value)).toContain('Mødet er flyttet. 7 personer får besked.');
    const meetings = await rows(w.db, 'SELECT id, status FROM meetings ORDER BY id');
    expect(meetings.map((m) => m.status)).toEqual(['aflyst', 'planlagt']);
    movedId = meetings[1].id;
    const calendars = await rows(
      w.db,
      'SELECT meeting_id, uid, sequence, moved_to_meeting_id FROM meeting_calendar ORDER BY meeting_id',
    );
    expect(calendars[1].uid).toBe(calendars[0].uid);
    expect([calendars[0].sequence, calendars[1].sequence]).toEqual([0, 1]);
    expect(calendars[0].moved_to_meeting_id).toBe(movedId);
    await w.t.runJobs();
    for (const key of invitees) {
      expect(sentCards(w.t, w.chat(key), 'Flyttet')).toHaveLength(1);
      expect(sentCards(w.t, w.chat(key), 'Indkaldelse')).toHaveLength(1);
      expect(textOf(latestCard(w.t, w.chat(key), 'Indkaldelse'))).toContain('21.01.2027');
    }
  });

  it('answers a press on a stale copy with the current meeting, changing nothing', async () => {
    const res = await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.change,
      pressData(staleCopy, MEETINGS_VERBS.change, { ...form('2027-01-28'), kind: undefined }),
    );
    expect(textOf(res.body.value)).toContain('ændret i mellemtiden');
    expect(textOf(res.body.value)).toContain('21.01.2027');
    expect(await rows(w.db, 'SELECT id FROM meetings')).toHaveLength(2);
  });

  it('cancels the meeting: every invitation shows it, each invitee is told once', async () => {
    const card = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.open, { meetingId: movedId })).body.value;
    const res = await w.t.execute(w.oid.secretary, MEETINGS_VERBS.cancel, pressData(card, MEETINGS_VERBS.cancel));
    expect(textOf(res.body.value)).toContain('Mødet er aflyst. 7 personer får besked.');
    await w.t.runJobs();
    for (const key of invitees) {
      expect(sentCards(w.t, w.chat(key), 'Mødet er aflyst')).toHaveLength(1);
      expect(textOf(latestCard(w.t, w.chat(key), 'Aflyst: Styregruppemøde'))).not.toContain('Meld afbud');
    }
    const plan = await w.t.execute(w.oid.secretary, MEETINGS_VERBS.calendar, { year: 2027 });
    expect(textOf(plan.body.value)).toContain('Der mangler 8 styregruppemøder');
    expect(textOf(plan.body.value)).toContain('(flyttet)');
    expect(textOf(plan.body.value)).toContain('(aflyst)');
  });
});
