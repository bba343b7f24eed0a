/**
 * The chair's and the secretariat's review of submitted items: accept, reject (with a reason) or move to another
 * meeting, from the delivered review card or from the work queue "Til behandling". Each decision updates every copy
 * of the receipt and the review card in place. A press on a card that no longer shows the item as it is (already
 * decided by someone else, or changed since) changes nothing and is answered with the item's current card.
 */
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { mayReview } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { ItemWithContext } from './agenda-repository.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import type { ItemNotices } from './agenda-item-notices.js';
import type { AgendaItemView, ReviewQueueView } from './agenda-views.js';

export interface ReviewServiceDeps {
  db: Db;
  clock: Clock;
  calendar: AgendaCalendar;
  notices: ItemNotices;
}

export type ReviewDecision = 'accept' | 'reject' | 'move';

export interface ReviewInput {
  itemId: number;
  /** The item's version on the card the reviewer pressed. */
  version: number;
  reason?: string;
  targetMeetingId?: number;
}

const MAY_NOT_REVIEW = 'Kun formanden og DDH-sekretariatet kan behandle dagsordenspunkter.';

export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  /**
   * Decides on an item and returns its review card as it now is. The decision is taken only on the version the
   * reviewer saw, while the item still waits; otherwise the current card is the answer and nothing changes.
   */
  async review(actor: Actor, decision: ReviewDecision, input: ReviewInput): Promise<AgendaItemView> {
    return (await this.decide(actor, decision, input)).view;
  }

  /** "Til behandling": every item waiting for review on a coming meeting, per meeting, as on its review card. */
  async queue(actor: Actor, last: ReviewQueueView['last'] = null): Promise<ReviewQueueView> {
    if (!mayReview(actor)) throw forbidden(MAY_NOT_REVIEW);
    const { db, clock, calendar, notices } = this.deps;
    const [waiting, upcoming] = [
      await repo.upcomingItemsWithContext(db, clock.now(), ['indsendt']),
      await calendar.upcoming(),
    ];
    const meetings: ReviewQueueView['meetings'] = [];
    for (const context of waiting) {
      let group = meetings.find((g) => g.meeting.meetingId === context.meeting.id);
      if (!group) meetings.push((group = { meeting: calendar.option(context.meeting), items: [] }));
      group.items.push(notices.view(context, 'reviewer', upcoming));
    }
    return { meetings, last };
  }

  /** A decision pressed on the queue: the queue again, saying what became of the item. */
  async reviewFromQueue(actor: Actor, decision: ReviewDecision, input: ReviewInput): Promise<ReviewQueueView> {
    const { view, changed } = await this.decide(actor, decision, input);
    return this.queue(actor, { item: view.item, meeting: view.meeting, decision: changed ? decision : null });
  }

  private async decide(
    actor: Actor,
    decision: ReviewDecision,
    input: ReviewInput,
  ): Promise<{ view: AgendaItemView; changed: boolean }> {
    if (!mayReview(actor)) throw forbidden(MAY_NOT_REVIEW);
    const { db, calendar, notices } = this.deps;
    const context = await repo.findItemWithContext(db, input.itemId);
    if (!context) throw notFound('Punktet');
    const upcoming = await calendar.upcoming();
    const current = (now: ItemWithContext) => ({ view: notices.view(now, 'reviewer', upcoming), changed: false });
    const { item } = context;
    if (item.status !== 'indsendt' || item.version !== input.version) return current(context);
    const reason = (input.reason ?? '').trim();
    if (decision === 'reject' && reason.length < 3)
      throw new DomainError('INVALID_INPUT', 'Skriv en begrundelse for afvisningen.');
    if (reason.length > 1000) throw new DomainError('INVALID_INPUT', 'Begrundelsen må højst være 1000 tegn.');
    const target = decision === 'move' ? await this.moveTarget(context, input.targetMeetingId, upcoming) : null;
    const decided = await db.withTransaction(async (tx) => {
      const { itemId, version } = input;
      const changed =
        decision === 'accept'
          ? await repo.setStatus(tx, itemId, version, 'godkendt', { reason: null })
          : decision === 'reject'
            ? await repo.setStatus(tx, itemId, version, 'afvist', { reason })
            : await repo.setStatus(tx, itemId, version, 'indsendt', {
                reason: `flyttet af sekretariatet${reason ? `: ${reason}` : ''}`,
                meetingId: target!.id,
                late: !calendar.isOnTime(target!),
              });
      if (!changed) return null;
      const now = { ...context, item: changed, meeting: target ?? context.meeting };
      return (await notices.refresh(tx, now, upcoming)).reviewer;
    });
    if (decided) return { view: decided, changed: true };
    // Another reviewer was faster between the read and the write: their outcome is the answer.
    return current((await repo.findItemWithContext(db, input.itemId))!);
  }

  /** The meeting a "Flyt" press names: another planned steering-committee meeting that has not been held. */
  private async moveTarget(
    context: ItemWithContext,
    targetMeetingId: number | undefined,
    upcoming: Meeting[],
  ): Promise<Meeting> {
    if (!targetMeetingId) throw new DomainError('INVALID_INPUT', 'Vælg det møde, punktet skal flyttes til.');
    const target =
      upcoming.find((m) => m.id === targetMeetingId) ?? (await this.deps.calendar.meetingForItems(targetMeetingId));
    if (target.id === context.item.meetingId)
      throw new DomainError('INVALID_INPUT', 'Punktet står allerede på det møde.');
    return target;
  }
}
