/**
 * The minutes' card builders: the secretariat's minutes card, the follow-up point card its owner gets, and the
 * notice with the Word link that the committee and (after approval) the representatives get.
 */
import type { Card } from '../ui/card.js';
import { expandCard } from '../ui/card-template.js';
import { countNoun } from '../shared/danish.js';
import { formatDate } from '../shared/time.js';
import { buildNoticeCard, meetingTitle, MEETINGS_VERBS, type Button } from './meetings-cards.js';
import type { FollowUp, Minutes } from './meetings-minutes-repository.js';
import type { FollowUpView, MeetingSummary, MinutesView } from './meetings-views.js';

/** "06.12.2023" from a date column (YYYY-MM-DD). */
const dateOf = (isoDate: string) => isoDate.split('-').reverse().join('.');

const followUpFacts = (f: FollowUp) =>
  [
    f.ownerName ? `ansvarlig: ${f.ownerName}` : 'ingen ansvarlig',
    `frist ${dateOf(f.dueOn)}`,
    f.itemNumber ? `punkt ${f.itemNumber}` : '',
    f.status === 'lukket' ? 'lukket' : 'åben',
  ]
    .filter(Boolean)
    .join(', ');

const MINUTES_STATUS: Record<Minutes['status'], { text: string; style: string }> = {
  kladde: { text: 'Kladde: ikke sendt endnu', style: 'emphasis' },
  sendt: { text: 'Sendt til styregruppen; godkendes på næste møde', style: 'warning' },
  godkendt: { text: 'Godkendt og sendt til repræsentantskabet', style: 'good' },
};

/** cards/meetings-minutes.json: a decision per item, the follow-up points and one new point to add. */
export function buildMinutesCard(view: MinutesView): Card {
  const { minutes, meeting } = view;
  const editable = minutes.status !== 'godkendt';
  const ref = { meetingId: meeting.meetingId, version: minutes.version };
  const submitButtons: Button[] = editable ? [{ title: 'Gem', verb: MEETINGS_VERBS.minutesSave, data: ref }] : [];
  if (minutes.status === 'kladde')
    submitButtons.push({ title: 'Gem og send til styregruppen', verb: MEETINGS_VERBS.minutesSend, data: ref });
  const buttons: Button[] = [];
  if (minutes.status === 'sendt')
    buttons.push({
      title: 'Styregruppen har godkendt referatet – send til repræsentantskabet',
      verb: MEETINGS_VERBS.minutesApprove,
      data: ref,
    });
  buttons.push({ title: 'Til mødet', verb: MEETINGS_VERBS.open, data: { meetingId: meeting.meetingId } });
  return expandCard('meetings-minutes', {
    heading: `Referat: ${meetingTitle(meeting)}`,
    statusText: MINUTES_STATUS[minutes.status].text,
    statusStyle: MINUTES_STATUS[minutes.status].style,
    notice: view.notice ?? '',
    items: minutes.items.map((item) => ({
      heading: `${item.number}. ${item.title}${item.markers.length ? ` (${item.markers.join(', ')})` : ''}`,
      inputId: `decision_${item.number}`,
      decision: item.decision,
      editable,
      fromVote: item.decisionSource === 'afstemning',
    })),
    followUps: view.followUps.map((f) => ({
      text: f.text,
      facts: followUpFacts(f),
      open: f.status === 'aaben',
      closeVerb: MEETINGS_VERBS.minutesCloseFollowUp,
      closeData: { followUpId: f.id, version: f.version },
    })),
    editable,
    itemChoices: minutes.items.map((item) => ({ title: `${item.number}. ${item.title}`, value: item.number })),
    ownerChoices: view.ownerChoices.map((o) => ({ title: o.name, value: String(o.personId) })),
    submitButtons,
    buttons,
    documentUrl: view.documentUrl,
  });
}

/** cards/meetings-follow-up.json: the point as its owner sees it, with "Luk punktet" while it is open. */
export function buildFollowUpCard(view: FollowUpView): Card {
  const f = view.followUp;
  const open = f.status === 'aaben';
  return expandCard('meetings-follow-up', {
    heading: `Opfølgningspunkt fra styregruppemødet ${formatDate(f.meetingStartsAt)}`,
    statusText: open ? `Åben – frist ${dateOf(f.dueOn)}` : 'Lukket',
    statusStyle: open ? 'warning' : 'good',
    notice: view.notice ?? '',
    text: f.text,
    details: [
      { label: 'Ansvarlig:', value: f.ownerName ?? 'ingen' },
      { label: 'Frist:', value: dateOf(f.dueOn) },
      ...(f.itemNumber ? [{ label: 'Punkt:', value: f.itemNumber }] : []),
    ],
    buttons: open
      ? [{ title: 'Luk punktet', verb: MEETINGS_VERBS.followUpClose, data: { followUpId: f.id, version: f.version } }]
      : [],
  });
}

/** The committee's and the representatives' copy: the minutes' state and the Word link. */
export function buildMinutesNoticeCard(meeting: MeetingSummary, minutes: Minutes, documentUrl: string): Card {
  const decided = minutes.items.filter((item) => item.decision !== '').length;
  return buildNoticeCard({
    heading: `Referat: ${meetingTitle(meeting)}`,
    statusText:
      minutes.status === 'godkendt'
        ? `Godkendt af styregruppen${minutes.approvedAt ? ` ${formatDate(minutes.approvedAt)}` : ''}`
        : 'Udkast – godkendes på næste styregruppemøde',
    statusStyle: minutes.status === 'godkendt' ? 'good' : 'warning',
    paragraphs: [
      `${countNoun(minutes.items.length, 'punkt', 'punkter')}, ${countNoun(decided, 'beslutning', 'beslutninger')}.`,
    ],
    links: [{ title: 'Hent referatet (Word)', url: documentUrl }],
  });
}
