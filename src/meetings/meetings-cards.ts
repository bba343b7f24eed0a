/**
 * The meetings' card builders for the calendar side: the annual plan, one meeting for the secretariat, the
 * invitation and the notices. Views in, cards out; the only meetings code (with meetings-minutes-cards.ts) that
 * touches templates, chooses verbs and formats times. Everything a person typed goes into TextRun or input values.
 */
import type { Card } from '../ui/card.js';
import { expandCard } from '../ui/card-template.js';
import { countNoun, listWithAnd } from '../shared/danish.js';
import { formatDate, formatTime, localDateOf } from '../shared/time.js';
import { KIND_LABELS } from './meetings-domain.js';
import type {
  CalendarView,
  ChangeNoticeView,
  InvitationView,
  MeetingAdminView,
  MeetingSummary,
} from './meetings-views.js';

export const MEETINGS_VERBS = {
  calendar: 'meetings.calendar',
  add: 'meetings.add',
  open: 'meetings.meeting',
  change: 'meetings.change',
  cancel: 'meetings.cancel',
  invite: 'meetings.invite',
  attendance: 'meetings.attendance',
  minutes: 'meetings.minutes',
  minutesSave: 'meetings.minutes-save',
  minutesSend: 'meetings.minutes-send',
  minutesApprove: 'meetings.minutes-approve',
  minutesCloseFollowUp: 'meetings.minutes-close-follow-up',
  followUpClose: 'meetings.follow-up-close',
} as const;

