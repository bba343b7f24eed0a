/**
 * The agenda's card builders: views in, cards out. The only agenda code that touches templates, chooses verbs
 * and formats times (Copenhagen). Cards from the message template go through buildMessageCard.
 */
import { MENU_VERB } from '../platform/bot-app.js';
import type { Card } from '../ui/card.js';
import { expandCard } from '../ui/card-template.js';
import { buildMessageCard, type CardButton } from '../ui/message-card.js';
import { formatDate, formatDateTime, formatTime } from '../shared/time.js';
import { deadlinePassedMessage, markerText, type ItemStatus } from './agenda-domain.js';
import { DRAFT_FIELDS } from './agenda-draft.js';
import type {
  AgendaFormView,
  AgendaItemView,
  AgendaOverviewView,
  DeadlineReminderView,
  LateSubmissionView,
  MeetingOption,
  PublishedAgendaView,
  SubmissionOutcome,
} from './agenda-views.js';

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

const meetingChoice = (m: MeetingOption) => ({
  title: `Styregruppemøde ${formatDate(m.startsAt)} ${formatTime(m.startsAt)} (frist ${formatDate(m.deadline)})`,
  value: String(m.meetingId),
});

/** cards/agenda-form.json: a new item, or a submitted one being changed. */
export function buildAgendaFormCard(view: AgendaFormView): Card {
  return expandCard('agenda-form', {
    meetings: view.meetings.map(meetingChoice),
    // Every field the template binds must exist: the templating library leaves unknown ${...} as literal text.
    draft: { ...Object.fromEntries(DRAFT_FIELDS.map((f) => [f, ''])), ...view.draft },
    problems: view.problems,
    deadlineDays: view.deadlineDays,
    submitVerb: view.editing ? AGENDA_VERBS.edit : AGENDA_VERBS.submit,
    menuVerb: MENU_VERB,
    itemId: view.editing ? String(view.editing.itemId) : '',
    version: view.editing ? String(view.editing.version) : '',
  });
}

const STATUS_TEXT: Record<ItemStatus, { text: string; color: string }> = {
  indsendt: { text: 'Status: indsendt, afventer sekretariatet', color: 'Default' },
  godkendt: { text: 'Status: godkendt til dagsordenen', color: 'Good' },
  afvist: { text: 'Status: afvist', color: 'Attention' },
  trukket: { text: 'Status: trukket tilbage', color: 'Warning' },
};

function itemButtons(view: AgendaItemView): CardButton[] {
  if (view.audience === 'reviewer')
    return view.reviewable
      ? [
          { title: 'Godkend', verb: AGENDA_VERBS.accept },
          { title: 'Afvis', verb: AGENDA_VERBS.reject },
          { title: 'Flyt til valgt møde', verb: AGENDA_VERBS.move },
        ]
      : [];
  return view.changeable
    ? [
        { title: 'Ret punktet', verb: AGENDA_VERBS.editOpen },
        { title: 'Træk punktet tilbage', verb: AGENDA_VERBS.withdraw },
      ]
    : [];
}

/** cards/agenda-item.json: the submitter's receipt, or the review card with the reason and the meeting to move to. */
export function buildAgendaItemCard(view: AgendaItemView): Card {
  const { item, meeting } = view;
  const review = view.audience === 'reviewer';
  const status = STATUS_TEXT[item.status];
  const reason = item.reason ? ` (${item.reason})` : '';
  return expandCard('agenda-item', {
    heading: review ? `Nyt dagsordenspunkt${item.late ? ' (SENT PUNKT)' : ''}` : 'Kvittering: dagsordenspunkt',
    item: {
      title: item.title,
      markerText: markerText(item.markers),
      introduction: item.introduction,
      recommendation: item.recommendation,
      subItems: item.subItems.map((sub, n) => ({
        letter: String.fromCharCode(97 + n),
        title: sub.title,
        markerText: markerText(sub.markers),
      })),
      attachments: item.attachments,
    },
    facts: [
      { title: 'Møde', value: `${formatDate(meeting.startsAt)} ${formatTime(meeting.startsAt)}, ${meeting.place}` },
      { title: 'Frist', value: formatDateTime(view.deadline) },
      { title: 'Punkt nr.', value: `#${item.id}${item.late ? ' (sent punkt)' : ''}` },
      { title: 'V/', value: item.presenter },
      { title: 'Indsendt af', value: view.submitterName ?? 'ukendt' },
      { title: 'Bilag', value: item.attachments.length ? `${item.attachments.length}` : 'nej' },
    ],
    status: `${status.text}${reason}`,
    statusColor: status.color,
    review,
    meetings: review ? view.moveTargets.map(meetingChoice) : [],
    actions: itemButtons(view).map((b) => ({ ...b, data: { itemId: item.id, version: item.version } })),
  });
}

