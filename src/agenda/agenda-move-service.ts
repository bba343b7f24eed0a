/**
 * A meeting moved (by the meetings capability, through agenda-public): its items go with it, each keeping its
 * state, lateness and order; the deadline reminders follow the new date; every copy of every item's cards shows
 * the new meeting and deadline; and the caller learns whom to tell, once each.
 */
import type { Queryable } from '../db/database.js';
import type { ItemStatus } from './agenda-domain.js';
import { findMeeting } from '../registry/meeting-repository.js';
import { DomainError } from '../shared/errors.js';
import * as repo from './agenda-repository.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import type { ItemNotices } from './agenda-item-notices.js';
import type { ReminderService } from './agenda-reminder-service.js';

export interface ItemsMoveServiceDeps {
  calendar: AgendaCalendar;
  notices: ItemNotices;
  reminders: ReminderService;
}

/** What a move did: how many items moved, and the submitters to tell (those whose items wait or are accepted). */
export interface MovedItems {
  moved: number;
  submitters: { personId: number; items: { itemId: number; title: string; status: ItemStatus }[] }[];
}

export class ItemsMoveService {
  constructor(private readonly deps: ItemsMoveServiceDeps) {}

  async moveItemsToMeeting(tx: Queryable, fromMeetingId: number, toMeetingId: number): Promise<MovedItems> {
    const { calendar, notices, reminders } = this.deps;
    const target = await findMeeting(tx, toMeetingId);
    if (!target || target.kind !== 'styregruppe' || target.status !== 'planlagt')
      throw new DomainError('CLOSED', 'Mødet, punkterne skal flyttes til, er ikke et planlagt styregruppemøde.');
    const movedIds = new Set(
      fromMeetingId === toMeetingId ? [] : await repo.moveItemsOfMeeting(tx, fromMeetingId, toMeetingId),
    );
    const items = (await repo.itemsOfMeetingWithContext(tx, toMeetingId)).filter(
      (context) => fromMeetingId === toMeetingId || movedIds.has(context.item.id),
    );
    const upcoming = await calendar.upcoming(tx);
    for (const context of items) await notices.refresh(tx, context, upcoming);
    await reminders.planFor(target, tx);
    const submitters = new Map<number, MovedItems['submitters'][number]>();
    for (const { item } of items) {
      if (item.submitterPersonId === null || (item.status !== 'indsendt' && item.status !== 'godkendt')) continue;
      const entry = submitters.get(item.submitterPersonId) ?? { personId: item.submitterPersonId, items: [] };
      entry.items.push({ itemId: item.id, title: item.title, status: item.status });
      submitters.set(item.submitterPersonId, entry);
    }
    return { moved: items.length, submitters: [...submitters.values()] };
  }
}
