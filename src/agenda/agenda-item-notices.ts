/**
 * An item's two cards: the submitter's receipt and the review card for the chair and the secretariat. What
 * each shows, sending both when an item arrives, and updating both in place whenever the item changes.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery, OutboxMessage } from '../delivery/delivery.js';
import { findMeeting } from '../registry/meeting-repository.js';
import { findPersonById } from '../registry/registry-repository.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import { buildAgendaItemCard } from './agenda-cards.js';
import type { AgendaItem } from './agenda-repository.js';
import type { AgendaItemView } from './agenda-views.js';

export interface ItemNoticesDeps {
  db: Db;
  delivery: Delivery;
  calendar: AgendaCalendar;
}

export class ItemNotices {
  constructor(private readonly deps: ItemNoticesDeps) {}

  /** The item as its submitter or its reviewers see it; `q` is the caller's transaction when there is one. */
  async view(
    item: AgendaItem,
    audience: AgendaItemView['audience'],
    q: Queryable = this.deps.db,
  ): Promise<AgendaItemView> {
    const { calendar } = this.deps;
    // An item's meeting cannot be deleted (foreign key), so it is always there.
    const meeting = (await findMeeting(q, item.meetingId))!;
    const submitter = item.submitterPersonId ? await findPersonById(q, item.submitterPersonId) : null;
    const submitted = item.status === 'indsendt';
    const moveTargets =
      audience === 'reviewer'
        ? (await calendar.upcoming(q)).filter((m) => m.id !== item.meetingId).map((m) => calendar.option(m))
        : [];
    return {
      audience,
      item,
      meeting,
      deadline: calendar.deadlineOf(meeting),
      submitterName: submitter?.name ?? null,
      changeable: submitted && calendar.isOnTime(meeting),
      reviewable: submitted,
      moveTargets,
    };
  }

  /** The submitter's receipt (when a person submitted it) and the review card to the secretariat's chat. */
  async announce(tx: Queryable, item: AgendaItem): Promise<void> {
    const batch = `agenda:item:${item.id}`;
    const messages: OutboxMessage[] = [];
    if (item.submitterPersonId !== null)
      messages.push({
        key: `agenda:receipt:${item.id}`,
        to: { kind: 'person', personId: item.submitterPersonId },
        card: buildAgendaItemCard(await this.view(item, 'submitter', tx)),
        cardRef: `agenda-receipt:${item.id}`,
        batch,
      });
    messages.push({
      key: `agenda:review:${item.id}`,
      to: { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
      card: buildAgendaItemCard(await this.view(item, 'reviewer', tx)),
      cardRef: `agenda-review:${item.id}`,
      batch,
    });
    await this.deps.delivery.enqueue(messages, tx);
  }

  /** Both cards show the item as it now is, wherever they were sent. */
  async refresh(tx: Queryable, item: AgendaItem): Promise<void> {
    const { delivery } = this.deps;
    await delivery.updateCard(
      `agenda-receipt:${item.id}`,
      buildAgendaItemCard(await this.view(item, 'submitter', tx)),
      tx,
    );
    await delivery.updateCard(
      `agenda-review:${item.id}`,
      buildAgendaItemCard(await this.view(item, 'reviewer', tx)),
      tx,
    );
  }
}
