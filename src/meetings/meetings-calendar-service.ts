/**
 * The secretariat's meeting calendar: the annual plan with the statutes' count and a host rotation, adding a meeting
 * (which invites everyone at once), one meeting's card, and inviting people not invited yet (meetings from the
 * registry file, or new members). Moving and cancelling are in meetings-change-service.ts.
 */
import type { Db, Queryable } from '../db/database.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Actor, MeetingKind } from '../registry/registry-types.js';
import { insertMeeting, lastHostings, meetingsBetween } from '../registry/meeting-repository.js';
import { activeTerm, memberMunicipalityCodes, secretariatPeople } from '../registry/registry-repository.js';
import { DomainError, forbidden, invalidInput, notFound } from '../shared/errors.js';
import { countNoun } from '../shared/danish.js';
import { copenhagenToUtc, localDateOf } from '../shared/time.js';
import {
  attendanceLines,
  checkYear,
  inviteesOf,
  mayManageMeetings,
  meetingFormSchema,
  meetingTimes,
  quorumOutlook,
  suggestHosts,
  type InviteeRef,
  type MeetingForm,
  type YearTargets,
} from './meetings-domain.js';
import type { InvitationCards } from './meetings-invitations.js';
import { findMinutes } from './meetings-minutes-repository.js';
import { addInvitees, calendarsOf, namesOf, representativesOfMembers, saveCalendar } from './meetings-repository.js';
import { loadMeetingState, municipalityName, stateOf, summaryOf, uidFor, type MeetingState } from './meetings-state.js';
import type { CalendarView, MeetingAdminView, MunicipalityChoice } from './meetings-views.js';

export const MAY_NOT_MANAGE = 'Kun DDH-sekretariatet kan ændre mødekalenderen.';
export const SYNC_JOB = 'meetings.online-sync';

export interface CalendarServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: JobScheduler;
  invitations: InvitationCards;
  targets: YearTargets;
  quorumShare: number;
  uidDomain: string;
  /** Whether meetings get a Graph calendar event (then SYNC_JOB runs after each change). */
  online: boolean;
}

/** The form's fields as a meeting row's. */
export function meetingInputOf(form: MeetingForm, kind: MeetingKind) {
  const times = meetingTimes(form);
  if (typeof times === 'string') throw invalidInput(times);
  const host = typeof form.host === 'number' ? form.host : null;
  return { kind, ...times, place: form.place, hostMunicipalityCode: host, onlineUrl: form.onlineUrl || null };
}

export class CalendarService {
  constructor(private readonly deps: CalendarServiceDeps) {}

