/**
 * The steering-committee meetings as the agenda sees them: their deadlines for items, which are still open,
 * and the checks on a meeting id that came from a card. Shared by the agenda's services.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Meeting } from '../registry/registry-types.js';
import { findMeeting, meetingWithUpcoming, upcomingMeetings } from '../registry/meeting-repository.js';
import { DomainError, notFound } from '../shared/errors.js';
import { changeDeadlinePassedMessage, deadlineFor, isOnTime, isOpenForItems } from './agenda-domain.js';
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

  /** The soonest of these meetings whose deadline has not passed. */
  nextOpenOf(upcoming: Meeting[]): Meeting | undefined {
    const now = this.deps.clock.now();
    return upcoming.find((m) => isOpenForItems(m, this.deps.deadlineDays, now));
  }

  /**
   * A meeting id from a card, for an item, with the coming meetings (one read): a planned steering-committee
   * meeting that has not been held, else the refusal saying which it is.
   */
  async meetingForItemsWithUpcoming(meetingId: number): Promise<{ meeting: Meeting; upcoming: Meeting[] }> {
    const { meeting, upcoming } = await meetingWithUpcoming(
      this.deps.db,
      meetingId,
      this.deps.clock.now(),
      'styregruppe',
    );
    return { meeting: this.checkForItems(meeting), upcoming };
  }

  /** A meeting id from a card, for an item: a planned steering-committee meeting that has not been held. */
  async meetingForItems(meetingId: number): Promise<Meeting> {
    return this.checkForItems(await findMeeting(this.deps.db, meetingId));
  }

  private checkForItems(meeting: Meeting | null): Meeting {
    if (!meeting || meeting.kind !== 'styregruppe') throw notFound('Mødet');
    if (meeting.status !== 'planlagt') throw new DomainError('CLOSED', 'Mødet er aflyst. Vælg et andet møde.');
    if (meeting.startsAt <= this.deps.clock.now())
      throw new DomainError('CLOSED', 'Mødet er afholdt. Vælg et kommende møde.');
    return meeting;
  }

  /** Why a submitted item may no longer change: its meeting's deadline has passed (nothing was saved). */
  changeDeadlinePassed(meeting: Meeting): string {
    return changeDeadlinePassedMessage(meeting.startsAt, this.deadlineOf(meeting));
  }
}
