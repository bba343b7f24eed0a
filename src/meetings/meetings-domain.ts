/**
 * A meeting's rules, pure: who may keep the calendar, what a meeting form must hold, the statutes' count of
 * meetings per year and a host rotation (seed 000: the committee meets 8 times a year, the assembly twice), who is
 * invited, and what attendance the seats are expected to have (afbud, the deputy called in, the quorum outlook).
 */
import { z } from 'zod';
import type { Actor, CommitteeSeat, MeetingKind } from '../registry/registry-types.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { countNoun } from '../shared/danish.js';
import { copenhagenToUtc } from '../shared/time.js';

export const KIND_LABELS: Record<MeetingKind, string> = {
  styregruppe: 'Styregruppemøde',
  repraesentantskab: 'Repræsentantskabsmøde',
};

/** The secretariat keeps the calendar and the minutes (seed 000: "DDH-sekretariatet sekretariatsbetjener"). */
export function mayManageMeetings(actor: Pick<Actor, 'secretariat'>): boolean {
  return actor.secretariat;
}

/** How many meetings of each kind a year should have (configurable; the statutes say 8 and 2). */
export type YearTargets = Record<MeetingKind, number>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Skriv tiden som tt:mm, f.eks. 10:00.');

/** What the calendar form sends; every field validated on the server whatever the card allowed. */
export const meetingFormSchema = z.object({
  kind: z.enum(['styregruppe', 'repraesentantskab'], { message: 'Vælg mødetype.' }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Vælg en dato.'),
  startTime: time,
  endTime: time,
  place: z.string().trim().min(3, 'Skriv mødestedet.').max(500, 'Mødestedet må højst være 500 tegn.'),
  host: z
    .union([z.literal(''), z.coerce.number().int().positive()])
    .refine((code) => code === '' || municipalityByCode(code) !== undefined, 'Vælg en værtskommune fra listen.')
    .optional(),
  onlineUrl: z
    .string()
    .trim()
    .max(1000, 'Linket må højst være 1000 tegn.')
    .refine((url) => url === '' || /^https:\/\/\S+$/.test(url), 'Online-linket skal være et https-link.')
    .optional(),
});
export type MeetingForm = z.infer<typeof meetingFormSchema>;

export interface MeetingTimes {
  startsAt: Date;
  endsAt: Date;
}

/** The form's Copenhagen date and times as instants; the end must come after the start. */
export function meetingTimes(form: Pick<MeetingForm, 'date' | 'startTime' | 'endTime'>): MeetingTimes | string {
  let startsAt: Date;
  let endsAt: Date;
  try {
    startsAt = copenhagenToUtc(form.date, form.startTime);
    endsAt = copenhagenToUtc(form.date, form.endTime);
  } catch {
    return 'Datoen eller tiden findes ikke (f.eks. ved skift til sommertid).';
  }
  if (endsAt <= startsAt) return 'Mødet skal slutte efter det begynder.';
  return { startsAt, endsAt };
}

export interface YearCheck {
  counts: Record<MeetingKind, number>;
  /** Danish lines saying where the year differs from the targets; empty when it matches. */
  problems: string[];
}

/** The planned meetings of one year against the targets. */
export function checkYear(kinds: MeetingKind[], targets: YearTargets): YearCheck {
  const counts = { styregruppe: 0, repraesentantskab: 0 };
  for (const kind of kinds) counts[kind]++;
  const problems: string[] = [];
  const nouns: Record<MeetingKind, [string, string]> = {
    styregruppe: ['styregruppemøde', 'styregruppemøder'],
    repraesentantskab: ['repræsentantskabsmøde', 'repræsentantskabsmøder'],
  };
  for (const kind of ['styregruppe', 'repraesentantskab'] as const) {
    const [one, many] = nouns[kind];
    if (counts[kind] < targets[kind])
      problems.push(
        `Der mangler ${countNoun(targets[kind] - counts[kind], one, many)} (vedtægterne: ${countNoun(targets[kind], one, many)} om året).`,
      );
    if (counts[kind] > targets[kind])
      problems.push(
        `Der er ${countNoun(counts[kind] - targets[kind], one, many)} mere end vedtægternes ${countNoun(targets[kind], one, many)} om året.`,
      );
  }
  return { counts, problems };
}

/**
 * The next hosts, taking turns: the committee's municipalities that hosted least recently come first (never hosted
 * before anyone), ties in the committee's order. `lastHosted` holds each municipality's latest hosting.
 */
export function suggestHosts(candidates: number[], lastHosted: Map<number, Date>, count: number): number[] {
  const order = [...candidates].sort((a, b) => {
    const at = lastHosted.get(a)?.getTime() ?? -Infinity;
    const bt = lastHosted.get(b)?.getTime() ?? -Infinity;
    return at === bt ? candidates.indexOf(a) - candidates.indexOf(b) : at - bt;
  });
  return order.slice(0, Math.max(0, count));
}

export type InviteeCapacity = 'medlem' | 'suppleant' | 'sekretariat' | 'repraesentant';

export interface InviteeRef {
  personId: number;
  capacity: InviteeCapacity;
  municipalityCode: number | null;
}

/**
 * Who a meeting invites: for the committee, each seat's member and deputy and the secretariat; for the assembly,
 * each member municipality's representative and the secretariat. A person is invited once, in their first capacity.
 */
export function inviteesOf(
  kind: MeetingKind,
  parts: { seats: CommitteeSeat[]; secretariat: number[]; representatives: { personId: number; code: number }[] },
): InviteeRef[] {
  const out: InviteeRef[] = [];
  const add = (ref: InviteeRef) => {
    if (!out.some((x) => x.personId === ref.personId)) out.push(ref);
  };
  if (kind === 'styregruppe') {
    for (const seat of parts.seats)
      if (seat.memberPersonId)
        add({ personId: seat.memberPersonId, capacity: 'medlem', municipalityCode: seat.municipalityCode });
    for (const seat of parts.seats)
      if (seat.deputyPersonId)
        add({ personId: seat.deputyPersonId, capacity: 'suppleant', municipalityCode: seat.municipalityCode });
  } else {
    for (const rep of parts.representatives)
      add({ personId: rep.personId, capacity: 'repraesentant', municipalityCode: rep.code });
  }
  for (const personId of parts.secretariat) add({ personId, capacity: 'sekretariat', municipalityCode: null });
  return out;
}

export type MemberStatus = 'deltager' | 'online' | 'afbud';
export type DeputyStatus = 'indkaldt' | 'afbud';

/** A seat's recorded change from "the member attends" (no record: the member is expected). */
export interface AttendanceRecord {
  municipalityCode: number;
  memberPersonId: number | null;
  memberStatus: MemberStatus;
  deputyPersonId: number | null;
  deputyStatus: DeputyStatus | null;
  changedAt: Date;
}

export interface SeatAttendance {
  municipalityCode: number;
  memberPersonId: number | null;
  deputyPersonId: number | null;
  memberStatus: MemberStatus;
  deputyStatus: DeputyStatus | null;
  /** Who is expected to sit in the seat (and vote for it); null when nobody is. */
  expected: { personId: number; asDeputy: boolean } | null;
}

/** Every seat of the term with who is expected in it: the member unless afbud, then the deputy when called in. */
export function seatAttendance(seats: CommitteeSeat[], records: AttendanceRecord[]): SeatAttendance[] {
  return seats.map((seat) => {
    const record = records.find((r) => r.municipalityCode === seat.municipalityCode);
    const memberStatus: MemberStatus = record?.memberStatus ?? 'deltager';
    const deputyStatus = record?.deputyStatus ?? null;
    const expected =
      memberStatus !== 'afbud' && seat.memberPersonId
        ? { personId: seat.memberPersonId, asDeputy: false }
        : deputyStatus === 'indkaldt' && seat.deputyPersonId
          ? { personId: seat.deputyPersonId, asDeputy: true }
          : null;
    return {
      municipalityCode: seat.municipalityCode,
      memberPersonId: seat.memberPersonId,
      deputyPersonId: seat.deputyPersonId,
      memberStatus,
      deputyStatus,
      expected,
    };
  });
}

export interface QuorumOutlook {
  seats: number;
  expected: number;
  /** Seats needed: strictly more than `share` of the seats (voting's rule). */
  needed: number;
  met: boolean;
}

export function quorumOutlook(attendance: SeatAttendance[], share: number): QuorumOutlook {
  const seats = attendance.length;
  const expected = attendance.filter((seat) => seat.expected).length;
  const needed = Math.floor(seats * share) + 1;
  return { seats, expected, needed, met: expected >= needed };
}

/**
 * The agenda's "Der er afbud/ændringer fra:" lines (seed 003: "Marianne, Furesø deltager via TEAMS"), seat by seat.
 */
export function attendanceLines(
  attendance: SeatAttendance[],
  names: Map<number, string>,
  municipalityName: (code: number) => string,
): string[] {
  const lines: string[] = [];
  for (const seat of attendance) {
    const member = `${(seat.memberPersonId && names.get(seat.memberPersonId)) || 'Medlemmet'}, ${municipalityName(seat.municipalityCode)}`;
    const deputy = (seat.deputyPersonId && names.get(seat.deputyPersonId)) || 'suppleanten';
    if (seat.memberStatus === 'online') lines.push(`${member} deltager via Teams`);
    if (seat.memberStatus !== 'afbud') continue;
    const stand =
      seat.deputyStatus === 'indkaldt'
        ? ` – suppleant ${deputy} deltager`
        : seat.deputyStatus === 'afbud'
          ? ' – suppleanten har også meldt afbud'
          : '';
    lines.push(`${member}: afbud${stand}`);
  }
  return lines;
}

/** The seat's next record, or null when the press changes nothing (already so, or a deputy not called in). */
export function nextRecord(
  seat: SeatAttendance,
  asMember: boolean,
  status: MemberStatus,
  at: Date,
): AttendanceRecord | null {
  const base = {
    municipalityCode: seat.municipalityCode,
    memberPersonId: seat.memberPersonId,
    deputyPersonId: seat.deputyPersonId,
    changedAt: at,
  };
  if (asMember) {
    if (seat.memberStatus === status) return null;
    const deputyStatus =
      status === 'afbud' && seat.deputyPersonId !== null
        ? seat.deputyStatus === 'afbud'
          ? 'afbud'
          : 'indkaldt'
        : null;
    return { ...base, memberStatus: status, deputyStatus };
  }
  if (seat.deputyStatus === null) return null;
  const deputyStatus = status === 'afbud' ? 'afbud' : 'indkaldt';
  if (deputyStatus === seat.deputyStatus) return null;
  return { ...base, memberStatus: seat.memberStatus, deputyStatus };
}
