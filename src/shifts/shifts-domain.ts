/**
 * No-show rules (DOMAIN.md "Shifts and no-shows", seeds 002 and 003): pure functions, no I/O.
 */
import type { Actor } from '../registry/registry-types.js';

export const SHIFT_JOBS = {
  check: 'shifts.check',
  escalate: 'shifts.escalate',
} as const;

/** Product defaults (DOMAIN.md); config NOSHOW_* overrides them DDH-wide, noshow_policies per municipality. */
export interface NoShowPolicy {
  graceMinutes: number;
  secondaryAfterMinutes: number;
  secretariatAfterMinutes: number;
}

export const DEFAULT_NOSHOW_POLICY: NoShowPolicy = {
  graceMinutes: 5,
  secondaryAfterMinutes: 10,
  secretariatAfterMinutes: 20,
};

export function policyFor(defaults: NoShowPolicy, override: Partial<NoShowPolicy> | null | undefined): NoShowPolicy {
  return {
    graceMinutes: override?.graceMinutes ?? defaults.graceMinutes,
    secondaryAfterMinutes: override?.secondaryAfterMinutes ?? defaults.secondaryAfterMinutes,
    secretariatAfterMinutes: override?.secretariatAfterMinutes ?? defaults.secretariatAfterMinutes,
  };
}

/** How far back a login still counts for a shift: an agent coming from an earlier shift stays logged in. */
export const PRESENCE_LOOKBACK_MINUTES = 12 * 60;
/** An Engage post belongs to a shift from 60 minutes before its start until it ends (issue 8). */
export const DELAY_NOTICE_BEFORE_START_MINUTES = 60;
export const DELAY_NOTICE_MAX_CHARS = 500;

export type ShiftStatus = 'active' | 'reassigned' | 'removed';

export interface Shift {
  id: number;
  externalId: string;
  municipalityCode: number;
  agentEmail: string | null;
  agentId: string | null;
  agentPersonId: number | null;
  startsAt: Date;
  endsAt: Date;
  status: ShiftStatus;
}

export type AttendanceKind = 'login' | 'logout';

export interface AttendanceEvent {
  eventId: string;
  agentEmail: string | null;
  agentId: string | null;
  kind: AttendanceKind;
  at: Date;
}

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
export type Resolution = 'login' | 'replacement';

export interface Incident {
  id: number;
  shiftId: number | null;
  municipalityCode: number;
  shiftStartsAt: Date;
  shiftEndsAt: Date | null;
  source: 'detected' | 'manual';
  status: IncidentStatus;
  step: number;
  openedAt: Date;
  reportedBy: number | null;
  reportNote: string | null;
  acknowledgedBy: number | null;
  acknowledgedAt: Date | null;
  eta: Date | null;
  resolvedAt: Date | null;
  resolution: Resolution | null;
  resolvedBy: number | null;
  resolutionNote: string | null;
  loginAt: Date | null;
}

/** Escalation ladder: who each step alerts. Step 0 goes out when the incident opens. */
export const ESCALATION_STEPS = [
  { step: 0, target: 'primaer_kontakt' },
  { step: 1, target: 'sekundaer_kontakt' },
  { step: 2, target: 'sekretariat' },
] as const;
export type EscalationTarget = (typeof ESCALATION_STEPS)[number]['target'];
export const LAST_STEP = ESCALATION_STEPS.length - 1;

export function targetOfStep(step: number): EscalationTarget {
  const found = ESCALATION_STEPS[step];
  if (!found) throw new RangeError(`No escalation step ${step}`);
  return found.target;
}

/** When the later steps fall due if nobody acknowledges; a step never comes before the one below it. */
export function escalationSchedule(openedAt: Date, policy: NoShowPolicy): { step: number; runAt: Date }[] {
  const secondary = policy.secondaryAfterMinutes;
  const secretariat = Math.max(policy.secretariatAfterMinutes, secondary);
  return [
    { step: 1, runAt: addMinutes(openedAt, secondary) },
    { step: 2, runAt: addMinutes(openedAt, secretariat) },
  ];
}

export function checkDueAt(shiftStartsAt: Date, policy: NoShowPolicy): Date {
  return addMinutes(shiftStartsAt, policy.graceMinutes);
}

/** Checks are only worth scheduling while the shift has not ended (an old roster must not raise alarms). */
export function shouldScheduleCheck(shift: Pick<Shift, 'endsAt'>, now: Date): boolean {
  return shift.endsAt.getTime() > now.getTime();
}

/**
 * Is the agent logged in at `at`? The latest of the agent's events up to `at`, within the lookback before
 * the shift start, decides: a login means present. No events means absent.
 */
