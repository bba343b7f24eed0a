/**
 * The agenda's card builders for whole meetings: the overview "Dagsordener og udgivelse", the order of the
 * accepted items, the published agenda and the deadline reminder. Views in, cards out (Copenhagen time).
 */
import { MENU_VERB } from '../platform/bot-app.js';
import type { Card } from '../ui/card.js';
import { expandCard } from '../ui/card-template.js';
import { buildMessageCard } from '../ui/message-card.js';
import { countNoun, formatNumber } from '../shared/danish.js';
import { formatDate, formatDateTime, formatTime } from '../shared/time.js';
import { markerText, OPENING_ITEM_COUNT, subItemLetter } from './agenda-domain.js';
import { AGENDA_VERBS, meetingTitle } from './agenda-cards.js';
import type { AgendaOrderView, AgendaOverviewView, DeadlineReminderView, PublishedAgendaView } from './agenda-views.js';

/**
 * cards/agenda-overview.json: the coming meetings, each with its id (the one `npm run report -- agenda` takes),
 * how many items are accepted and waiting, and buttons to publish and to order its agenda.
 */
export function buildAgendaOverviewCard(view: AgendaOverviewView): Card {
  return expandCard('agenda-overview', {
    summary: view.meetings.length ? 'Kommende styregruppemøder:' : 'Der er ingen planlagte styregruppemøder.',
    meetings: view.meetings.map((m) => ({
      title: meetingTitle(m.startsAt),
      facts: [
        { title: 'Møde-id', value: String(m.meetingId) },
        { title: 'Godkendte punkter', value: formatNumber(m.accepted) },
        { title: 'Venter på behandling', value: formatNumber(m.waiting) },
      ],
      actions: [
        { title: 'Udgiv dagsorden', verb: AGENDA_VERBS.publish, data: { meetingId: m.meetingId } },
        { title: 'Rækkefølge', verb: AGENDA_VERBS.order, data: { meetingId: m.meetingId } },
      ],
    })),
    queueVerb: AGENDA_VERBS.queue,
    menuVerb: MENU_VERB,
  });
}

/**
 * cards/agenda-order.json: the accepted items numbered as they will be published (after the opening standard
 * items), each with Op/Ned, and their sub-items with their own. A press carries the order it saw, so a press on a
 * card older than the order moves nothing.
 */
export function buildAgendaOrderCard(view: AgendaOrderView): Card {
  const { meeting, items } = view;
  const order = items.map((item) => item.id).join(',');
  const steps = <T>(index: number, count: number, data: (direction: 'up' | 'down') => T) => [
    ...(index > 0 ? [{ title: 'Op', data: data('up') }] : []),
    ...(index < count - 1 ? [{ title: 'Ned', data: data('down') }] : []),
  ];
  return expandCard('agenda-order', {
    meetingTitle: meetingTitle(meeting.startsAt),
    intro: items.length
      ? `${countNoun(items.length, 'godkendt punkt', 'godkendte punkter')} mellem de faste punkter (Velkomst, dagsorden og referat) og Evt.`
      : 'Der er endnu ingen godkendte punkter på dette møde.',
    notice: view.notice ? [view.notice] : [],
    items: items.map((item, index) => ({
      number: String(OPENING_ITEM_COUNT + index + 1),
      title: item.title,
      markerText: markerText(item.markers),
      actions: steps(index, items.length, (direction) => ({
        meetingId: meeting.id,
        itemId: item.id,
        direction,
        order,
      })).map((step) => ({ ...step, verb: AGENDA_VERBS.moveItem })),
      subItems: item.subItems.map((sub, n) => ({
        letter: subItemLetter(n),
        title: sub.title,
        markerText: markerText(sub.markers),
        actions: steps(n, item.subItems.length, (direction) => ({
          meetingId: meeting.id,
          itemId: item.id,
          version: item.version,
          index: n,
          direction,
        })).map((step) => ({ ...step, verb: AGENDA_VERBS.moveSubItem })),
      })),
    })),
    actions: [
      { title: 'Udgiv dagsorden', verb: AGENDA_VERBS.publish, data: { meetingId: meeting.id } },
      { title: 'Dagsordener og udgivelse', verb: AGENDA_VERBS.overview, data: {} },
      { title: 'Menu', verb: MENU_VERB, data: {} },
    ],
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
      subItems: it.subItems.map((sub) => ({
        letter: sub.letter,
        title: sub.title,
        markerText: markerText(sub.markers),
      })),
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
    text: `Styregruppen mødes ${formatDateTime(view.meetingStartsAt)}. Punkter skal være sekretariatet i hænde senest ${formatDate(view.deadline)} kl. 23:59.`,
    actions: [{ title: 'Nyt dagsordenspunkt', verb: AGENDA_VERBS.open }],
  });
}
