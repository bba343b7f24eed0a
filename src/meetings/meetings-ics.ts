/**
 * A meeting as a calendar invitation (RFC 5545 with iTIP's METHOD): one VEVENT whose UID stays the same for the
 * meeting's whole life, SEQUENCE rising with every change, METHOD:CANCEL once it is cancelled. Times are written in
 * UTC, so every calendar shows them in its own zone without a VTIMEZONE. ical-generator escapes and folds the text.
 */
import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Meeting } from '../registry/registry-types.js';
import { KIND_LABELS } from './meetings-domain.js';
import type { CalendarEntry, Invitee } from './meetings-repository.js';

export interface IcsInput {
  meeting: Meeting;
  calendar: CalendarEntry;
  /** Set when the meeting is cancelled (not moved: a moved meeting's file describes its new time). */
  cancelled: boolean;
  placeLine: string;
  invitees: Invitee[];
  /** Deputies called in for an absent member attend as required participants, other deputies as optional. */
  calledInDeputies: number[];
  organizer: { name: string; email: string };
  joinUrl: string | null;
  agendaUrl: string | null;
  /** DTSTAMP: when this version was made. */
  stamp: Date;
}

export function buildInvitationIcs(input: IcsInput): string {
  const { meeting, calendar } = input;
  const calendarFile = ical({
    prodId: { company: 'Den Digitale Hotline', product: 'DDH Teams-bot', language: 'DA' },
    method: input.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const description = [
    `${KIND_LABELS[meeting.kind]} i Den Digitale Hotline.`,
    input.joinUrl ? `Deltag online: ${input.joinUrl}` : '',
    input.agendaUrl ? `Dagsorden: ${input.agendaUrl}` : '',
  ].filter(Boolean);
  calendarFile.createEvent({
    id: calendar.uid,
    sequence: calendar.sequence,
    stamp: input.stamp,
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: `${input.cancelled ? 'AFLYST: ' : ''}${KIND_LABELS[meeting.kind]} – Den Digitale Hotline`,
    location: input.placeLine,
    description: description.join('\n'),
    url: input.joinUrl,
    status: input.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: input.organizer,
    attendees: input.invitees.map((invitee) => ({
      name: invitee.name,
      email: invitee.email,
      rsvp: !input.cancelled,
      role:
        invitee.capacity === 'suppleant' && !input.calledInDeputies.includes(invitee.personId)
          ? ICalAttendeeRole.OPT
          : ICalAttendeeRole.REQ,
    })),
  });
  return calendarFile.toString();
}
