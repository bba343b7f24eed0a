/**
 * The meetings' card builders for the typed-text table (tests/cards/typed-text.test.ts): the place, the online link,
 * names, decisions and follow-up points as people typed them, shown as text on every card.
 */
import type { TypedTextCase } from '../support/typed-text.js';
import {
  buildCalendarCard,
  buildChangeNoticeCard,
  buildInvitationCard,
  buildMeetingCard,
  buildNoticeCard,
} from '../../src/meetings/meetings-cards.js';
import { buildFollowUpCard, buildMinutesCard } from '../../src/meetings/meetings-minutes-cards.js';
import type { MeetingSummary } from '../../src/meetings/meetings-views.js';
import type { FollowUp } from '../../src/meetings/meetings-minutes-repository.js';

const summary = (typed: string): MeetingSummary => ({
  meetingId: 7,
  kind: 'styregruppe',
  startsAt: new Date('2027-01-14T09:00:00Z'),
  endsAt: new Date('2027-01-14T14:00:00Z'),
  place: typed,
  hostCode: 791,
  hostName: 'Viborg',
  status: 'planlagt',
  movedToMeetingId: null,
  sequence: 1,
  onlineUrl: `https://teams.microsoft.com/l/${encodeURIComponent(typed)}`,
});

const followUp = (typed: string): FollowUp => ({
  id: 3,
  meetingId: 7,
  meetingStartsAt: new Date('2027-01-14T09:00:00Z'),
  itemNumber: '4',
  text: typed,
  ownerPersonId: 2,
  ownerName: typed,
  dueOn: '2027-03-01',
  status: 'aaben',
  version: 1,
});

export const TYPED_TEXT_CASES: TypedTextCase[] = [
  {
    name: 'meetings calendar (place)',
    build: (typed) =>
      buildCalendarCard({
        year: 2027,
        meetings: [summary(typed)],
        check: { counts: { styregruppe: 1, repraesentantskab: 0 }, problems: [] },
        targets: { styregruppe: 8, repraesentantskab: 2 },
        suggestedHosts: [],
        hostChoices: [],
        notice: null,
      }),
  },
  {
    name: 'meetings meeting card (place, link, attendance lines)',
    build: (typed) =>
      buildMeetingCard({
        meeting: { ...summary(typed), onlineUrl: `https://eksempel.dk/${typed}` },
        invited: 7,
        invitationsPending: 0,
        attendanceLines: [`${typed}, Viborg: afbud`],
        quorum: { seats: 4, expected: 3, needed: 3, met: true },
        held: false,
        minutesStatus: null,
        hostChoices: [],
        notice: null,
      }),
  },
  {
    name: 'meetings invitation (place, names)',
    build: (typed) =>
      buildInvitationCard({
        meeting: summary(typed),
        placeLine: typed,
        personId: 2,
        capacity: 'medlem',
        municipalityName: 'Viborg',
        memberStatus: 'afbud',
        deputyStatus: 'indkaldt',
        otherName: typed,
        held: false,
        icsUrl: 'https://ddh.example/api/meetings/7/invitation.ics?sig=x',
        joinUrl: null,
        agendaUrl: null,
      }),
  },
  {
    name: 'meetings change notice (place)',
    build: (typed) =>
      buildChangeNoticeCard({
        kind: 'flyttet',
        before: summary(typed),
        after: summary(typed),
        placeLine: typed,
        submitter: true,
        invitee: true,
        itemsMovedTo: null,
      }),
  },
  {
    name: 'meetings notice (paragraphs, details)',
    build: (typed) =>
      buildNoticeCard({
        heading: 'Beslutningsdygtighed',
        statusText: typed,
        statusStyle: 'attention',
        paragraphs: [typed],
        details: [{ label: 'Sted:', value: typed }],
      }),
  },
  {
    name: 'meetings minutes (item title, decision, follow-up, owner)',
    build: (typed) =>
      buildMinutesCard({
        meeting: summary('Aarhus Rådhus'),
        minutes: {
          meetingId: 7,
          status: 'sendt',
          version: 2,
          sentAt: null,
          approvedAt: null,
          items: [
            { number: '4', agendaItemId: 1, title: typed, markers: ['B'], decision: typed, decisionSource: 'referent' },
          ],
        },
        followUps: [followUp(typed)],
        ownerChoices: [{ personId: 2, name: typed }],
        documentUrl: 'https://ddh.example/api/meetings/7/referat.docx?v=2&sig=x',
        notice: null,
      }),
  },
  {
    name: 'meetings approved minutes (decision shown as text)',
    build: (typed) =>
      buildMinutesCard({
        meeting: summary('Aarhus Rådhus'),
        minutes: {
          meetingId: 7,
          status: 'godkendt',
          version: 3,
          sentAt: null,
          approvedAt: null,
          items: [
            { number: '4', agendaItemId: 1, title: 'x', markers: [], decision: typed, decisionSource: 'referent' },
          ],
        },
        followUps: [],
        ownerChoices: [],
        documentUrl: 'https://ddh.example/api/meetings/7/referat.docx?v=3&sig=x',
        notice: null,
      }),
  },
  {
    name: 'meetings follow-up point (text, owner)',
    build: (typed) => buildFollowUpCard({ followUp: followUp(typed), notice: null }),
  },
];