  async plan(actor: Actor, year?: number, notice: string | null = null): Promise<CalendarView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT_MANAGE);
    const { db, clock, targets } = this.deps;
    const shown = year ?? Number(localDateOf(clock.now()).slice(0, 4));
    if (shown < 2000 || shown > 2100) throw invalidInput('Vælg et år mellem 2000 og 2100.');
    const from = copenhagenToUtc(`${shown}-01-01`);
    const to = copenhagenToUtc(`${shown + 1}-01-01`);
    const meetings = await meetingsBetween(db, from, to);
    const calendars = await calendarsOf(
      db,
      meetings.map((m) => m.id),
    );
    const planned = meetings.filter((m) => m.status === 'planlagt');
    const check = checkYear(
      planned.map((m) => m.kind),
      targets,
    );
    const seats = (await activeTerm(db))?.seats.map((s) => s.municipalityCode) ?? [];
    const missing = Math.min(3, Math.max(1, targets.styregruppe - check.counts.styregruppe));
    const suggested = suggestHosts(seats, await lastHostings(db, to), missing);
    return {
      year: shown,
      meetings: meetings.map((m) => summaryOf(m, calendars.get(m.id) ?? null)),
      check,
      targets,
      suggestedHosts: suggested.map(choiceOf),
      hostChoices: await this.hostChoices(db),
      notice,
    };
  }

  /** Adds a meeting and invites everyone it concerns, in one transaction. */
  async add(actor: Actor, data: Record<string, unknown>): Promise<CalendarView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT_MANAGE);
    const form = parseForm(data);
    const input = meetingInputOf(form, form.kind);
    if (input.startsAt <= this.deps.clock.now()) throw invalidInput('Vælg et tidspunkt, der ikke er passeret.');
    await this.deps.db.withTransaction(async (tx) => {
      const meeting = await insertMeeting(tx, input);
      if (!meeting)
        throw new DomainError('CONFLICT', 'Der er allerede et møde af den type på det tidspunkt (evt. aflyst).');
      const uid = uidFor(meeting.id, this.deps.uidDomain);
      await saveCalendar(tx, {
        meetingId: meeting.id,
        uid,
        sequence: 0,
        onlineUrl: input.onlineUrl,
        movedToMeetingId: null,
        graphEventId: null,
        graphJoinUrl: null,
        quorumWarned: false,
      });
      await this.inviteAll(tx, await stateOf(tx, meeting, this.deps.uidDomain));
    });
    return this.plan(actor, Number(form.date.slice(0, 4)), 'Mødet er tilføjet, og invitationerne er på vej.');
  }

  async meeting(actor: Actor, meetingId: number, notice: string | null = null): Promise<MeetingAdminView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT_MANAGE);
    const state = await loadMeetingState(this.deps.db, meetingId, this.deps.uidDomain);
    if (!state) throw notFound('Mødet');
    return this.adminView(this.deps.db, state, notice);
  }

  /** Invites those not invited yet; a card showing an older version of the meeting just gets the current one. */
  async invite(actor: Actor, meetingId: number, sequence: number): Promise<MeetingAdminView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT_MANAGE);
    const { db, uidDomain } = this.deps;
    const state = await loadMeetingState(db, meetingId, uidDomain);
    if (!state) throw notFound('Mødet');
    if (state.calendar.sequence !== sequence || state.meeting.status !== 'planlagt')
      return this.adminView(db, state, 'Mødet er ændret i mellemtiden; her er det, som det er nu.');
    const sent = await db.withTransaction(async (tx) => this.inviteAll(tx, state));
    const fresh = (await loadMeetingState(db, meetingId, uidDomain))!;
    const notice = sent ? `${countNoun(sent, 'invitation', 'invitationer')} er på vej.` : 'Alle er allerede inviteret.';
    return this.adminView(db, fresh, notice);
  }

  /** Records and sends invitations to everyone the meeting should invite and has not; how many were new. */
  async inviteAll(tx: Queryable, state: MeetingState): Promise<number> {
    const refs = await this.expectedInvitees(tx, state.meeting.kind);
    const added = await addInvitees(tx, state.meeting.id, refs, this.deps.clock.now());
    if (!added.length) return 0;
    const fresh = await stateOf(tx, state.meeting, this.deps.uidDomain);
    await this.deps.invitations.send(tx, fresh, added);
    await this.scheduleSync(tx, fresh);
    return added.length;
  }

  async expectedInvitees(q: Queryable, kind: MeetingKind): Promise<InviteeRef[]> {
    const term = kind === 'styregruppe' ? await activeTerm(q) : null;
    return inviteesOf(kind, {
      seats: term?.seats ?? [],
      secretariat: (await secretariatPeople(q)).map((p) => p.id),
      representatives: kind === 'repraesentantskab' ? await representativesOfMembers(q) : [],
    });
  }

  /** The Graph event follows the meeting (a job, so a slow or failing Graph never holds a card press). */
  async scheduleSync(tx: Queryable, state: MeetingState): Promise<void> {
    if (!this.deps.online) return;
    // One job per change: the key names the change, so a retried press or job schedules nothing twice.
    const change = `${state.calendar.sequence}:${state.meeting.status}:${this.deps.clock.now().getTime()}`;
    await this.deps.scheduler.schedule(
      SYNC_JOB,
      { meetingId: state.meeting.id },
      { key: `meetings:sync:${state.calendar.uid}:${change}`, tx },
    );
  }

  /** The agenda was published: the invitation cards and the calendar event link it. */
  async agendaPublished(tx: Queryable, meetingId: number): Promise<void> {
    const state = await loadMeetingState(tx, meetingId, this.deps.uidDomain);
    if (!state || state.meeting.status !== 'planlagt') return;
    await this.deps.invitations.refresh(tx, state);
    await this.scheduleSync(tx, state);
  }

  async adminView(q: Queryable, state: MeetingState, notice: string | null): Promise<MeetingAdminView> {
    const { meeting, attendance } = state;
    const expected = await this.expectedInvitees(q, meeting.kind);
    const invitedIds = new Set(state.invitees.map((i) => i.personId));
    const seatPeople = attendance.flatMap((s) => [s.memberPersonId, s.deputyPersonId]).filter((x) => x !== null);
    const names = await namesOf(q, seatPeople);
    return {
      meeting: state.summary,
      invited: state.invitees.length,
      invitationsPending: expected.filter((ref) => !invitedIds.has(ref.personId)).length,
      attendanceLines: attendanceLines(attendance, names, (code) => municipalityName(code) ?? String(code)),
      quorum: attendance.length ? quorumOutlook(attendance, this.deps.quorumShare) : null,
      held: meeting.startsAt <= this.deps.clock.now(),
      minutesStatus: (await findMinutes(q, meeting.id))?.status ?? null,
      hostChoices: await this.hostChoices(q),
      notice,
    };
  }

  async hostChoices(q: Queryable): Promise<MunicipalityChoice[]> {
    return (await memberMunicipalityCodes(q)).map(choiceOf).sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }
}

const choiceOf = (code: number): MunicipalityChoice => ({ code, name: municipalityName(code) ?? String(code) });

export function parseForm(data: Record<string, unknown>, kind?: MeetingKind): MeetingForm {
  const parsed = meetingFormSchema.safeParse(kind ? { ...data, kind } : data);
  if (parsed.success) return parsed.data;
  throw invalidInput(parsed.error.issues.map((issue) => issue.message).join(' '));
}