/** The message card refusing a late item: the deadline, the next open meeting with one press, or the draft. */
export function buildLateSubmissionCard(view: LateSubmissionView): Card {
  const next = view.nextMeeting;
  return buildMessageCard({
    title: 'Fristen er overskredet',
    text: deadlinePassedMessage(view.meetingStartsAt, view.deadline),
    tone: 'warning',
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
      { title: 'Ret kladden', verb: AGENDA_VERBS.open },
    ],
  });
}

/** The receipt, or the form again with what is missing, or the late refusal. */
export function buildSubmissionOutcomeCard(outcome: SubmissionOutcome): Card {
  if (outcome.kind === 'submitted') return buildAgendaItemCard(outcome.receipt);
  if (outcome.kind === 'incomplete') return buildAgendaFormCard(outcome.form);
  return buildLateSubmissionCard(outcome.refusal);
}

/** The message card listing the coming meetings, each with its counts and a button to publish its agenda. */
export function buildAgendaOverviewCard(view: AgendaOverviewView): Card {
  return buildMessageCard({
    title: 'Dagsordener',
    text: view.meetings.length ? 'Kommende styregruppemøder:' : 'Der er ingen planlagte styregruppemøder.',
    lines: view.meetings.map((m) => `${formatDate(m.startsAt)}: ${m.accepted} godkendt, ${m.waiting} venter`),
    actions: view.meetings.map((m) => ({
      title: `Udgiv dagsorden ${formatDate(m.startsAt)}`,
      verb: AGENDA_VERBS.publish,
      data: { meetingId: m.meetingId },
    })),
  });
}

/**
 * cards/agenda-published.json. Decision (B) items get a button to start the committee's vote when the module is
 * given the verb that does it (voting's, passed in by the composition root); voting checks who may press it.
 */
export function buildPublishedAgendaCard(view: PublishedAgendaView, links: { startVoteVerb: string | null }): Card {
  const { meeting, items } = view;
  return expandCard('agenda-published', {
    date: formatDate(meeting.startsAt),
    time: `${formatTime(meeting.startsAt)}–${formatTime(meeting.endsAt).replace('kl. ', '')}`,
    place: view.placeLine,
    items: items.map((it) => ({
      number: it.number,
      title: it.title,
      markerText: it.markers.length ? markerText(it.markers) : '',
    })),
    documentUrl: view.documentUrl,
    decisionItems: links.startVoteVerb
      ? items
          .filter((it) => it.itemId !== null && it.markers.includes('B'))
          .map((it) => ({ number: it.number, itemId: String(it.itemId), verb: links.startVoteVerb }))
      : [],
  });
}

/** The message card reminding the representatives of a meeting's deadline for items. */
export function buildDeadlineReminderCard(view: DeadlineReminderView): Card {
  return buildMessageCard({
    title: `Påmindelse: frist for dagsordenspunkter ${formatDate(view.deadline)}`,
    text: `Styregruppen mødes ${formatDate(view.meetingStartsAt)}. Punkter skal være sekretariatet i hænde senest ${formatDate(view.deadline)} kl. 23:59.`,
    actions: [{ title: 'Nyt dagsordenspunkt', verb: AGENDA_VERBS.open }],
  });
}
