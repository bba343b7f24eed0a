/**
 * The agenda's card builders for the typed-text table (tests/cards/typed-text.test.ts): every field a person typed
 * (title, presenter, introduction, recommendation, attachment names, sub-item titles and texts, reasons, names, the
 * meeting's place) holds the hostile string, and each card must show it as text.
 */
import type { TypedTextCase } from '../support/typed-text.js';
import { buildAgendaFormCard, buildAgendaItemCard, buildReviewQueueCard } from '../../src/agenda/agenda-cards.js';
import { buildAgendaOrderCard, buildPublishedAgendaCard } from '../../src/agenda/agenda-meeting-cards.js';
import type { AgendaItem } from '../../src/agenda/agenda-repository.js';
import type { AgendaItemView } from '../../src/agenda/agenda-views.js';
import type { Meeting } from '../../src/registry/registry-types.js';

const meeting = (typed: string, id = 3): Meeting => ({
  id,
  kind: 'styregruppe',
  startsAt: new Date('2026-12-10T09:00:00Z'),
  endsAt: new Date('2026-12-10T11:00:00Z'),
  place: typed,
  hostMunicipalityCode: 751,
  status: 'planlagt',
});

const item = (typed: string, status: AgendaItem['status'] = 'indsendt'): AgendaItem => ({
  id: 17,
  meetingId: 3,
  submitterPersonId: 5,
  title: typed,
  markers: ['O', 'B'],
  presenter: typed,
  introduction: typed,
  recommendation: typed,
  attachments: [{ name: typed, url: 'https://eksempel.dk/bilag.pdf' }],
  subItems: [{ title: typed, markers: ['O'], text: typed }],
  status,
  late: false,
  reason: status === 'indsendt' ? null : typed,
  position: null,
  version: 1,
  submittedAt: new Date('2026-11-20T09:00:00Z'),
});

const itemView = (typed: string, audience: AgendaItemView['audience'], status: AgendaItem['status']) => ({
  audience,
  item: item(typed, status),
  meeting: meeting(typed),
  deadline: new Date('2026-11-26T22:59:59Z'),
  submitterName: typed,
  changeable: status === 'indsendt',
  reviewable: status === 'indsendt',
  moveTargets: [
    { meetingId: 7, startsAt: new Date('2027-01-14T09:00:00Z'), deadline: new Date('2026-12-31T22:59:59Z') },
  ],
  notice: null,
});

export const TYPED_TEXT_CASES: TypedTextCase[] = [
  { name: 'agenda receipt', build: (typed) => buildAgendaItemCard(itemView(typed, 'submitter', 'indsendt')) },
  { name: 'agenda review card', build: (typed) => buildAgendaItemCard(itemView(typed, 'reviewer', 'indsendt')) },
  {
    name: 'agenda review card, rejected',
    build: (typed) => buildAgendaItemCard(itemView(typed, 'reviewer', 'afvist')),
  },
  {
    name: 'agenda queue "Til behandling"',
    build: (typed) =>
      buildReviewQueueCard({
        meetings: [
          {
            meeting: {
              meetingId: 3,
              startsAt: new Date('2026-12-10T09:00:00Z'),
              deadline: new Date('2026-11-26T22:59:59Z'),
            },
            items: [itemView(typed, 'reviewer', 'indsendt')],
          },
        ],
        last: { item: item(typed, 'godkendt'), meeting: meeting(typed), decision: 'accept' },
      }),
  },
  {
    name: 'agenda form with a kept draft',
    build: (typed) =>
      buildAgendaFormCard({
        meetings: [
          { meetingId: 3, startsAt: new Date('2026-12-10T09:00:00Z'), deadline: new Date('2026-11-26T22:59:59Z') },
        ],
        draft: {
          title: typed,
          presenter: typed,
          introduction: typed,
          sub1Title: typed,
          sub1Text: typed,
          attachment1Name: typed,
        },
        problems: ['Skriv en titel (mindst 3 tegn)'],
        deadlineDays: 14,
        editing: null,
      }),
  },
  {
    name: 'agenda order',
    build: (typed) => buildAgendaOrderCard({ meeting: meeting(typed), items: [item(typed, 'godkendt')], notice: null }),
  },
  {
    name: 'published agenda',
    build: (typed) =>
      buildPublishedAgendaCard(
        {
          meeting: meeting(typed),
          placeLine: typed,
          items: [
            {
              number: '4',
              itemId: 17,
              title: typed,
              markers: ['B'],
              presenter: typed,
              attachments: [],
              introduction: typed,
              recommendation: typed,
              subItems: [{ letter: 'a', title: typed, markers: ['O'], text: typed }],
            },
          ],
          documentUrl: 'https://ddh.eksempel.dk/api/agenda/3/dagsorden.docx?v=1&sig=x',
        },
        { startVoteVerb: 'vote.startFromItem' },
      ),
  },
];
