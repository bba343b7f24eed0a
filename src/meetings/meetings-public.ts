/**
 * What other capabilities may ask of meetings. The agenda reads `AgendaMeetingFacts` for its Word document (the
 * "Der er afbud/ændringer fra:" line and the open follow-up points under the minutes-approval item); voting reads
 * `MeetingAttendanceFacts` (a deputy's ballot counts for the seat when the member has reported afbud); the agenda
 * calls `agendaPublished` after publishing, so invitations and the calendar event link the new agenda.
 */
import type { Queryable } from '../db/database.js';
import { attendanceLines } from './meetings-domain.js';
import { openFollowUps as openFollowUpRows } from './meetings-minutes-repository.js';
import { namesOf } from './meetings-repository.js';
import { municipalityName, seatAttendanceOf } from './meetings-state.js';

export interface AbsenceFact {
  municipalityCode: number;
  municipalityName: string;
  memberPersonId: number | null;
  memberName: string | null;
  /** 'afbud': the member does not come; 'online': the member takes part through Teams. */
  status: 'afbud' | 'online';
  /** The deputy standing in (called in), or who also sent afbud. */
  deputy: { personId: number; name: string | null; status: 'indkaldt' | 'afbud' } | null;
  /** The agenda's line as seed 003 writes it, e.g. "Navn, Furesø deltager via Teams". */
  line: string;
}

export interface OpenFollowUpFact {
  id: number;
  text: string;
  ownerName: string | null;
  /** YYYY-MM-DD */
  dueOn: string;
  meetingId: number;
  meetingStartsAt: Date;
  itemNumber: string | null;
}

/** What the agenda reads from meetings for its Word document. */
export interface AgendaMeetingFacts {
  absencesOf(q: Queryable, meetingId: number): Promise<AbsenceFact[]>;
  openFollowUps(q: Queryable): Promise<OpenFollowUpFact[]>;
}

export interface PresentSeat {
  municipalityCode: number;
  personId: number;
  asDeputy: boolean;
}

/** What voting reads: who sits in each seat at a committee meeting. */
export interface MeetingAttendanceFacts {
  /** The seats expected to be filled, by the member or (after the member's afbud) the called-in deputy. */
  presentSeats(q: Queryable, meetingId: number): Promise<PresentSeat[]>;
  /** Members who reported afbud (their deputy's ballot counts for the seat). */
  absentMembers(q: Queryable, meetingId: number): Promise<{ municipalityCode: number; personId: number }[]>;
  /** Voting's MemberAttendance for one seat: 'absent' after afbud, else 'unknown' (nobody takes a roll call). */
  memberAttendance(q: Queryable, meetingId: number, municipalityCode: number): Promise<'absent' | 'unknown'>;
}

export async function absencesOf(q: Queryable, meetingId: number): Promise<AbsenceFact[]> {
  const seats = (await seatAttendanceOf(q, meetingId)).filter((s) => s.memberStatus !== 'deltager');
  const names = await namesOf(
    q,
    seats.flatMap((s) => [s.memberPersonId, s.deputyPersonId]).filter((p) => p !== null),
  );
  const nameOf = (code: number) => municipalityName(code) ?? String(code);
  return seats.map((seat) => ({
    municipalityCode: seat.municipalityCode,
    municipalityName: nameOf(seat.municipalityCode),
    memberPersonId: seat.memberPersonId,
    memberName: seat.memberPersonId ? (names.get(seat.memberPersonId) ?? null) : null,
    status: seat.memberStatus === 'online' ? 'online' : 'afbud',
    deputy:
      seat.deputyPersonId && seat.deputyStatus
        ? { personId: seat.deputyPersonId, name: names.get(seat.deputyPersonId) ?? null, status: seat.deputyStatus }
        : null,
    line: attendanceLines([seat], names, nameOf)[0],
  }));
}

export async function openFollowUps(q: Queryable): Promise<OpenFollowUpFact[]> {
  return (await openFollowUpRows(q)).map((f) => ({
    id: f.id,
    text: f.text,
    ownerName: f.ownerName,
    dueOn: f.dueOn,
    meetingId: f.meetingId,
    meetingStartsAt: f.meetingStartsAt,
    itemNumber: f.itemNumber,
  }));
}

export async function presentSeats(q: Queryable, meetingId: number): Promise<PresentSeat[]> {
  return (await seatAttendanceOf(q, meetingId)).flatMap((seat) =>
    seat.expected ? [{ municipalityCode: seat.municipalityCode, ...seat.expected }] : [],
  );
}

export async function absentMembers(
  q: Queryable,
  meetingId: number,
): Promise<{ municipalityCode: number; personId: number }[]> {
  return (await seatAttendanceOf(q, meetingId)).flatMap((seat) =>
    seat.memberStatus === 'afbud' && seat.memberPersonId
      ? [{ municipalityCode: seat.municipalityCode, personId: seat.memberPersonId }]
      : [],
  );
}

export async function memberAttendance(
  q: Queryable,
  meetingId: number,
  municipalityCode: number,
): Promise<'absent' | 'unknown'> {
  const seat = (await seatAttendanceOf(q, meetingId)).find((s) => s.municipalityCode === municipalityCode);
  return seat?.memberStatus === 'afbud' ? 'absent' : 'unknown';
}

/** Everything the neighbours may use, as one object the composition root hands out. */
export interface MeetingsPublic extends AgendaMeetingFacts, MeetingAttendanceFacts {
  /** After the agenda publishes: invitation cards and the calendar event get the agenda's link. */
  agendaPublished(tx: Queryable, meetingId: number): Promise<void>;
}

export function meetingsPublicOf(agendaPublished: MeetingsPublic['agendaPublished']): MeetingsPublic {
  return { absencesOf, openFollowUps, presentSeats, absentMembers, memberAttendance, agendaPublished };
}
