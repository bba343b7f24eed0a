/**
 * The calendar invitation behind the signed link on the invitation card: the meeting as it now is (a moved
 * meeting's old link gives the new time with a higher SEQUENCE; a cancelled one METHOD:CANCEL). The signature is
 * checked before anything is looked up.
 */
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { forbidden, notFound } from '../shared/errors.js';
import { buildInvitationIcs } from './meetings-ics.js';
import type { InvitationCards } from './meetings-invitations.js';
import type { MeetingLinks } from './meetings-links.js';
import { currentMeetingId } from './meetings-repository.js';
import { loadMeetingState, placeLineOf } from './meetings-state.js';

export interface InvitationFileServiceDeps {
  db: Db;
  clock: Clock;
  links: MeetingLinks;
  invitations: InvitationCards;
  organizer: { name: string; email: string };
  uidDomain: string;
}

export class InvitationFileService {
  constructor(private readonly deps: InvitationFileServiceDeps) {}

  async signedIcs(meetingId: number, signature: string): Promise<string> {
    const { db, clock, links, invitations, organizer, uidDomain } = this.deps;
    if (!links.invitationSigned(meetingId, signature)) throw forbidden('Linket er ugyldigt.');
    const state = await loadMeetingState(db, await currentMeetingId(db, meetingId), uidDomain);
    if (!state) throw notFound('Mødet');
    return buildInvitationIcs({
      meeting: state.meeting,
      calendar: state.calendar,
      cancelled: state.meeting.status === 'aflyst',
      placeLine: placeLineOf(state.meeting),
      invitees: state.invitees,
      calledInDeputies: state.attendance
        .filter((seat) => seat.deputyStatus === 'indkaldt' && seat.deputyPersonId !== null)
        .map((seat) => seat.deputyPersonId!),
      organizer,
      joinUrl: state.calendar.onlineUrl ?? state.calendar.graphJoinUrl,
      agendaUrl: await invitations.agendaUrl(db, state),
      stamp: clock.now(),
    });
  }
}
