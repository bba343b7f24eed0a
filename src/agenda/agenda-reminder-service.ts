/**
 * Reminders of the deadline for agenda items, to every member municipality's representative a few days before
 * each meeting's deadline. Planned at start and again every morning, since meetings change through registry
 * imports; timer keys hold the meeting's start, so a moved meeting gets new reminders and the old ones do nothing.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Meeting } from '../registry/registry-types.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import { findMeeting } from '../registry/meeting-repository.js';
import { memberMunicipalityCodes } from '../registry/registry-repository.js';
import { buildDeadlineReminderCard } from './agenda-meeting-cards.js';
import type { AgendaCalendar } from './agenda-calendar.js';

export const REMINDER_JOB = 'agenda.reminder';
export const PLAN_REMINDERS_JOB = 'agenda.plan-reminders';

export interface ReminderServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  calendar: AgendaCalendar;
  /** Days before the deadline a reminder goes out (e.g. 7 and 1). */
  reminderDays: number[];
}

export interface ReminderPayload {
  meetingId: number;
  /** The meeting's start when the reminder was planned. */
  startsAt: string;
  days: number;
}

export class ReminderService {
  constructor(private readonly deps: ReminderServiceDeps) {}

  /** Schedules the reminders of every planned meeting, and this planning again tomorrow at 05:00 UTC. */
  async planReminders(): Promise<number> {
    const { clock, scheduler, calendar } = this.deps;
    const now = clock.now();
    let planned = 0;
    for (const meeting of await calendar.upcoming()) planned += await this.planFor(meeting);
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    await scheduler.schedule(
      PLAN_REMINDERS_JOB,
      {},
      { key: `agenda:plan:${tomorrow}`, runAt: new Date(`${tomorrow}T05:00:00Z`) },
    );
    return planned;
  }

  /**
   * The reminders of one meeting still ahead (none once they are past), in the caller's transaction when given; a
   * moved meeting gets its new ones at once, since the keys hold the meeting's start.
   */
  async planFor(meeting: Meeting, tx?: Queryable): Promise<number> {
    const { clock, scheduler, calendar } = this.deps;
    const deadline = calendar.deadlineOf(meeting);
    let planned = 0;
    for (const days of this.deps.reminderDays) {
      const at = new Date(deadline.getTime() - days * 86_400_000);
      if (at <= clock.now()) continue;
      const startsAt = meeting.startsAt.toISOString();
      const payload: ReminderPayload = { meetingId: meeting.id, startsAt, days };
      const key = `agenda:reminder:${meeting.id}:${startsAt}:${days}`;
      if (await scheduler.schedule(REMINDER_JOB, { ...payload }, { key, runAt: at, tx })) planned++;
    }
    return planned;
  }

  /** One reminder to each member's representative; nothing when the meeting moved, was cancelled or is past due. */
  async sendReminder(payload: ReminderPayload): Promise<void> {
    const { db, delivery, calendar } = this.deps;
    const meeting = await findMeeting(db, payload.meetingId);
    // Moved or cancelled since it was planned: that meeting's own reminders carry the new time.
    if (
      !meeting ||
      meeting.status !== 'planlagt' ||
      meeting.startsAt.toISOString() !== payload.startsAt ||
      !calendar.isOnTime(meeting)
    )
      return;
    const card = buildDeadlineReminderCard({
      meetingStartsAt: meeting.startsAt,
      deadline: calendar.deadlineOf(meeting),
    });
    const codes = await memberMunicipalityCodes(db);
    const key = `agenda:reminder:${meeting.id}:${payload.startsAt}:${payload.days}`;
    await delivery.enqueue(
      codes.map((code) => ({
        key: `${key}:${code}`,
        to: { kind: 'role' as const, municipalityCode: code, role: 'repraesentant' as const },
        card,
        batch: key,
      })),
    );
  }
}
