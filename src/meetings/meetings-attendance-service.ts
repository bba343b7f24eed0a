/**
 * Afbud and deputies (seed 000: a municipality may send a deputy with decision authority). A member's "Meld afbud"
 * calls in the seat's deputy, who is invited (if not already) and told; "Jeg kan alligevel deltage" releases the
 * deputy again. Every change updates both invitation cards and the secretariat's quorum warning, which is sent the
 * first time the expected attendance falls below the quorum share and kept up to date in place after that.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { forbidden, notFound } from '../shared/errors.js';
import {
  attendanceLines,
  nextRecord,
  quorumOutlook,
  type MemberStatus,
  type SeatAttendance,
} from './meetings-domain.js';
import { buildNoticeCard, meetingTitle, MEETINGS_VERBS } from './meetings-cards.js';
import type { CalendarService } from './meetings-calendar-service.js';
import type { InvitationCards } from './meetings-invitations.js';
import {
  addInvitees,
  currentMeetingId,
  lockMeeting,
  namesOf,
  saveAttendance,
  saveCalendar,
} from './meetings-repository.js';
import { loadMeetingState, municipalityName, stateOf, type MeetingState } from './meetings-state.js';
import type { InvitationView } from './meetings-views.js';

export interface AttendanceServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  calendar: CalendarService;
  invitations: InvitationCards;
  quorumShare: number;
  uidDomain: string;
}

const NO_SEAT = 'Kun styregruppens medlemmer og suppleanter kan melde afbud.';

export class AttendanceService {
  constructor(private readonly deps: AttendanceServiceDeps) {}

  /** The member's or the called-in deputy's answer; pressing what already holds changes nothing. */
  async report(actor: Actor, meetingId: number, status: MemberStatus): Promise<InvitationView> {
    // Authorised before any lookup: only people holding a seat in the active term may answer for one.
    if (!actor.seats.length) throw forbidden(NO_SEAT);
    const { db, clock, uidDomain } = this.deps;
    return db.withTransaction(async (tx) => {
      const id = await currentMeetingId(tx, meetingId);
      await lockMeeting(tx, id);
      const state = await loadMeetingState(tx, id, uidDomain);
      if (!state || state.meeting.kind !== 'styregruppe') throw notFound('Mødet');
      const seat = state.attendance.find((s) => s.memberPersonId === actor.id || s.deputyPersonId === actor.id);
      if (!seat) throw forbidden(NO_SEAT);
      const open = state.meeting.status === 'planlagt' && state.meeting.startsAt > clock.now();
      const record = open ? nextRecord(seat, seat.memberPersonId === actor.id, status, clock.now()) : null;
      if (!record) return this.viewFor(tx, state, actor.id, seat);
      await saveAttendance(tx, id, record, actor.id);
      const after = await stateOf(tx, state.meeting, uidDomain);
      await this.tellDeputy(tx, state, after, seat.municipalityCode);
      await this.deps.invitations.refresh(
        tx,
        after,
        [seat.memberPersonId, seat.deputyPersonId].filter((p) => p !== null),
      );
      await this.checkQuorum(tx, after);
      await this.deps.calendar.scheduleSync(tx, after);
      return this.viewFor(
        tx,
        after,
        actor.id,
        after.attendance.find((s) => s.municipalityCode === seat.municipalityCode)!,
      );
    });
  }

  /** A deputy called in is invited (if not yet) and told; a deputy released is told too. */
  private async tellDeputy(tx: Queryable, before: MeetingState, after: MeetingState, code: number): Promise<void> {
    const was = before.attendance.find((s) => s.municipalityCode === code)!;
    const now = after.attendance.find((s) => s.municipalityCode === code)!;
    const deputy = now.deputyPersonId;
    if (deputy === null || was.deputyStatus === now.deputyStatus || now.deputyStatus === 'afbud') return;
    const calledIn = now.deputyStatus === 'indkaldt';
    if (calledIn) {
      const added = await addInvitees(
        tx,
        after.meeting.id,
        [{ personId: deputy, capacity: 'suppleant', municipalityCode: code }],
        this.deps.clock.now(),
      );
      if (added.length)
        await this.deps.invitations.send(tx, await stateOf(tx, after.meeting, this.deps.uidDomain), added);
    }
    const names = await namesOf(tx, [now.memberPersonId ?? 0]);
    const member = names.get(now.memberPersonId ?? 0) ?? 'medlemmet';
    const where = municipalityName(code);
    const key = `meetings:deputy:${after.meeting.id}:${code}:${this.deps.clock.now().getTime()}`;
    await this.deps.delivery.enqueue(
      [
        {
          key,
          to: { kind: 'person', personId: deputy },
          batch: key,
          card: buildNoticeCard({
            heading: `${calledIn ? 'Du er indkaldt' : 'Du er ikke længere indkaldt'}: ${meetingTitle(after.summary)}`,
            statusText: calledIn
              ? `${member} har meldt afbud. Du deltager som suppleant for ${where} og stemmer for pladsen.`
              : `${member} deltager alligevel, så du er ikke indkaldt som suppleant for ${where}.`,
            statusStyle: calledIn ? 'good' : 'emphasis',
            paragraphs: ['Din invitation er opdateret.'],
          }),
        },
      ],
      tx,
    );
  }

  /** The secretariat hears in advance when the expected attendance is below quorum, and when it is back. */
  private async checkQuorum(tx: Queryable, state: MeetingState): Promise<void> {
    if (!state.attendance.length) return;
    const outlook = quorumOutlook(state.attendance, this.deps.quorumShare);
    if (outlook.met && !state.calendar.quorumWarned) return;
    const seatPeople = state.attendance.flatMap((s) => [s.memberPersonId, s.deputyPersonId]).filter((p) => p !== null);
    const lines = attendanceLines(
      state.attendance,
      await namesOf(tx, seatPeople),
      (code) => municipalityName(code) ?? String(code),
    );
    const card = buildNoticeCard({
      heading: `Beslutningsdygtighed: ${meetingTitle(state.summary)}`,
      statusText: outlook.met
        ? `Styregruppen er igen beslutningsdygtig: ${outlook.expected} af ${outlook.seats} pladser forventes.`
        : `Styregruppen er ikke beslutningsdygtig: ${outlook.expected} af ${outlook.seats} pladser forventes, der skal ${outlook.needed} til.`,
      statusStyle: outlook.met ? 'good' : 'attention',
      paragraphs: lines.length ? ['Der er afbud/ændringer fra:', ...lines] : [],
      buttons: [{ title: 'Åbn mødet', verb: MEETINGS_VERBS.open, data: { meetingId: state.meeting.id } }],
    });
    const ref = `meetings-quorum:${state.calendar.uid}`;
    if (state.calendar.quorumWarned) return this.deps.delivery.updateCard(ref, card, tx);
    await saveCalendar(tx, { ...state.calendar, quorumWarned: true });
    await this.deps.delivery.enqueue(
      [
        {
          key: `meetings:quorum:${state.meeting.id}`,
          to: { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
          card,
          cardRef: ref,
          batch: `meetings:quorum:${state.meeting.id}`,
        },
      ],
      tx,
    );
  }

  private async viewFor(tx: Queryable, state: MeetingState, personId: number, seat: SeatAttendance) {
    const invitee = state.invitees.find((i) => i.personId === personId) ?? {
      personId,
      capacity: seat.memberPersonId === personId ? ('medlem' as const) : ('suppleant' as const),
      municipalityCode: seat.municipalityCode,
      name: '',
      email: '',
    };
    return this.deps.invitations.viewOf(state, invitee, await this.deps.invitations.agendaUrl(tx, state));
  }
}
