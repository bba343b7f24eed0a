/**
 * An item's two cards: the submitter's receipt and the review card for the chair and the secretariat. What each
 * shows, sending them when an item arrives, and updating every copy in place whenever the item changes. One card
 * per item per conversation: the card a person pressed in becomes their copy (delivery's `shownIn`), so no second
 * copy is posted beside it.
 */
import type { Queryable } from '../db/database.js';
import type { Delivery, OutboxMessage } from '../delivery/delivery.js';
import type { Meeting } from '../registry/registry-types.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import { buildAgendaItemCard } from './agenda-cards.js';
import type { ItemWithContext } from './agenda-repository.js';
import type { AgendaItemView } from './agenda-views.js';

export interface ItemNoticesDeps {
  delivery: Delivery;
  calendar: AgendaCalendar;
}

/** The message whose button was pressed: the answer replaces its card there (handler-kit's `shownIn`). */
export interface ShownIn {
  conversationId: string;
  activityId: string;
}

export const receiptRef = (itemId: number) => `agenda-receipt:${itemId}`;
export const reviewRef = (itemId: number) => `agenda-review:${itemId}`;

export class ItemNotices {
  constructor(private readonly deps: ItemNoticesDeps) {}

  /**
   * The item as its submitter or its reviewers see it, from what was read with it: `upcoming` are the planned
   * steering-committee meetings (the reviewers' move targets). No reads here.
   */
  view(
    context: ItemWithContext,
    audience: AgendaItemView['audience'],
    upcoming: Meeting[],
    notice: string | null = null,
  ): AgendaItemView {
    const { calendar } = this.deps;
    const { item, meeting } = context;
    const submitted = item.status === 'indsendt';
    return {
      audience,
      item,
      meeting,
      deadline: calendar.deadlineOf(meeting),
      submitterName: context.submitterName,
      changeable: submitted && calendar.isOnTime(meeting),
      reviewable: submitted,
      moveTargets:
        audience === 'reviewer' ? upcoming.filter((m) => m.id !== item.meetingId).map((m) => calendar.option(m)) : [],
      notice,
    };
  }

  /**
   * Sends a new item's cards and returns the one the submitter sees where they pressed. A submitter who may
   * review sees the review card (the item is theirs to decide, and one card per conversation); anyone else sees the
   * receipt. That card is recorded as shown in the pressed message (`shown`), so it is their only copy and later
   * updates reach it; without `shown` (an item the bot proposes, or a service call) the receipt goes to the
   * submitter's own chat. The review card goes to the secretariat's chat (or each secretariat member).
   */
  async announce(
    tx: Queryable,
    context: ItemWithContext,
    upcoming: Meeting[],
    submitterReviews: boolean,
    shown?: ShownIn,
  ): Promise<AgendaItemView> {
    const { item } = context;
    const batch = `agenda:item:${item.id}`;
    const review = this.view(context, 'reviewer', upcoming);
    const receipt = submitterReviews ? review : this.view(context, 'submitter', upcoming);
    const messages: OutboxMessage[] = [];
    if (item.submitterPersonId !== null && !submitterReviews)
      messages.push({
        key: `agenda:receipt:${item.id}`,
        to: shown
          ? { kind: 'conversation', conversationId: shown.conversationId }
          : { kind: 'person', personId: item.submitterPersonId },
        card: buildAgendaItemCard(receipt),
        cardRef: receiptRef(item.id),
        shownIn: shown,
        batch,
      });
    messages.push({
      key: `agenda:review:${item.id}`,
      to: { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
      card: buildAgendaItemCard(review),
      cardRef: reviewRef(item.id),
      shownIn: submitterReviews ? shown : undefined,
      batch,
    });
    // A reviewer who submitted outside the secretariat's chat keeps the review card where they pressed.
    if (submitterReviews && shown)
      messages.push({
        key: `agenda:review:${item.id}:shown`,
        to: { kind: 'conversation', conversationId: shown.conversationId },
        card: buildAgendaItemCard(review),
        cardRef: reviewRef(item.id),
        shownIn: shown,
        batch,
      });
    await this.deps.delivery.enqueue(messages, tx);
    return receipt;
  }

  /**
   * Every copy of both cards shows the item as it now is, wherever it was sent. Returns the two views, so the
   * answer to the press is the card already built for the copies (each card built once per action).
   */
  async refresh(
    tx: Queryable,
    context: ItemWithContext,
    upcoming: Meeting[],
  ): Promise<Record<AgendaItemView['audience'], AgendaItemView>> {
    const { delivery } = this.deps;
    const { item } = context;
    const views = {
      submitter: this.view(context, 'submitter', upcoming),
      reviewer: this.view(context, 'reviewer', upcoming),
    };
    if (item.submitterPersonId !== null)
      await delivery.updateCard(receiptRef(item.id), buildAgendaItemCard(views.submitter), tx);
    await delivery.updateCard(reviewRef(item.id), buildAgendaItemCard(views.reviewer), tx);
    return views;
  }
}
