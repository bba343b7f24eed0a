/**
 * Moving a meeting keeps every agenda item and its state (issue 20's first finding): three accepted items move with
 * it, and each submitter and each invitee gets one message. The agenda moves the items (moveItemsToMeeting in
 * agenda-public); until that is on main and wired in src/app/capabilities.ts, the test through the real app is a
 * todo and meetings' side is tested with a minimal agenda neighbour that moves the rows.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.js';
import { MEETINGS_VERBS } from '../../src/meetings/meetings-cards.js';
import { createMeetingsModule, type MeetingsModule } from '../../src/meetings/meetings-module.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import {
  inputValues,
  pressData,
  rows,
  sentCards,
  startMeetingsWorld,
  textOf,
  type MeetingsWorld,
} from './meetings-fixtures.js';

/** The smallest agenda that keeps items and their state: their rows follow the meeting. */
const minimalAgenda = {
  async moveItemsToMeeting(tx: Queryable, fromMeetingId: number, toMeetingId: number): Promise<number[]> {
    const moved = await tx.query<{ submitter_person_id: number | null }>(
      'UPDATE agenda_items SET meeting_id = $2, version = version + 1 WHERE meeting_id = $1 RETURNING submitter_person_id',
      [fromMeetingId, toMeetingId],
    );
    return [...new Set(moved.rows.map((row) => row.submitter_person_id).filter((id) => id !== null))];
  },
};

async function addAcceptedItems(db: Queryable, meetingId: number, submitters: number[]): Promise<void> {
  for (const [n, personId] of submitters.entries())
    await db.query(
      `INSERT INTO agenda_items (meeting_id, submitter_person_id, title, markers, presenter, status, submitted_at)
       VALUES ($1, $2, $3, '{O,B}', 'Sekretariatet', 'godkendt', now())`,
      [meetingId, personId, `Punkt ${n + 1}`],
    );
}

describe.each(testDatabases())('moving a meeting with its items on %s', (kind) => {
  let w: MeetingsWorld;
  let meetings: MeetingsModule;
  let submitter: number;
  const invitees = ['chair', 'viborg', 'viborgDeputy', 'furesoe', 'furesoeDeputy', 'odder', 'secretary'] as const;

  beforeAll(async () => {
    w = await startMeetingsWorld(kind);
    const person = await addPerson(w.db, { name: 'Sofie Indsender', roles: [[190, 'repraesentant']] });
    submitter = person.id;
    await addConversation(w.db, w.t.connector.url, { id: 'personal-sofie', personId: person.id });
    meetings = createMeetingsModule(
      w.t.deps,
      {
        baseUrl: 'http://127.0.0.1:3978',
        linkSecret: 'meetings-test-secret-0123456789',
        targets: { styregruppe: 8, repraesentantskab: 2 },
        quorumShare: 0.5,
        followUpReminderDays: [7, 0],
        organizer: { name: 'DDH-sekretariatet', email: 'ddh@eksempel.dk' },
        online: null,
      },
      { agenda: minimalAgenda },
    );
  });
  afterAll(() => w.t.stop());

  it('moves all three accepted items and sends one message per submitter and invitee', async () => {
    const secretary = await w.actor('secretary');
    const meeting = await addMeeting(w.db, { startsAt: '2027-01-14T09:00:00Z', place: 'Viborg Rådhus', host: 791 });
    await addAcceptedItems(w.db, meeting.id, [submitter, submitter, w.id.viborg]);
    await meetings.calendar.invite(secretary, meeting.id, 0);
    await w.t.runJobs();

    const view = await meetings.changes.change(secretary, meeting.id, 0, {
      date: '2027-01-28',
      startTime: '10:00',
      endTime: '15:00',
      place: 'Viborg Rådhus',
      host: '791',
      onlineUrl: '',
    });
    expect(view.notice).toBe('Mødet er flyttet. 8 personer får besked.');
    const moved = view.meeting.meetingId;
    const items = await rows(w.db, 'SELECT meeting_id, status FROM agenda_items ORDER BY id');
    expect(items).toEqual([0, 1, 2].map(() => ({ meeting_id: moved, status: 'godkendt' })));
    await w.t.runJobs();
    const toSubmitter = sentCards(w.t, 'personal-sofie');
    expect(toSubmitter).toHaveLength(1);
    expect(textOf(toSubmitter[0])).toContain('Dine dagsordenspunkter følger med mødet og beholder deres status.');
    for (const key of invitees) expect(sentCards(w.t, w.chat(key), 'Flyttet')).toHaveLength(1);
    expect(textOf(sentCards(w.t, w.chat('viborg'), 'Flyttet')[0])).toContain('Dine dagsordenspunkter følger med');
  });

  it('moves a cancelled meeting’s items to the next meeting, telling each submitter once', async () => {
    const secretary = await w.actor('secretary');
    const first = await addMeeting(w.db, { startsAt: '2027-03-11T09:00:00Z', place: 'Odder Rådhus', host: 727 });
    const next = await addMeeting(w.db, { startsAt: '2027-04-15T08:00:00Z', place: 'Furesø Rådhus', host: 190 });
    await addAcceptedItems(w.db, first.id, [submitter]);
    const view = await meetings.changes.cancel(secretary, first.id, 0);
    expect(view.notice).toBe('Mødet er aflyst. 1 person får besked.');
    expect(
      await rows(w.db, 'SELECT meeting_id FROM agenda_items WHERE meeting_id IN ($1, $2)', [first.id, next.id]),
    ).toEqual([{ meeting_id: next.id }]);
    await w.t.runJobs();
    expect(textOf(sentCards(w.t, 'personal-sofie').at(-1))).toContain(
      'Dine dagsordenspunkter er flyttet til Styregruppemøde 15.04.2027',
    );
  });

  const agendaWired = readFileSync('src/agenda/agenda-public.ts', 'utf8').includes('moveItemsToMeeting');
  const throughTheApp = 'through the real app: 3 accepted items move with the meeting, one message per submitter';
  // The agenda's moveItemsToMeeting is not on main yet (docs/meetings.md, "Neighbours"); this runs once it is wired.
  if (!agendaWired) it.todo(throughTheApp);
  else
    it(throughTheApp, async () => {
      const meeting = await addMeeting(w.db, { startsAt: '2027-05-20T08:00:00Z', place: 'Aarhus Rådhus', host: 751 });
      await addAcceptedItems(w.db, meeting.id, [submitter, submitter, w.id.viborg]);
      const card = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.open, { meetingId: meeting.id })).body.value;
      await w.t.execute(
        w.oid.secretary,
        MEETINGS_VERBS.change,
        pressData(card, MEETINGS_VERBS.change, { ...inputValues(card), date: '2027-05-27' }),
      );
      const items = await rows(
        w.db,
        'SELECT m.starts_at, i.status FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id WHERE i.title LIKE $1',
        ['Punkt %'],
      );
      expect(items.filter((i) => new Date(i.starts_at).toISOString().startsWith('2027-05-27'))).toHaveLength(3);
      await w.t.runJobs();
      expect(sentCards(w.t, 'personal-sofie', 'Flyttet: Styregruppemøde 20.05.2027')).toHaveLength(1);
    });
});
