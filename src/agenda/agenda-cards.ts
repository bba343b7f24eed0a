/**
 * The agenda's card builders for items: the form, the receipt and review card, the work queue "Til behandling" and
 * the late refusal. Views in, cards out; the only agenda code (with agenda-meeting-cards.ts) that touches
 * templates, chooses verbs and formats times (Copenhagen). Typed text goes into TextRuns and input values, or
 * through plainText where a template shows it in a FactSet.
 */
import { MENU_VERB } from '../platform/bot-app.js';
import type { Card } from '../ui/card.js';
import { expandCard } from '../ui/card-template.js';
import { plainText } from '../ui/plain-text.js';
import { countNoun, formatNumber } from '../shared/danish.js';
import { formatDate, formatDateTime, formatTime } from '../shared/time.js';
import { deadlinePassedMessage, LIMITS, markerText, subItemLetter, type ItemStatus } from './agenda-domain.js';
import { ITEM_FIELDS, subField, subSlotsOf } from './agenda-draft.js';
import type {
  AgendaFormView,
  AgendaItemView,
  LateSubmissionView,
  MeetingOption,
  ReviewQueueView,
  SubmissionOutcome,
} from './agenda-views.js';

export const AGENDA_VERBS = {
  open: 'agenda.open',
  submit: 'agenda.submit',
  addSubItem: 'agenda.add-sub-item',
  edit: 'agenda.edit',
  editOpen: 'agenda.edit-open',
  withdraw: 'agenda.withdraw',
  accept: 'agenda.accept',
  reject: 'agenda.reject',
  move: 'agenda.move',
  queue: 'agenda.queue',
  nextMeeting: 'agenda.next-meeting',
  overview: 'agenda.overview',
  publish: 'agenda.publish',
  order: 'agenda.order',
  moveItem: 'agenda.order-item',
  moveSubItem: 'agenda.order-sub-item',
} as const;

/** Every Action.Execute says which inputs it sends: 'auto' for the one that submits them, 'none' otherwise. */
type Inputs = 'auto' | 'none';
interface Button {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  inputs: Inputs;
  style: 'positive' | 'destructive' | 'default';
}

export const meetingTitle = (startsAt: Date) => `Styregruppemøde ${formatDate(startsAt)} ${formatTime(startsAt)}`;
export const meetingChoice = (m: MeetingOption) => ({
  title: `${meetingTitle(m.startsAt)} (frist ${formatDate(m.deadline)})`,
  value: String(m.meetingId),
});
const MARKER_CHOICES = [
  { title: '(O) Orientering', value: 'O' },
  { title: '(D) Drøftelse', value: 'D' },
  { title: '(B) Beslutning', value: 'B' },
];

/** cards/agenda-form.json: a new item, or a submitted one being changed; as many sub-item slots as asked for. */
export function buildAgendaFormCard(view: AgendaFormView): Card {
  const draft = view.draft;
  const slots = subSlotsOf(draft);
  const editing = view.editing ? { itemId: view.editing.itemId, version: view.editing.version } : {};
  return expandCard('agenda-form', {
    meetings: view.meetings.map(meetingChoice),
    // Every field the template binds must exist: the templating library leaves unknown ${...} as literal text.
    draft: { ...Object.fromEntries(ITEM_FIELDS.map((field) => [field, ''])), ...draft },
    markerChoices: MARKER_CHOICES,
    subItems: Array.from({ length: slots }, (_, n) => ({
      heading: `Underpunkt ${subItemLetter(n)}`,
      titleId: subField(n + 1, 'Title'),
      markersId: subField(n + 1, 'Markers'),
      textId: subField(n + 1, 'Text'),
      title: draft[subField(n + 1, 'Title')] ?? '',
      markers: draft[subField(n + 1, 'Markers')] ?? '',
      text: draft[subField(n + 1, 'Text')] ?? '',
    })),
    problems: view.problems,
    deadlineDays: view.deadlineDays,
    addSubItem:
      slots < LIMITS.subItems
        ? [
            {
              title: 'Tilføj underpunkt',
              verb: AGENDA_VERBS.addSubItem,
              data: { subCount: String(slots), ...editing },
            },
          ]
        : [],
    submit: { verb: view.editing ? AGENDA_VERBS.edit : AGENDA_VERBS.submit, data: editing },
    menuVerb: MENU_VERB,
  });
}