export function isPresent(events: Pick<AttendanceEvent, 'kind' | 'at'>[], shiftStartsAt: Date, at: Date): boolean {
  const from = addMinutes(shiftStartsAt, -PRESENCE_LOOKBACK_MINUTES).getTime();
  const until = at.getTime();
  let latest: Pick<AttendanceEvent, 'kind' | 'at'> | null = null;
  for (const event of events) {
    const time = event.at.getTime();
    if (time < from || time > until) continue;
    // On equal times a logout wins: the agent is not there after both.
    if (!latest || time > latest.at.getTime() || (time === latest.at.getTime() && event.kind === 'logout'))
      latest = event;
  }
  return latest?.kind === 'login';
}

/** A login resolves an incident of a shift when it falls in the shift's presence window. */
export function loginCoversShift(loginAt: Date, shift: { startsAt: Date; endsAt: Date | null }): boolean {
  const login = loginAt.getTime();
  const end = shift.endsAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return login >= addMinutes(shift.startsAt, -PRESENCE_LOOKBACK_MINUTES).getTime() && login <= end;
}

const isContactRole = (role: string) => role === 'primaer_kontakt' || role === 'sekundaer_kontakt';

/** Only the municipality's own contact persons and the secretariat may act on an incident. */
export function canActOnIncident(actor: Actor | null, municipalityCode: number): boolean {
  if (!actor) return false;
  if (actor.secretariat) return true;
  return actor.roles.some((r) => r.municipalityCode === municipalityCode && isContactRole(r.role));
}

/** Whether the actor may act on any incident at all: decided before an incident is looked up by its id. */
export function actsOnIncidents(actor: Actor): boolean {
  return actor.secretariat || actor.roles.some((r) => isContactRole(r.role));
}

/** Whole minutes from the shift start to `at`, never negative. */
export function minutesLate(shiftStartsAt: Date, at: Date): number {
  return Math.max(0, Math.floor((at.getTime() - shiftStartsAt.getTime()) / 60_000));
}

/** The shift a delay post belongs to: the one whose window holds the post, nearest start first. */
export function shiftForDelayNotice<S extends Pick<Shift, 'startsAt' | 'endsAt'>>(
  shifts: S[],
  postedAt: Date,
): S | null {
  const posted = postedAt.getTime();
  const candidates = shifts.filter(
    (shift) =>
      posted >= addMinutes(shift.startsAt, -DELAY_NOTICE_BEFORE_START_MINUTES).getTime() &&
      posted <= shift.endsAt.getTime(),
  );
  candidates.sort((a, b) => Math.abs(a.startsAt.getTime() - posted) - Math.abs(b.startsAt.getTime() - posted));
  return candidates[0] ?? null;
}

export function trimNotice(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > DELAY_NOTICE_MAX_CHARS ? `${clean.slice(0, DELAY_NOTICE_MAX_CHARS - 1)}…` : clean;
}

/** Normalises how an agent is named in the roster, attendance and Engage, so the three can be matched. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const normalized = email?.trim().toLowerCase();
  return normalized ? normalized : null;
}

export function normalizeAgentId(id: string | null | undefined): string | null {
  const normalized = id?.trim();
  return normalized ? normalized : null;
}

// Keys: the scheduler cancels by prefix, so every prefix ends in ':' (incident 1 must not match incident 10).
export const checkKeyPrefix = (shiftId: number) => `noshow:check:${shiftId}:`;
export const checkKey = (shiftId: number, startsAt: Date) => `${checkKeyPrefix(shiftId)}${startsAt.toISOString()}`;
export const escalationKeyPrefix = (incidentId: number) => `noshow:${incidentId}:escalate:`;
export const escalationKey = (incidentId: number, step: number, early = false) =>
  `${escalationKeyPrefix(incidentId)}${step}${early ? ':early' : ''}`;
export const alertKey = (incidentId: number, step: number, target: { personId: number } | { purpose: string }) =>
  'personId' in target
    ? `noshow:${incidentId}:step:${step}:person:${target.personId}`
    : `noshow:${incidentId}:step:${step}:named:${target.purpose}`;
/** The secretariat's duty chat ("vagtkanal"), set with "Brug denne chat til …". */
export const DUTY_CHAT = 'vagt';
/** The secretariat's notice that a step could not reach everyone: the duty chat, or each member (`…:person:<id>`). */
export const noticeKey = (incidentId: number, step: number) =>
  `noshow-notice:${incidentId}:unreachable:${step}:named:${DUTY_CHAT}`;
export const incidentCardRef = (incidentId: number) => `noshow:${incidentId}`;
export const incidentBatch = (incidentId: number) => `noshow:${incidentId}`;
export const ALERT_BATCH_PREFIX = 'noshow:';

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}
