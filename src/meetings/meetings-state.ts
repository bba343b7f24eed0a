/**
 * A meeting with everything its cards and rules need, loaded in one place: the registry's row, its calendar
 * identity, the invitees, the active term's seats and their attendance. Shared by the meetings' services.
 */
import type { Queryable } from '../db/database.js';
import { findMeeting } from '../registry/meeting-repository.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { activeTerm } from '../registry/registry-repository.js';
import type { CommitteeSeat, Meeting } from '../registry/registry-types.js';
import { seatAttendance, type SeatAttendance } from './meetings-domain.js';
import {
  attendanceOf,
  ensureCalendar,
  inviteesOfMeeting,
  type CalendarEntry,
  type Invitee,
} from './meetings-repository.js';
import type { MeetingSummary } from './meetings-views.js';

export const municipalityName = (code: number | null): string | null =>
  code === null ? null : (municipalityByCode(code)?.name ?? String(code));

/** "Viborg Kommune, Viborg Rådhus, mødelokale M3.3" as the agenda writes it. */
export function placeLineOf(meeting: Pick<Meeting, 'hostMunicipalityCode' | 'place'>): string {
  const host = municipalityName(meeting.hostMunicipalityCode);
  return [host ? `${host} Kommune` : '', meeting.place].filter(Boolean).join(', ');
}

/** The calendar UID: made from the first meeting's id and kept through every move. */
export const uidFor = (meetingId: number, domain: string) => `ddh-moede-${meetingId}@${domain}`;

export function summaryOf(meeting: Meeting, calendar: CalendarEntry | null): MeetingSummary {
  return {
    meetingId: meeting.id,
    kind: meeting.kind,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    place: meeting.place,
    hostCode: meeting.hostMunicipalityCode,
    hostName: municipalityName(meeting.hostMunicipalityCode),
    status: meeting.status,
    movedToMeetingId: calendar?.movedToMeetingId ?? null,
    sequence: calendar?.sequence ?? 0,
    onlineUrl: calendar?.onlineUrl ?? null,
  };
}

export interface MeetingState {
  meeting: Meeting;
  calendar: CalendarEntry;
  summary: MeetingSummary;
  invitees: Invitee[];
  /** The active term's seats (empty for the assembly, which has no seats). */
  seats: CommitteeSeat[];
  attendance: SeatAttendance[];
}

/** The meeting by id with its state; null when there is no such meeting. */
export async function loadMeetingState(
  q: Queryable,
  meetingId: number,
  uidDomain: string,
): Promise<MeetingState | null> {
  const meeting = await findMeeting(q, meetingId);
  if (!meeting) return null;
  return stateOf(q, meeting, uidDomain);
}

export async function stateOf(q: Queryable, meeting: Meeting, uidDomain: string): Promise<MeetingState> {
  const calendar = await ensureCalendar(q, meeting.id, uidFor(meeting.id, uidDomain));
  const invitees = await inviteesOfMeeting(q, meeting.id);
  const seats = meeting.kind === 'styregruppe' ? ((await activeTerm(q))?.seats ?? []) : [];
  const records = seats.length ? await attendanceOf(q, meeting.id) : [];
  return {
    meeting,
    calendar,
    summary: summaryOf(meeting, calendar),
    invitees,
    seats,
    attendance: seatAttendance(seats, records),
  };
}

/** The seats' attendance at a committee meeting, read only (for the agenda and voting); empty for other meetings. */
export async function seatAttendanceOf(q: Queryable, meetingId: number): Promise<SeatAttendance[]> {
  const meeting = await findMeeting(q, meetingId);
  if (!meeting || meeting.kind !== 'styregruppe') return [];
  const seats = (await activeTerm(q))?.seats ?? [];
  return seatAttendance(seats, seats.length ? await attendanceOf(q, meetingId) : []);
}
