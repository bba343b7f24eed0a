/**
 * Follow-up points from the minutes: each has an owner and a due date, reminds its owner on durable timers (some
 * days before and on the day), and stays on every next agenda until its owner or the secretariat closes it.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { forbidden } from '../shared/errors.js';
import { copenhagenToUtc } from '../shared/time.js';
import { DateTime } from 'luxon';
import { buildFollowUpCard } from './meetings-minutes-cards.js';
import { closeFollowUp, findFollowUpFor, insertFollowUp } from './meetings-minutes-repository.js';
import type { FollowUpView } from './meetings-views.js';

export const FOLLOW_UP_REMINDER_JOB = 'meetings.follow-up-reminder';
const NOT_YOURS = 'Kun den ansvarlige og DDH-sekretariatet kan lukke opfølgningspunktet.';

export interface FollowUpServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  /** Days before the due date a reminder goes out (0: on the day), at 09:00 Copenhagen time. */
  reminderDays: number[];
}

export const followUpRef = (id: number) => `meetings-follow-up:${id}`;

export class FollowUpService {
  constructor(private readonly deps: FollowUpServiceDeps) {}

  /** Records a point and plans its reminders, in the caller's transaction. */
  async add(
    tx: Queryable,
    input: { meetingId: number; itemNumber: string | null; text: string; ownerPersonId: number; dueOn: string },
    by: number,
  ): Promise<number> {
    const { clock, scheduler, reminderDays } = this.deps;
    const id = await insertFollowUp(tx, input, by, clock.now());
    for (const days of reminderDays) {
      const day = DateTime.fromISO(input.dueOn).minus({ days }).toISODate()!;
      const runAt = copenhagenToUtc(day, '09:00');
      if (runAt <= clock.now()) continue;
      await scheduler.schedule(
        FOLLOW_UP_REMINDER_JOB,
        { followUpId: id, days },
        { key: reminderKey(id, days), runAt, tx },
      );
    }
    return id;
  }

  /** The timer: the owner gets the point's card (once per reminder), unless it was closed meanwhile. */
  async remind(followUpId: number, days: number): Promise<void> {
    const { db, delivery } = this.deps;
    const followUp = await findFollowUpFor(db, followUpId, { id: 0, secretariat: true });
    if (!followUp || followUp.status !== 'aaben' || followUp.ownerPersonId === null) return;
    const key = reminderKey(followUpId, days);
    await delivery.enqueue([
      {
        key,
        to: { kind: 'person', personId: followUp.ownerPersonId },
        card: buildFollowUpCard({ followUp, notice: days ? null : 'Fristen er i dag.' }),
        cardRef: followUpRef(followUpId),
        batch: key,
      },
    ]);
  }

  /** Closes the point; a card showing an older version (or a point closed by someone else) gets the current card. */
  async close(actor: Actor, followUpId: number, version: number): Promise<FollowUpView> {
    const { db, clock, delivery, scheduler } = this.deps;
    return db.withTransaction(async (tx) => {
      // Who may act is part of the lookup: the same refusal whether the point exists or not.
      const followUp = await findFollowUpFor(tx, followUpId, actor);
      if (!followUp) throw forbidden(NOT_YOURS);
      if (followUp.status !== 'aaben' || followUp.version !== version)
        return { followUp, notice: followUp.status === 'lukket' ? 'Punktet er allerede lukket.' : null };
      await closeFollowUp(tx, followUpId, version, actor.id, clock.now());
      await scheduler.cancel(`meetings:follow-up:${followUpId}:`, tx);
      const closed = (await findFollowUpFor(tx, followUpId, actor))!;
      const view = { followUp: closed, notice: 'Punktet er lukket og kommer ikke på næste dagsorden.' };
      await delivery.updateCard(followUpRef(followUpId), buildFollowUpCard({ followUp: closed, notice: null }), tx);
      return view;
    });
  }
}

const reminderKey = (id: number, days: number) => `meetings:follow-up:${id}:${days}`;
