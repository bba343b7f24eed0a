/**
 * Moving, changing and cancelling a meeting. A move is a new meeting row with the old one cancelled (as the registry
 * file models it), carrying the calendar UID with a higher SEQUENCE, the invitees and, through the agenda, every
 * item in its state; the deadline follows the date, and the agenda plans its reminders again. Each invitee and each
 * submitter gets one message saying what changed, and every invitation card is updated in place.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery, OutboxMessage } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { cancelMeeting, insertMeeting, updateMeeting, upcomingMeetings } from '../registry/meeting-repository.js';
import { countNoun } from '../shared/danish.js';
import { DomainError, forbidden, invalidInput, notFound } from '../shared/errors.js';
import { mayManageMeetings } from './meetings-domain.js';
import { buildChangeNoticeCard } from './meetings-cards.js';
import { MAY_NOT_MANAGE, meetingInputOf, parseForm, type CalendarService } from './meetings-calendar-service.js';
import type { InvitationCards } from './meetings-invitations.js';
import type { MeetingAgendaNeighbour } from './meetings-neighbours.js';
import { copyInvitees, currentMeetingId, lockMeeting, saveCalendar } from './meetings-repository.js';
import { loadMeetingState, placeLineOf, stateOf, type MeetingState } from './meetings-state.js';
import type { ChangeNoticeView, MeetingAdminView, MeetingSummary } from './meetings-views.js';

export interface ChangeServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  delivery: Delivery;
  calendar: CalendarService;
  invitations: InvitationCards;
  agenda: MeetingAgendaNeighbour;
  uidDomain: string;
}

const STALE = 'Mødet er ændret i mellemtiden; her er det, som det er nu.';

interface Outcome {
  state: MeetingState;
  notice: string;
  /** The agenda plans its deadline reminders again (the items' meeting changed). */
  replanReminders: boolean;
}

export class ChangeService {
  constructor(private readonly deps: ChangeServiceDeps) {}