const STATUS: Record<ItemStatus, { text: string; style: 'emphasis' | 'good' | 'attention' | 'warning' }> = {
  indsendt: { text: 'Status: afventer behandling i sekretariatet', style: 'emphasis' },
  godkendt: { text: 'Status: godkendt til dagsordenen', style: 'good' },
  afvist: { text: 'Status: afvist', style: 'attention' },
  trukket: { text: 'Status: trukket tilbage af indsenderen', style: 'warning' },
};

/** What the status box says besides the status: the reason for a rejection, or that the item was moved. */
function statusDetail(view: AgendaItemView): string {
  const reason = view.item.reason;
  if (!reason || view.item.status === 'trukket' || view.item.status === 'godkendt') return '';
  return view.item.status === 'afvist' ? `Begrundelse: ${reason}` : `Bemærkning: ${reason}`;
}

function itemButtons(view: AgendaItemView, extra: Record<string, unknown>): Button[] {
  const data = { itemId: view.item.id, version: view.item.version, ...extra };
  if (view.audience === 'reviewer')
    return view.reviewable
      ? [
          { title: 'Godkend', verb: AGENDA_VERBS.accept, data, inputs: 'none', style: 'positive' },
          { title: 'Afvis', verb: AGENDA_VERBS.reject, data, inputs: 'auto', style: 'destructive' },
          ...(view.moveTargets.length
            ? [
                {
                  title: 'Flyt til valgt møde',
                  verb: AGENDA_VERBS.move,
                  data,
                  inputs: 'auto' as const,
                  style: 'default' as const,
                },
              ]
            : []),
        ]
      : [];
  return view.changeable
    ? [
        { title: 'Ret punktet', verb: AGENDA_VERBS.editOpen, data, inputs: 'none', style: 'default' },
        { title: 'Træk punktet tilbage', verb: AGENDA_VERBS.withdraw, data, inputs: 'none', style: 'default' },
      ]
    : [];
}

/** Input ids carry the item's id, so the queue can hold many items' inputs on one card. */
export const reasonInputId = (itemId: number) => `reason-${itemId}`;
export const targetInputId = (itemId: number) => `targetMeetingId-${itemId}`;

/**
 * One item as the receipt, the review card and each entry of the queue show it. The queue and the delivered
 * review card are both built from this, so they never disagree; `extra` goes into the buttons' data.
 */
export function itemSection(view: AgendaItemView, extra: Record<string, unknown> = {}) {
  const { item, meeting } = view;
  const decidable = view.audience === 'reviewer' && view.reviewable;
  return {
    title: item.title,
    markerText: markerText(item.markers),
    introduction: item.introduction,
    recommendation: item.recommendation,
    subItems: item.subItems.map((sub, n) => ({
      letter: subItemLetter(n),
      title: sub.title,
      markerText: markerText(sub.markers),
      text: sub.text,
    })),
    attachments: item.attachments,
    facts: [
      { title: 'Møde', value: `${meetingTitle(meeting.startsAt)}, ${plainText(meeting.place)}` },
      { title: 'Frist', value: formatDateTime(view.deadline) },
      { title: 'Punkt nr.', value: `${item.id}${item.late ? ' (sent punkt)' : ''}` },
      { title: 'V/', value: plainText(item.presenter) },
      {
        title: 'Indsendt af',
        value: plainText(view.submitterName ?? (item.submitterPersonId ? 'ukendt' : 'DDH-botten')),
      },
      { title: 'Bilag', value: item.attachments.length ? countNoun(item.attachments.length, 'bilag', 'bilag') : 'nej' },
    ],
    notice: view.notice ?? '',
    status: STATUS[item.status].text,
    statusStyle: STATUS[item.status].style,
    statusDetail: statusDetail(view),
    // Inputs only while there is something to decide: a decided item's card shows the outcome, nothing to fill in.
    decidable,
    reasonId: reasonInputId(item.id),
    targetId: targetInputId(item.id),
    meetings: decidable ? view.moveTargets.map(meetingChoice) : [],
    actions: itemButtons(view, extra),
  };
}

