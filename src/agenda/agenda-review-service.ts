/**
 * The chair's and the secretariat's review of submitted items: accept, reject (with a reason) or move to another
 * meeting. Each decision updates the submitter's receipt and the review card in place; a card showing an older
 * version of the item changes nothing.
 */
import type { Db } from '../db/database.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { mayReview } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import type { ItemNotices } from './agenda-item-notices.js';
import type { AgendaItemView } from './agenda-views.js';

export interface ReviewServiceDeps {
  db: Db;
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

export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  async review(actor: Actor, decision: ReviewDecision, input: ReviewInput): Promise<AgendaItemView> {
    if (!mayReview(actor)) throw forbidden('Kun formanden og DDH-sekretariatet kan behandle dagsordenspunkter.');
    const { db, calendar, notices } = this.deps;
    const item = await repo.findItem(db, input.itemId);
    if (!item) throw notFound('Punktet');
    if (item.status !== 'indsendt') throw new DomainError('STALE', `Punktet er allerede ${item.status}.`);
    const reason = (input.reason ?? '').trim();
    if (decision === 'reject' && reason.length < 3)
      throw new DomainError('INVALID_INPUT', 'Skriv en begrundelse for afvisningen.');
    if (reason.length > 1000) throw new DomainError('INVALID_INPUT', 'Begrundelsen må højst være 1000 tegn.');
    let target: Meeting | null = null;
    if (decision === 'move') {
      if (!input.targetMeetingId) throw new DomainError('INVALID_INPUT', 'Vælg det møde, punktet skal flyttes til.');
      target = await calendar.meetingForItems(input.targetMeetingId);
      if (target.id === item.meetingId) throw new DomainError('INVALID_INPUT', 'Punktet står allerede på det møde.');
    }
    const decided = await db.withTransaction(async (tx) => {
      const { itemId, version } = input;
      const changed =
        decision === 'accept'
          ? await repo.setStatus(tx, itemId, version, 'godkendt', { reason: reason || null })
          : decision === 'reject'
            ? await repo.setStatus(tx, itemId, version, 'afvist', { reason })
            : await repo.setStatus(tx, itemId, version, 'indsendt', {
                reason: `flyttet af sekretariatet${reason ? `: ${reason}` : ''}`,
                meetingId: target!.id,
                late: !calendar.isOnTime(target!),
              });
      if (!changed) throw new DomainError('STALE', 'Punktet er ændret i mellemtiden. Åbn det igen og prøv på ny.');
      await notices.refresh(tx, changed);
      return changed;
    });
    return notices.view(decided, 'reviewer');
  }
}