export type StatusStyle = 'good' | 'warning' | 'attention' | 'emphasis' | 'default';
export interface Detail {
  label: string;
  value: string;
}
export interface Button {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

/** "kl. 10:00–15:00" */
export const timeSpan = (m: Pick<MeetingSummary, 'startsAt' | 'endsAt'>) =>
  `${formatTime(m.startsAt)}–${formatTime(m.endsAt).replace('kl. ', '')}`;

export const meetingTitle = (m: Pick<MeetingSummary, 'kind' | 'startsAt'>) =>
  `${KIND_LABELS[m.kind]} ${formatDate(m.startsAt)}`;

const copenhagenClock = (instant: Date) => formatTime(instant).replace('kl. ', '');

/** cards/meetings-calendar.json: the year's meetings, the statutes' count, the next hosts and the form to add one. */
export function buildCalendarCard(view: CalendarView): Card {
  const ok = view.check.problems.length === 0;
  const counts = view.check.counts;
  return expandCard('meetings-calendar', {
    heading: `Mødekalender ${view.year}`,
    notice: view.notice ?? '',
    checkStyle: ok ? 'good' : 'warning',
    checkTitle: `${countNoun(counts.styregruppe, 'styregruppemøde', 'styregruppemøder')} og ${countNoun(counts.repraesentantskab, 'repræsentantskabsmøde', 'repræsentantskabsmøder')} planlagt`,
    checkLines: ok ? ['Antallet passer med vedtægterne.'] : view.check.problems,
    meetings: view.meetings.map((m) => ({
      date: `${formatDate(m.startsAt)} ${timeSpan(m)}`,
      kind: KIND_LABELS[m.kind],
      statusText: m.status === 'aflyst' ? (m.movedToMeetingId ? ' (flyttet)' : ' (aflyst)') : '',
      placeLine: [m.hostName ? `Vært: ${m.hostName}` : '', m.place].filter(Boolean).join(' · '),
      openTitle: `Åbn mødet ${formatDate(m.startsAt)}`,
      openVerb: MEETINGS_VERBS.open,
      openData: { meetingId: m.meetingId },
    })),
    hostSuggestion: view.suggestedHosts.length
      ? `Forslag til de næste værter (længst siden sidst): ${listWithAnd(view.suggestedHosts.map((h) => h.name))}.`
      : '',
    suggestedHost: view.suggestedHosts[0] ? String(view.suggestedHosts[0].code) : '',
    hostChoices: view.hostChoices.map((h) => ({ name: h.name, value: String(h.code) })),
    year: view.year,
    addVerb: MEETINGS_VERBS.add,
    calendarVerb: MEETINGS_VERBS.calendar,
    previousTitle: `Vis ${view.year - 1}`,
    previousYear: view.year - 1,
    nextTitle: `Vis ${view.year + 1}`,
    nextYear: view.year + 1,
  });
}

function adminStatus(view: MeetingAdminView): { text: string; style: StatusStyle } {
  const m = view.meeting;
  if (m.status === 'aflyst')
    return m.movedToMeetingId
      ? { text: 'Mødet er flyttet. Åbn det nye møde fra mødekalenderen.', style: 'warning' }
      : { text: 'Mødet er aflyst.', style: 'attention' };
  if (view.held) return { text: 'Mødet er afholdt.', style: 'emphasis' };
  return { text: 'Planlagt', style: 'good' };
}

/** cards/meetings-meeting.json: one meeting for the secretariat, to move, change, cancel, invite or write minutes. */
export function buildMeetingCard(view: MeetingAdminView): Card {
  const m = view.meeting;
  const status = adminStatus(view);
  const editable = m.status === 'planlagt' && !view.held;
  const ref = { meetingId: m.meetingId, sequence: m.sequence };
  const buttons: Button[] = [];
  if (editable && view.invitationsPending > 0)
    buttons.push({
      title: `Send ${countNoun(view.invitationsPending, 'invitation', 'invitationer')}`,
      verb: MEETINGS_VERBS.invite,
      data: ref,
    });
  if (view.held && m.status === 'planlagt')
    buttons.push({ title: 'Referat og opfølgning', verb: MEETINGS_VERBS.minutes, data: { meetingId: m.meetingId } });
  if (editable) buttons.push({ title: 'Aflys mødet', verb: MEETINGS_VERBS.cancel, data: ref });
  buttons.push({
    title: 'Til mødekalenderen',
    verb: MEETINGS_VERBS.calendar,
    data: { year: Number(localDateOf(m.startsAt).slice(0, 4)) },
  });
  const quorum = view.quorum;
  return expandCard('meetings-meeting', {
    heading: `${meetingTitle(m)} ${timeSpan(m)}`,
    statusText: status.text,
    statusStyle: status.style,
    notice: view.notice ?? '',
    details: [
      { label: 'Sted:', value: [m.hostName ? `${m.hostName} Kommune` : '', m.place].filter(Boolean).join(', ') },
      ...(m.onlineUrl ? [{ label: 'Online:', value: m.onlineUrl }] : []),
      { label: 'Inviterede:', value: countNoun(view.invited, 'person', 'personer') },
    ],
    quorumText: quorum
      ? quorum.met
        ? `Forventet fremmøde: ${countNoun(quorum.expected, 'plads', 'pladser')} af ${quorum.seats}. Styregruppen er beslutningsdygtig.`
        : `Forventet fremmøde: ${countNoun(quorum.expected, 'plads', 'pladser')} af ${quorum.seats}; der skal ${quorum.needed} til. Styregruppen er ikke beslutningsdygtig.`
      : '',
    quorumStyle: quorum?.met ? 'good' : 'attention',
    attendanceLines: view.attendanceLines,
    editable,
    form: {
      date: localDateOf(m.startsAt),
      startTime: copenhagenClock(m.startsAt),
      endTime: copenhagenClock(m.endsAt),
      place: m.place,
      host: m.hostCode ? String(m.hostCode) : '',
      onlineUrl: m.onlineUrl ?? '',
    },
    hostChoices: view.hostChoices.map((h) => ({ name: h.name, value: String(h.code) })),
    submitButtons: editable ? [{ title: 'Gem ændringer', verb: MEETINGS_VERBS.change, data: ref }] : [],
    buttons,
  });
}

function invitationStatus(view: InvitationView): { text: string; style: StatusStyle } {
  const where = view.municipalityName ?? '';
  if (view.meeting.status === 'aflyst') return { text: 'Mødet er aflyst.', style: 'attention' };
  if (view.held) return { text: 'Mødet er afholdt.', style: 'emphasis' };
  if (view.capacity === 'sekretariat') return { text: 'Du er inviteret (DDH-sekretariatet).', style: 'good' };
  if (view.capacity === 'repraesentant')
    return { text: `Du er inviteret som repræsentant for ${where}.`, style: 'good' };
  if (view.capacity === 'medlem') {
    if (view.memberStatus === 'online') return { text: 'Du deltager online.', style: 'good' };
    if (view.memberStatus !== 'afbud') return { text: `Du er indkaldt som medlem for ${where}.`, style: 'good' };
    const deputy =
      view.deputyStatus === 'indkaldt' && view.otherName
        ? `Suppleant ${view.otherName} er indkaldt.`
        : view.deputyStatus === 'afbud'
          ? 'Suppleanten har også meldt afbud.'
          : 'Pladsen har ingen suppleant.';
    return { text: `Du har meldt afbud. ${deputy}`, style: 'warning' };
  }
  const member = view.otherName ?? 'medlemmet';
  if (view.deputyStatus === 'indkaldt')
    return {
      text: `Du er indkaldt som suppleant for ${where}, fordi ${member} har meldt afbud. Du stemmer for pladsen.`,
      style: 'good',
    };
  if (view.deputyStatus === 'afbud') return { text: 'Du har meldt afbud som suppleant.', style: 'attention' };
  return { text: `Du er suppleant for ${where} og indkaldes, hvis ${member} melder afbud.`, style: 'emphasis' };
}

function attendanceButtons(view: InvitationView): Button[] {
  if (view.meeting.status === 'aflyst' || view.held) return [];
  const press = (title: string, status: string) => ({
    title,
    verb: MEETINGS_VERBS.attendance,
    data: { meetingId: view.meeting.meetingId, status },
  });
  if (view.capacity === 'medlem') {
    if (view.memberStatus === 'afbud')
      return [press('Jeg kan alligevel deltage', 'deltager'), press('Jeg deltager online', 'online')];
    if (view.memberStatus === 'online') return [press('Meld afbud', 'afbud'), press('Jeg deltager fysisk', 'deltager')];
    return [press('Meld afbud', 'afbud'), press('Jeg deltager online', 'online')];
  }
  if (view.capacity === 'suppleant' && view.deputyStatus === 'indkaldt') return [press('Meld afbud', 'afbud')];
  if (view.capacity === 'suppleant' && view.deputyStatus === 'afbud')
    return [press('Jeg kan alligevel deltage', 'deltager')];
  return [];
}

/** cards/meetings-invitation.json: the invitation with the .ics, the online link, the agenda and the afbud buttons. */
export function buildInvitationCard(view: InvitationView): Card {
  const m = view.meeting;
  const status = invitationStatus(view);
  const active = m.status === 'planlagt' && !view.held;
  return expandCard('meetings-invitation', {
    heading: `${m.status === 'aflyst' ? 'Aflyst: ' : 'Indkaldelse: '}${meetingTitle(m)}`,
    statusText: status.text,
    statusStyle: status.style,
    details: [
      { label: 'Dato:', value: formatDate(m.startsAt) },
      { label: 'Tid:', value: timeSpan(m) },
      { label: 'Sted:', value: view.placeLine },
    ],
    links: [
      { title: 'Hent kalenderinvitation (.ics)', url: view.icsUrl },
      ...(active && view.joinUrl ? [{ title: 'Deltag online', url: view.joinUrl }] : []),
      ...(view.agendaUrl ? [{ title: 'Dagsorden (Word)', url: view.agendaUrl }] : []),
    ],
    buttons: attendanceButtons(view),
  });
}

export interface NoticeInput {
  heading: string;
  statusText: string;
  statusStyle: StatusStyle;
  paragraphs?: string[];
  details?: Detail[];
  links?: { title: string; url: string }[];
  buttons?: Button[];
}

/** cards/meetings-notice.json: a message telling one person what happened (a move, a deputy called in, quorum). */
export function buildNoticeCard(input: NoticeInput): Card {
  return expandCard('meetings-notice', {
    heading: input.heading,
    statusText: input.statusText,
    statusStyle: input.statusStyle,
    paragraphs: input.paragraphs ?? [],
    details: input.details ?? [],
    links: input.links ?? [],
    buttons: input.buttons ?? [],
  });
}

/** What changed, to each invitee and submitter once. */
export function buildChangeNoticeCard(view: ChangeNoticeView): Card {
  const { before, after } = view;
  const paragraphs: string[] = [];
  if (view.kind === 'flyttet' && after)
    paragraphs.push(
      `${meetingTitle(before)} ${timeSpan(before)} er flyttet til ${formatDate(after.startsAt)} ${timeSpan(after)}.`,
    );
  if (view.kind === 'aendret' && after) paragraphs.push(`Oplysningerne om ${meetingTitle(after)} er ændret.`);
  if (view.kind === 'aflyst') paragraphs.push(`${meetingTitle(before)} ${timeSpan(before)} er aflyst.`);
  if (view.submitter && view.kind !== 'aflyst')
    paragraphs.push('Dine dagsordenspunkter følger med mødet og beholder deres status.');
  if (view.submitter && view.kind === 'aflyst')
    paragraphs.push(
      view.itemsMovedTo
        ? `Dine dagsordenspunkter er flyttet til ${meetingTitle(view.itemsMovedTo)} og beholder deres status.`
        : 'Der er intet senere møde at flytte dine dagsordenspunkter til; sekretariatet kontakter dig.',
    );
  if (view.invitee && view.kind === 'flyttet')
    paragraphs.push('Har du meldt afbud til det gamle tidspunkt, så meld afbud igen, hvis du heller ikke kan nu.');
  if (view.invitee) paragraphs.push('Din invitation er opdateret.');
  return buildNoticeCard({
    heading: `${view.kind === 'aflyst' ? 'Aflyst' : view.kind === 'flyttet' ? 'Flyttet' : 'Ændret'}: ${meetingTitle(before)}`,
    statusText:
      view.kind === 'aflyst' ? 'Mødet er aflyst.' : `Nyt tidspunkt: ${formatDate(after!.startsAt)} ${timeSpan(after!)}`,
    statusStyle: view.kind === 'aflyst' ? 'attention' : 'warning',
    paragraphs,
    details: after ? [{ label: 'Sted:', value: view.placeLine }] : [],
  });
}
