/**
 * The invitation cards: what each invitee's card shows, sending it to people not yet invited, and updating every
 * copy in place when the meeting or its attendance changes. A card is named by the meeting's calendar UID and the
 * person, so after a move the same card shows the new time.
 */
import type { Queryable } from '../db/database.js';
import type { Delivery, OutboxMessage } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import { buildInvitationCard } from './meetings-cards.js';
import type { MeetingLinks } from './meetings-links.js';
import type { MeetingAgendaNeighbour } from './meetings-neighbours.js';
import type { Invitee } from './meetings-repository.js';
import { municipalityName, placeLineOf, type MeetingState } from './meetings-state.js';
import type { InvitationView } from './meetings-views.js';

export const invitationRef = (uid: string, personId: number) => `meetings-invitation:${uid}:${personId}`;

export interface InvitationCardsDeps {
  clock: Clock;
  delivery: Delivery;
  links: MeetingLinks;
  agenda: MeetingAgendaNeighbour;
}

export class InvitationCards {
  constructor(private readonly deps: InvitationCardsDeps) {}

  async agendaUrl(q: Queryable, state: MeetingState): Promise<string | null> {
    return (await this.deps.agenda.agendaLink?.(q, state.meeting.id)) ?? null;
  }

  /** The invitation as this invitee sees it. */
  viewOf(state: MeetingState, invitee: Invitee, agendaUrl: string | null): InvitationView {
    const seat = state.attendance.find((s) => s.municipalityCode === invitee.municipalityCode);
    const nameOf = (personId: number | null) =>
      personId === null ? null : (state.invitees.find((i) => i.personId === personId)?.name ?? null);
    const holdsSeat = seat && (invitee.capacity === 'medlem' || invitee.capacity === 'suppleant');
    return {
      meeting: state.summary,
      placeLine: placeLineOf(state.meeting),
      personId: invitee.personId,
      capacity: invitee.capacity,
      municipalityName: municipalityName(invitee.municipalityCode),
      memberStatus: holdsSeat ? seat.memberStatus : null,
      deputyStatus: holdsSeat ? seat.deputyStatus : null,
      otherName: holdsSeat
        ? invitee.capacity === 'medlem'
          ? nameOf(seat.deputyPersonId)
          : nameOf(seat.memberPersonId)
        : null,
      held: state.meeting.startsAt <= this.deps.clock.now(),
      icsUrl: this.deps.links.invitation(state.meeting.id),
      joinUrl: state.calendar.onlineUrl ?? state.calendar.graphJoinUrl,
      agendaUrl,
    };
  }

  /** Sends the invitation card to these invitees (each once per meeting, whatever retries). */
  async send(tx: Queryable, state: MeetingState, personIds: number[]): Promise<void> {
    if (!personIds.length) return;
    const agendaUrl = await this.agendaUrl(tx, state);
    const batch = `meetings:invitation:${state.meeting.id}`;
    const messages: OutboxMessage[] = state.invitees
      .filter((invitee) => personIds.includes(invitee.personId))
      .map((invitee) => ({
        key: `meetings:invitation:${state.meeting.id}:${invitee.personId}`,
        to: { kind: 'person', personId: invitee.personId },
        card: buildInvitationCard(this.viewOf(state, invitee, agendaUrl)),
        cardRef: invitationRef(state.calendar.uid, invitee.personId),
        batch,
      }));
    await this.deps.delivery.enqueue(messages, tx);
  }

  /** Every invitee's card (or these people's) shows the meeting as it now is. */
  async refresh(tx: Queryable, state: MeetingState, personIds?: number[]): Promise<void> {
    const agendaUrl = await this.agendaUrl(tx, state);
    for (const invitee of state.invitees) {
      if (personIds && !personIds.includes(invitee.personId)) continue;
      await this.deps.delivery.updateCard(
        invitationRef(state.calendar.uid, invitee.personId),
        buildInvitationCard(this.viewOf(state, invitee, agendaUrl)),
        tx,
      );
    }
  }
}
