/**
 * Keeps the meeting's Graph calendar event (with its Teams meeting) in step with the meeting: created with the first
 * invitations, updated when the meeting moves, its details or its attendees change, cancelled with it. Runs as a
 * durable job after each change; when the event gets a Teams link, the invitation cards show it.
 */
import type { Db } from '../db/database.js';
import { KIND_LABELS } from './meetings-domain.js';
import type { OnlineCalendar, OnlineEventInput } from './meetings-graph.js';
import type { InvitationCards } from './meetings-invitations.js';
import { setOnlineEvent } from './meetings-repository.js';
import { loadMeetingState, placeLineOf, type MeetingState } from './meetings-state.js';

export interface OnlineSyncServiceDeps {
  db: Db;
  online: OnlineCalendar;
  invitations: InvitationCards;
  uidDomain: string;
}

export class OnlineSyncService {
  constructor(private readonly deps: OnlineSyncServiceDeps) {}

  async sync(meetingId: number): Promise<void> {
    const { db, online, invitations, uidDomain } = this.deps;
    const state = await loadMeetingState(db, meetingId, uidDomain);
    // A moved meeting's event now belongs to the meeting it moved to, whose own job updates it.
    if (!state || state.calendar.movedToMeetingId) return;
    const { calendar } = state;
    if (state.meeting.status === 'aflyst') {
      if (calendar.graphEventId) await online.cancel(calendar.graphEventId, 'Mødet er aflyst.');
      return;
    }
    const event = await this.eventOf(state);
    const { eventId, joinUrl } = calendar.graphEventId
      ? { eventId: calendar.graphEventId, ...(await online.update(calendar.graphEventId, event)) }
      : await online.create(event);
    if (eventId === calendar.graphEventId && (joinUrl ?? calendar.graphJoinUrl) === calendar.graphJoinUrl) return;
    await db.withTransaction(async (tx) => {
      await setOnlineEvent(tx, meetingId, eventId, joinUrl);
      const fresh = await loadMeetingState(tx, meetingId, uidDomain);
      if (fresh && !fresh.calendar.onlineUrl) await invitations.refresh(tx, fresh);
    });
  }

  private async eventOf(state: MeetingState): Promise<OnlineEventInput> {
    const agendaUrl = await this.deps.invitations.agendaUrl(this.deps.db, state);
    const calledIn = new Set(
      state.attendance.filter((s) => s.deputyStatus === 'indkaldt').map((s) => s.deputyPersonId),
    );
    return {
      key: state.calendar.uid,
      subject: `${KIND_LABELS[state.meeting.kind]} – Den Digitale Hotline`,
      startsAt: state.meeting.startsAt,
      endsAt: state.meeting.endsAt,
      location: placeLineOf(state.meeting),
      body: [
        `${KIND_LABELS[state.meeting.kind]} i Den Digitale Hotline.`,
        state.calendar.onlineUrl ? `Online-link: ${state.calendar.onlineUrl}` : '',
        agendaUrl ? `Dagsorden: ${agendaUrl}` : 'Dagsordenen udsendes, når den er udgivet.',
      ]
        .filter(Boolean)
        .join('\n'),
      attendees: state.invitees.map((invitee) => ({
        name: invitee.name,
        email: invitee.email,
        required: invitee.capacity !== 'suppleant' || calledIn.has(invitee.personId),
      })),
    };
  }
}
