/**
 * The steering-committee meetings as the agenda sees them: their deadlines for items, which are still open,
 * and the checks on a meeting id that came from a card. Shared by the agenda's services.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Meeting } from '../registry/registry-types.js';
import { findMeeting, upcomingMeetings } from '../registry/meeting-repository.js';
import { DomainError, notFound } from '../shared/errors.js';
import { deadlineFor, deadlinePassedMessage, isOnTime, isOpenForItems } from './agenda-domain.js';
import type { MeetingOption } from './agenda-views.js';

export interface AgendaCalendarDeps {
  db: Db;
  clock: Clock;
  /** Items are due this many calendar days before the meeting (the statutes say 14). */
  deadlineDays: number;
}

export class AgendaCalendar {
  constructor(private readonly deps: AgendaCalendarDeps) {}

  get deadlineDays(): number {
    return this.deps.deadlineDays;
  }

  deadlineOf(meeting: Meeting): Date {
    return deadlineFor(meeting.startsAt, this.deps.deadlineDays);
  }

  /** Whether an item for this meeting is on time now. */
  isOnTime(meeting: Meeting): boolean {
    return isOnTime(meeting.startsAt, this.deps.deadlineDays, this.deps.clock.now());
  }

  option(meeting: Meeting): MeetingOption {
    return { meetingId: meeting.id, startsAt: meeting.startsAt, deadline: this.deadlineOf(meeting) };
  }

  /** The planned steering-committee meetings not yet begun, soonest first. */
  upcoming(q: Queryable = this.deps.db): Promise<Meeting[]> {
    return upcomingMeetings(q, this.deps.clock.now(), 'styregruppe');
  }

  /** The soonest meeting whose deadline has not passed. */
  async nextOpen(q: Queryable = this.deps.db): Promise<Meeting | undefined> {
    const now = this.deps.clock.now();
    return (await this.upcoming(q)).find((m) => isOpenForItems(m, this.deps.deadlineDays, now));
  }

  /** A meeting id from a card, for an item: a planned steering-committee meeting that has not been held. */
  async meetingForItems(meetingId: number): Promise<Meeting> {
    const meeting = await findMeeting(this.deps.db, meetingId);
    if (!meeting || meeting.kind !== 'styregruppe') throw notFound('Mødet');
    if (meeting.status !== 'planlagt') throw new DomainError('CLOSED', 'Mødet er aflyst. Vælg et andet møde.');
    if (meeting.startsAt <= this.deps.clock.now())
      throw new DomainError('CLOSED', 'Mødet er afholdt. Vælg et kommende møde.');
    return meeting;
  }

  /** The refusal for a change after the deadline, naming the meeting's deadline. */
  deadlinePassed(meeting: Meeting): DomainError {
    return new DomainError('DEADLINE_PASSED', deadlinePassedMessage(meeting.startsAt, this.deadlineOf(meeting)));
  }
}