const built = new WeakMap<AgendaItemView, Card>();

/**
 * cards/agenda-item.json: the submitter's receipt, or the review card with the reason and the meeting to move to.
 * Built once per view: the copy sent to a chat and the answer to the press are the same card.
 */
export function buildAgendaItemCard(view: AgendaItemView): Card {
  let card = built.get(view);
  if (!card) {
    const review = view.audience === 'reviewer';
    card = expandCard('agenda-item', {
      heading: review ? `Nyt dagsordenspunkt${view.item.late ? ' (sent punkt)' : ''}` : 'Kvittering: dagsordenspunkt',
      item: itemSection(view),
    });
    built.set(view, card);
  }
  return card;
}

/**
 * Teams refuses a card much over 28 KB; the queue shows as many items as fit well under that (soonest meeting
 * first), and says how many more wait: they appear as the ones shown are decided.
 */
const QUEUE_BYTES = 22_000;
// What the template adds around one item's data: containers, inputs, buttons.
const SECTION_OVERHEAD_BYTES = 2_500;

/** cards/agenda-queue.json: "Til behandling", each item as on its review card, per meeting. */
export function buildReviewQueueCard(view: ReviewQueueView): Card {
  const waiting = view.meetings.reduce((n, m) => n + m.items.length, 0);
  let budget = QUEUE_BYTES;
  let shown = 0;
  const meetings = [];
  for (const group of view.meetings) {
    const items = [];
    for (const item of group.items) {
      const section = itemSection(item, { queue: true });
      budget -= Buffer.byteLength(JSON.stringify(section)) + SECTION_OVERHEAD_BYTES;
      if (budget < 0 && shown > 0) break;
      items.push(section);
      shown++;
    }
    if (items.length)
      meetings.push({
        heading: `${meetingTitle(group.meeting.startsAt)} (frist ${formatDateTime(group.meeting.deadline)})`,
        items,
      });
    if (budget < 0) break;
  }
  const more = waiting - shown;
  return expandCard('agenda-queue', {
    summary: waiting
      ? `${countNoun(waiting, 'punkt venter', 'punkter venter')} på behandling.${more ? ` Her er de første ${formatNumber(shown)}; de næste kommer frem, når de er behandlet.` : ''}`
      : 'Ingen punkter venter på behandling.',
    last: view.last ? [lastDecisionText(view.last)] : [],
    meetings,
    menuVerb: MENU_VERB,
    refreshVerb: AGENDA_VERBS.queue,
  });
}

function lastDecisionText(last: NonNullable<ReviewQueueView['last']>): string {
  const what = `Punkt ${last.item.id} «${last.item.title}»`;
  if (last.decision === null) return `${what} var allerede behandlet eller ændret. Listen viser det, som det er nu.`;
  if (last.decision === 'move') return `${what} er flyttet til ${meetingTitle(last.meeting.startsAt).toLowerCase()}.`;
  return `${what} er ${last.decision === 'accept' ? 'godkendt til dagsordenen' : 'afvist'}.`;
}

/** cards/agenda-late.json: a late item refused; the next open meeting with one press, or the draft. */
export function buildLateSubmissionCard(view: LateSubmissionView): Card {
  const next = view.nextMeeting;
  return expandCard('agenda-late', {
    text: deadlinePassedMessage(view.meetingStartsAt, view.deadline),
    actions: [
      ...(next
        ? [
            {
              title: `Send til næste møde (${formatDateTime(next.startsAt)})`,
              verb: AGENDA_VERBS.nextMeeting,
              data: { meetingId: next.meetingId },
            },
          ]
        : []),
      { title: 'Ret kladden', verb: AGENDA_VERBS.open, data: {} },
      { title: 'Menu', verb: MENU_VERB, data: {} },
    ],
  });
}

/** The receipt (or review card), or the form again with what is missing, or the late refusal. */
export function buildSubmissionOutcomeCard(outcome: SubmissionOutcome): Card {
  if (outcome.kind === 'submitted') return buildAgendaItemCard(outcome.receipt);
  if (outcome.kind === 'incomplete') return buildAgendaFormCard(outcome.form);
  return buildLateSubmissionCard(outcome.refusal);
}
