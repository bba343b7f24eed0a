/** Typed builders for the agenda cards; the only agenda code that touches templates. */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../platform/bot-app.js';
import type { Meeting } from '../registry/registry-types.js';
import { formatDate, formatDateTime, formatTime } from '../shared/time.js';
import { markerText, type ItemStatus } from './agenda-domain.js';
import type { AgendaItem, PublishedItem } from './agenda-repository.js';

export const AGENDA_VERBS = {
  open: 'agenda.open',
  submit: 'agenda.submit',
  edit: 'agenda.edit',
  editOpen: 'agenda.edit-open',
  withdraw: 'agenda.withdraw',
  accept: 'agenda.accept',
  reject: 'agenda.reject',
  move: 'agenda.move',
  nextMeeting: 'agenda.next-meeting',
  overview: 'agenda.overview',
  publish: 'agenda.publish',
} as const;

const FORM_FIELDS = [
  'meetingId',
  'title',
  'markers',
  'presenter',
  'introduction',
  'recommendation',
  'attachment1Name',
  'attachment1Url',
  'attachment2Name',
  'attachment2Url',
  'sub1Title',
  'sub1Markers',
  'sub2Title',
  'sub2Markers',
];

export interface MeetingChoice {
  title: string;
  value: string;
}

export function meetingChoice(m: Meeting, deadline: Date): MeetingChoice {
  return {
    title: `Styregruppemøde ${formatDate(m.startsAt)} ${formatTime(m.startsAt)} (frist ${formatDate(deadline)})`,
    value: String(m.id),
  };
}

export function buildAgendaFormCard(input: {
  meetings: MeetingChoice[];
  draft: Record<string, unknown>;
  problems: string[];
  deadlineDays: number;
  editing?: { itemId: number; version: number };
}): Card {
  return expandCard('agenda-form', {
    meetings: input.meetings,
    // Every field the template binds must exist: the templating library leaves unknown ${...} as literal text.
    draft: { ...Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])), ...input.draft },
    problems: input.problems,
    deadlineDays: input.deadlineDays,
    submitVerb: input.editing ? AGENDA_VERBS.edit : AGENDA_VERBS.submit,
    itemId: input.editing ? String(input.editing.itemId) : '',
    version: input.editing ? String(input.editing.version) : '',
  });
}

const STATUS_TEXT: Record<ItemStatus, { text: string; color: string }> = {
  indsendt: { text: 'Status: indsendt, afventer sekretariatet', color: 'Default' },
  godkendt: { text: 'Status: godkendt til dagsordenen', color: 'Good' },
  afvist: { text: 'Status: afvist', color: 'Attention' },
  trukket: { text: 'Status: trukket tilbage', color: 'Warning' },
};

interface ItemCardInput {
  heading: string;
  item: AgendaItem;
  meeting: Meeting;
  deadline: Date;
  submitter: string;
  actions: { title: string; verb: string; data?: Record<string, unknown> }[];
  review?: { meetings: MeetingChoice[] };
}

export function buildAgendaItemCard(i: ItemCardInput): Card {
  const status = STATUS_TEXT[i.item.status];
  const reason = i.item.reason ? ` (${i.item.reason})` : '';
  return expandCard('agenda-item', {
    heading: i.heading,
    item: {
      title: i.item.title,
      markerText: markerText(i.item.markers),
      introduction: i.item.introduction,
      recommendation: i.item.recommendation,
      subItems: i.item.subItems.map((s, n) => ({
        letter: String.fromCharCode(97 + n),
        title: s.title,
        markerText: markerText(s.markers),
      })),
      attachments: i.item.attachments,
    },
    facts: [
      {
        title: 'Møde',
        value: `${formatDate(i.meeting.startsAt)} ${formatTime(i.meeting.startsAt)}, ${i.meeting.place}`,
      },
      { title: 'Frist', value: formatDateTime(i.deadline) },
      { title: 'Punkt nr.', value: `#${i.item.id}${i.item.late ? ' (sent punkt)' : ''}` },
      { title: 'V/', value: i.item.presenter },
      { title: 'Indsendt af', value: i.submitter },
      { title: 'Bilag', value: i.item.attachments.length ? `${i.item.attachments.length}` : 'nej' },
    ],
    status: `${status.text}${reason}`,
    statusColor: status.color,
    review: Boolean(i.review),
    meetings: i.review?.meetings ?? [],
    actions: i.actions.map((a) => ({ ...a, data: { ...(a.data ?? {}), itemId: i.item.id, version: i.item.version } })),
  });
}

export function buildPublishedAgendaCard(input: {
  meeting: Meeting;
  place: string;
  items: PublishedItem[];
  documentUrl: string;
}): Card {
  return expandCard('agenda-published', {
    date: formatDate(input.meeting.startsAt),
    time: `${formatTime(input.meeting.startsAt)}–${formatTime(input.meeting.endsAt).replace('kl. ', '')}`,
    place: input.place,
    items: input.items.map((it) => ({
      number: it.number,
      title: it.title,
      markerText: it.markers.length ? markerText(it.markers) : '',
    })),
    documentUrl: input.documentUrl,
    // Decision items get a button to start the committee's vote (the voting capability checks who may).
    decisionItems: input.items
      .filter((it) => it.itemId !== null && it.markers.includes('B'))
      .map((it) => ({ number: it.number, itemId: String(it.itemId) })),
  });
}