  /** Moves the meeting (a new start) or changes its details; a card showing an older version gets the current one. */
  async change(
    actor: Actor,
    meetingId: number,
    sequence: number,
    data: Record<string, unknown>,
  ): Promise<MeetingAdminView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT_MANAGE);
    const outcome = await this.deps.db.withTransaction(async (tx): Promise<Outcome | null> => {
      const state = await this.lockedState(tx, meetingId);
      if (this.isStale(state, sequence)) return null;
      const input = meetingInputOf(parseForm(data, state.meeting.kind), state.meeting.kind);
      if (input.startsAt <= this.deps.clock.now()) throw invalidInput('Vælg et tidspunkt, der ikke er passeret.');
      if (input.startsAt.getTime() !== state.meeting.startsAt.getTime()) return this.move(tx, state, input);
      const same =
        input.endsAt.getTime() === state.meeting.endsAt.getTime() &&
        input.place === state.meeting.place &&
        input.hostMunicipalityCode === state.meeting.hostMunicipalityCode &&
        input.onlineUrl === state.calendar.onlineUrl;
      if (same) return { state, notice: 'Der var ingen ændringer at gemme.', replanReminders: false };
      const changed = (await updateMeeting(tx, state.meeting.id, input))!;
      await saveCalendar(tx, { ...state.calendar, sequence: state.calendar.sequence + 1, onlineUrl: input.onlineUrl });
      const after = await stateOf(tx, changed, this.deps.uidDomain);
      const told = await this.tell(tx, 'aendret', state, after, [], null);
      return { state: after, notice: `Mødet er ændret. ${told}`, replanReminders: false };
    });
    return this.answer(actor, meetingId, outcome);
  }

  /** Cancels the meeting; its agenda items go to the next planned meeting of the same kind. */
  async cancel(actor: Actor, meetingId: number, sequence: number): Promise<MeetingAdminView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT_MANAGE);
    const outcome = await this.deps.db.withTransaction(async (tx): Promise<Outcome | null> => {
      const state = await this.lockedState(tx, meetingId);
      if (this.isStale(state, sequence)) return null;
      const { meeting } = state;
      const cancelled = (await cancelMeeting(tx, meeting.id))!;
      await saveCalendar(tx, { ...state.calendar, sequence: state.calendar.sequence + 1 });
      const next = (await upcomingMeetings(tx, meeting.startsAt, meeting.kind, 1))[0] ?? null;
      const submitters =
        next && meeting.kind === 'styregruppe'
          ? ((await this.deps.agenda.moveItemsToMeeting?.(tx, meeting.id, next.id)) ?? [])
          : [];
      const after = await stateOf(tx, cancelled, this.deps.uidDomain);
      const nextState = next ? await stateOf(tx, next, this.deps.uidDomain) : null;
      const told = await this.tell(tx, 'aflyst', state, after, submitters, nextState?.summary ?? null);
      return { state: after, notice: `Mødet er aflyst. ${told}`, replanReminders: submitters.length > 0 };
    });
    return this.answer(actor, meetingId, outcome);
  }

  private async move(tx: Queryable, state: MeetingState, input: ReturnType<typeof meetingInputOf>): Promise<Outcome> {
    const { meeting, calendar } = state;
    const moved = await insertMeeting(tx, input);
    if (!moved)
      throw new DomainError('CONFLICT', 'Der er allerede et møde af den type på det tidspunkt (evt. aflyst).');
    await cancelMeeting(tx, meeting.id);
    // The new row carries the calendar identity and the online event; the old one only points to it.
    await saveCalendar(tx, {
      ...calendar,
      meetingId: moved.id,
      sequence: calendar.sequence + 1,
      onlineUrl: input.onlineUrl,
      movedToMeetingId: null,
      quorumWarned: false,
    });
    await saveCalendar(tx, { ...calendar, movedToMeetingId: moved.id, graphEventId: null });
    await copyInvitees(tx, meeting.id, moved.id);
    const submitters = (await this.deps.agenda.moveItemsToMeeting?.(tx, meeting.id, moved.id)) ?? [];
    const after = await stateOf(tx, moved, this.deps.uidDomain);
    const told = await this.tell(tx, 'flyttet', state, after, submitters, null);
    return { state: after, notice: `Mødet er flyttet. ${told}`, replanReminders: true };
  }

  /** One message to each invitee and submitter, and every invitation card updated; "n personer får besked." */
  private async tell(
    tx: Queryable,
    kind: ChangeNoticeView['kind'],
    before: MeetingState,
    after: MeetingState,
    submitters: number[],
    itemsMovedTo: MeetingSummary | null,
  ): Promise<string> {
    await this.deps.invitations.refresh(tx, after);
    const invitees = after.invitees.map((i) => i.personId);
    const people = [...new Set([...invitees, ...submitters])];
    const key = `meetings:change:${after.calendar.uid}:${after.calendar.sequence}`;
    const messages: OutboxMessage[] = people.map((personId) => ({
      key: `${key}:${personId}`,
      to: { kind: 'person', personId },
      card: buildChangeNoticeCard({
        kind,
        before: before.summary,
        after: kind === 'aflyst' ? null : after.summary,
        placeLine: placeLineOf(after.meeting),
        submitter: submitters.includes(personId),
        invitee: invitees.includes(personId),
        itemsMovedTo,
      }),
      batch: key,
    }));
    await this.deps.delivery.enqueue(messages, tx);
    await this.deps.calendar.scheduleSync(tx, after);
    return `${countNoun(people.length, 'person', 'personer')} får besked.`;
  }

  private async lockedState(tx: Queryable, meetingId: number): Promise<MeetingState> {
    await lockMeeting(tx, meetingId);
    const state = await loadMeetingState(tx, meetingId, this.deps.uidDomain);
    if (!state) throw notFound('Mødet');
    return state;
  }

  private isStale(state: MeetingState, sequence: number): boolean {
    const { meeting, calendar } = state;
    return calendar.sequence !== sequence || meeting.status !== 'planlagt' || isHeld(meeting, this.deps.clock.now());
  }

  /** The meeting's card as it now is: after this change, or (stale card) where the meeting has gone since. */
  private async answer(actor: Actor, meetingId: number, outcome: Outcome | null): Promise<MeetingAdminView> {
    if (!outcome) return this.deps.calendar.meeting(actor, await currentMeetingId(this.deps.db, meetingId), STALE);
    if (outcome.replanReminders)
      await this.deps.agenda.planReminders?.().catch((error: unknown) => {
        // The daily planning run catches up; the move itself is done.
        this.deps.log.warn({ err: error }, 'Fristpåmindelser kunne ikke planlægges efter flytning');
      });
    return this.deps.calendar.adminView(this.deps.db, outcome.state, outcome.notice);
  }
}

const isHeld = (meeting: Meeting, now: Date) => meeting.startsAt <= now;
