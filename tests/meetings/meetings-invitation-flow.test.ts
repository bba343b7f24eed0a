/**
 * Invitations and attendance through the real app: the .ics behind the card's signed link read by a standard parser
 * (ical.js) before and after a move and a cancellation; a member's "Meld afbud" calls in the seat's deputy, who is
 * told and whose card changes; what the agenda and voting read from meetings-public; the secretariat's quorum warning.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEETINGS_VERBS } from '../../src/meetings/meetings-cards.js';
import { testDatabases } from '../support/databases.js';
import {
  addMeetingByCard,
  inputValues,
  latestCard,
  linksOf,
  pressData,
  rows,
  SECRETARIAT_CHAT,
  sentCards,
  startMeetingsWorld,
  textOf,
  type MeetingsWorld,
  type PersonKey,
} from './meetings-fixtures.js';

function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    status: vevent.getFirstPropertyValue('status'),
    location: event.location,
    organizer: vevent.getFirstPropertyValue('organizer'),
    attendees: vevent.getAllProperties('attendee').map((p) => ({
      email: String(p.getFirstValue()).replace(/^mailto:/i, ''),
      role: p.getParameter('role'),
    })),
  };
}

describe.each(testDatabases())('invitations and afbud on %s', (kind) => {
  let w: MeetingsWorld;
  let meetingId: number;

  const invitation = (key: PersonKey) => latestCard(w.t, w.chat(key), 'Hent kalenderinvitation');
  /** Presses the attendance button with `status` on the person's invitation card as it now is. */
  const press = (key: PersonKey, status: string) =>
    w.t.execute(w.oid[key], MEETINGS_VERBS.attendance, buttonData(key, status));
  const buttonData = (key: PersonKey, status: string) => {
    const card = invitation(key);
    const found: any[] = [];
    const walk = (v: any) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (v.verb === MEETINGS_VERBS.attendance && v.data?.status === status) found.push(v.data);
        Object.values(v).forEach(walk);
      }
    };
    walk(card);
    if (!found.length) throw new Error(`no ${status} button on ${key}'s invitation`);
    return found[0];
  };
  const ics = async (key: PersonKey) => {
    const url = new URL(linksOf(invitation(key))['Hent kalenderinvitation (.ics)']);
    const res = await fetch(`${w.t.url}${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    return parseIcs(await res.text());
  };

  beforeAll(async () => {
    w = await startMeetingsWorld(kind, { env: { MEETING_ORGANIZER_EMAIL: 'ddh-sekretariat@eksempel.dk' } });
    meetingId = await addMeetingByCard(w, {
      place: 'Viborg Rådhus, mødelokale M3.3; "Prinsens Alle 5", 8800 Viborg',
      onlineUrl: 'https://teams.microsoft.com/l/meetup-join/eksempel',
    });
  });
  afterAll(() => w.t.stop());

  it('gives each invitee an .ics that a standard parser reads: UTC times, the organiser, every invitee', async () => {
    const file = await ics('viborg');
    expect(file.method).toBe('REQUEST');
    expect(file.uid).toMatch(/^ddh-moede-\d+@127\.0\.0\.1$/);
    expect(file.sequence).toBe(0);
    expect(file.start).toBe('2027-01-14T09:00:00.000Z');
    expect(file.end).toBe('2027-01-14T14:00:00.000Z');
    expect(file.status).toBe('CONFIRMED');
    expect(file.location).toBe('Viborg Kommune, Viborg Rådhus, mødelokale M3.3; "Prinsens Alle 5", 8800 Viborg');
    expect(String(file.organizer)).toBe('mailto:ddh-sekretariat@eksempel.dk');
    expect(file.attendees).toHaveLength(7);
    const deputy = await rows(w.db, 'SELECT email FROM people WHERE id = $1', [w.id.viborgDeputy]);
    expect(file.attendees.find((a) => a.email === deputy[0].email)?.role).toBe('OPT-PARTICIPANT');
    const forged = new URL(linksOf(invitation('viborg'))['Hent kalenderinvitation (.ics)']);
    forged.searchParams.set('sig', 'forfalsket');
    expect((await fetch(`${w.t.url}${forged.pathname}${forged.search}`)).status).toBe(403);
  });

  it("calls in the seat's deputy when the member reports afbud: told, card changed, attendance stored", async () => {
    const res = await press('viborg', 'afbud');
    expect(textOf(res.body.value)).toContain('Du har meldt afbud. Suppleant Villads Suppleant er indkaldt.');
    const stored = await rows(w.db, 'SELECT municipality_code, member_status, deputy_status FROM meeting_attendance');
    expect(stored).toEqual([{ municipality_code: 791, member_status: 'afbud', deputy_status: 'indkaldt' }]);
    await w.t.runJobs();
    expect(sentCards(w.t, w.chat('viborgDeputy'), 'Du er indkaldt')).toHaveLength(1);
    expect(textOf(invitation('viborgDeputy'))).toContain(
      'Du er indkaldt som suppleant for Viborg, fordi Vibeke Medlem har meldt afbud. Du stemmer for pladsen.',
    );
    const file = await ics('viborgDeputy');
    const deputy = await rows(w.db, 'SELECT email FROM people WHERE id = $1', [w.id.viborgDeputy]);
    expect(file.attendees.find((a) => a.email === deputy[0].email)?.role).toBe('REQ-PARTICIPANT');
  });

  it('tells the agenda and voting who is absent and who sits in each seat', async () => {
    const facts = w.t.app.modules.meetings.public;
    expect((await facts.absencesOf(w.db, meetingId)).map((a) => a.line)).toEqual([
      'Vibeke Medlem, Viborg: afbud – suppleant Villads Suppleant deltager',
    ]);
    expect(await facts.presentSeats(w.db, meetingId)).toEqual(
      expect.arrayContaining([{ municipalityCode: 791, personId: w.id.viborgDeputy, asDeputy: true }]),
    );
    expect(await facts.absentMembers(w.db, meetingId)).toEqual([{ municipalityCode: 791, personId: w.id.viborg }]);
    expect(await facts.memberAttendance(w.db, meetingId, 791)).toBe('absent');
    expect(await facts.memberAttendance(w.db, meetingId, 751)).toBe('unknown');
  });

  it('changes nothing for a press that holds already, and refuses people without a seat', async () => {
    const before = await rows(w.db, 'SELECT * FROM meeting_attendance');
    const again = await w.t.execute(w.oid.viborg, MEETINGS_VERBS.attendance, { meetingId, status: 'afbud' });
    expect(textOf(again.body.value)).toContain('Du har meldt afbud.');
    const notCalled = await w.t.execute(w.oid.furesoeDeputy, MEETINGS_VERBS.attendance, { meetingId, status: 'afbud' });
    expect(textOf(notCalled.body.value)).toContain('indkaldes, hvis Frida Medlem melder afbud');
    for (const key of ['rep', 'agent', 'secretary'] as const) {
      const refused = await w.t.execute(w.oid[key], MEETINGS_VERBS.attendance, { meetingId, status: 'afbud' });
      expect(textOf(refused.body)).toContain('Kun styregruppens medlemmer og suppleanter');
    }
    const unknown = await w.t.execute(w.oid.rep, MEETINGS_VERBS.attendance, { meetingId: 99999, status: 'afbud' });
    expect(textOf(unknown.body)).toContain('Kun styregruppens medlemmer og suppleanter');
    expect(await rows(w.db, 'SELECT * FROM meeting_attendance')).toEqual(before);
  });

  it('warns the secretariat in advance when expected attendance falls below quorum, and when it is back', async () => {
    await press('odder', 'afbud');
    // A double press of "Meld afbud" (two devices, a Teams retry) acts once: both see it, the deputy is called in once.
    const data = buttonData('furesoe', 'afbud');
    const answers = await Promise.all([0, 1].map(() => w.t.execute(w.oid.furesoe, MEETINGS_VERBS.attendance, data)));
    for (const res of answers) expect(textOf(res.body.value)).toContain('Du har meldt afbud.');
    await w.t.runJobs();
    expect(sentCards(w.t, w.chat('furesoeDeputy'), 'Du er indkaldt')).toHaveLength(1);
    expect(sentCards(w.t, SECRETARIAT_CHAT, 'Beslutningsdygtighed')).toHaveLength(0);
    await press('furesoeDeputy', 'afbud');
    await w.t.runJobs();
    const warnings = sentCards(w.t, SECRETARIAT_CHAT, 'Beslutningsdygtighed');
    expect(warnings).toHaveLength(1);
    expect(textOf(warnings[0])).toContain('ikke beslutningsdygtig: 2 af 4 pladser forventes, der skal 3 til');
    await press('furesoe', 'deltager');
    await w.t.runJobs();
    expect(sentCards(w.t, SECRETARIAT_CHAT, 'Beslutningsdygtighed')).toHaveLength(1);
    expect(textOf(latestCard(w.t, SECRETARIAT_CHAT, 'Beslutningsdygtighed'))).toContain('igen beslutningsdygtig');
  });

  it('keeps the UID and raises SEQUENCE when the meeting moves; METHOD:CANCEL when it is cancelled', async () => {
    const before = await ics('chair');
    const card = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.open, { meetingId })).body.value;
    await w.t.execute(
      w.oid.secretary,
      MEETINGS_VERBS.change,
      pressData(card, MEETINGS_VERBS.change, { ...inputValues(card), date: '2027-01-21' }),
    );
    await w.t.runJobs();
    const moved = await ics('chair');
    expect(moved.uid).toBe(before.uid);
    expect(moved.sequence).toBe(1);
    expect(moved.start).toBe('2027-01-21T09:00:00.000Z');
    const newId = (await rows(w.db, "SELECT id FROM meetings WHERE status = 'planlagt'"))[0].id;
    const current = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.open, { meetingId: newId })).body.value;
    await w.t.execute(w.oid.secretary, MEETINGS_VERBS.cancel, pressData(current, MEETINGS_VERBS.cancel));
    await w.t.runJobs();
    const cancelled = await ics('chair');
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.uid).toBe(before.uid);
    expect(cancelled.sequence).toBe(2);
  });
});
