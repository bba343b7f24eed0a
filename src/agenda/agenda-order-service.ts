/**
 * The order of a meeting's agenda, set by the chair and the secretariat: accepted items move one step up or down,
 * and so do the sub-items of an item. The published agenda and the Word document follow this order. A press
 * carries the order (or the item's version) its card showed; when that is no longer the order, nothing moves and
 * the card shows the order as it is.
 */
import type { Db } from '../db/database.js';
import type { Actor } from '../registry/registry-types.js';
import { forbidden, notFound } from '../shared/errors.js';
import { mayReview, moveOneStep } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import type { ItemNotices } from './agenda-item-notices.js';
import type { AgendaOrderView } from './agenda-views.js';

export interface OrderServiceDeps {
  db: Db;
  calendar: AgendaCalendar;
  notices: ItemNotices;
}

export type Direction = 'up' | 'down';

const MAY_NOT_ORDER = 'Kun formanden og DDH-sekretariatet kan ændre rækkefølgen på dagsordenen.';
const ORDER_CHANGED = 'Rækkefølgen var ændret, før du trykkede. Her er den, som den er nu.';

export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  /** The accepted items of a coming meeting, in agenda order. */
  async order(actor: Actor, meetingId: number, notice: string | null = null): Promise<AgendaOrderView> {
    if (!mayReview(actor)) throw forbidden(MAY_NOT_ORDER);
    const meeting = await this.deps.calendar.meetingForItems(meetingId);
    return { meeting, items: await repo.itemsOfMeeting(this.deps.db, meetingId, ['godkendt']), notice };
  }

  /** One item one step up or down; `seenOrder` is the order of ids the pressed card showed. */
  async moveItem(
    actor: Actor,
    input: { meetingId: number; itemId: number; direction: Direction; seenOrder: string },
  ): Promise<AgendaOrderView> {
    const view = await this.order(actor, input.meetingId);
    const current = view.items.map((item) => item.id);
    if (current.join(',') !== input.seenOrder) return { ...view, notice: ORDER_CHANGED };
    const next = moveOneStep(current, input.itemId, input.direction);
    await repo.setPositions(this.deps.db, input.meetingId, next);
    const byId = new Map(view.items.map((item) => [item.id, item]));
    return { ...view, items: next.map((id) => byId.get(id)!) };
  }

  /**
   * One sub-item one step up or down within its item (an accepted item of this meeting). The item's cards show
   * the sub-items, so every copy is updated.
   */
  async moveSubItem(
    actor: Actor,
    input: { meetingId: number; itemId: number; version: number; index: number; direction: Direction },
  ): Promise<AgendaOrderView> {
    const view = await this.order(actor, input.meetingId);
    const item = view.items.find((candidate) => candidate.id === input.itemId);
    if (!item) throw notFound('Punktet');
    if (item.version !== input.version) return { ...view, notice: ORDER_CHANGED };
    const order = moveOneStep(
      item.subItems.map((_, n) => n),
      input.index,
      input.direction,
    );
    const { db, calendar, notices } = this.deps;
    const moved = await db.withTransaction(async (tx) => {
      const changed = await repo.setSubItems(
        tx,
        item.id,
        item.version,
        order.map((n) => item.subItems[n]),
      );
      if (!changed) return null;
      const context = await repo.findItemWithContext(tx, item.id);
      await notices.refresh(tx, context!, await calendar.upcoming(tx));
      return changed;
    });
    if (!moved) return this.order(actor, input.meetingId, ORDER_CHANGED);
    return { ...view, items: view.items.map((candidate) => (candidate.id === moved.id ? moved : candidate)) };
  }
}
