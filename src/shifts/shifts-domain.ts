/**
 * No-show rules (DOMAIN.md "Shifts and no-shows", seeds 002 and 003): pure functions, no I/O.
 */
import type { Actor } from '../registry/registry-types.js';

export * from './shifts-keys.js';

export const SHIFT_JOBS = {
  check: 'shifts.check',
  escalate: 'shifts.escalate',
  /** Teams then SMS: the SMS to one person of a step, N minutes after the Teams alert, unless acknowledged. */
  smsFallback: 'shifts.sms-fallback',
  /** Brings every copy of an incident's cards up to date after a card action (off the press's own path). */
  refresh: 'shifts.refresh',
} as const;

/** How a step reaches its people (issue 24): Teams only, SMS only, or Teams and then SMS after N minutes. */
export const ALERT_CHANNELS = ['teams', 'sms', 'teams_then_sms'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** Product defaults (DOMAIN.md); config NOSHOW_* overrides them DDH-wide, noshow_policies per municipality. */
export interface NoShowPolicy {
  graceMinutes: number;
  secondaryAfterMinutes: number;
  secretariatAfterMinutes: number;
  /** The channel of each step, by whom it alerts (the leader on duty goes with the primary contact). */
  channels: Record<EscalationTarget, AlertChannel>;
  /** For 'teams_then_sms': minutes after the Teams alert without acknowledgement before the SMS. */
  smsAfterMinutes: number;
}

export const DEFAULT_NOSHOW_POLICY: NoShowPolicy = {
  graceMinutes: 5,
  secondaryAfterMinutes: 10,
  secretariatAfterMinutes: 20,
  channels: { primaer_kontakt: 'teams', sekundaer_kontakt: 'teams', sekretariat: 'teams' },
  smsAfterMinutes: 5,
};

export type PolicyOverride = Partial<Omit<NoShowPolicy, 'channels'>> & { channels?: Partial<NoShowPolicy['channels']> };

export function policyFor(defaults: NoShowPolicy, override: PolicyOverride | null | undefined): NoShowPolicy {
  return {
    graceMinutes: override?.graceMinutes ?? defaults.graceMinutes,
    secondaryAfterMinutes: override?.secondaryAfterMinutes ?? defaults.secondaryAfterMinutes,
    secretariatAfterMinutes: override?.secretariatAfterMinutes ?? defaults.secretariatAfterMinutes,
    channels: {
      primaer_kontakt: override?.channels?.primaer_kontakt ?? defaults.channels.primaer_kontakt,
      sekundaer_kontakt: override?.channels?.sekundaer_kontakt ?? defaults.channels.sekundaer_kontakt,
      sekretariat: override?.channels?.sekretariat ?? defaults.channels.sekretariat,
    },
    smsAfterMinutes: override?.smsAfterMinutes ?? defaults.smsAfterMinutes,
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
  /** "Lederposten" in Plangy: the manager on duty, by e-mail, and the registry person it matched. */
  leaderEmail: string | null;
  leaderPersonId: number | null;
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

/** Escalation ladder: who each step alerts. Step 0 goes out when the incident opens, with the leader on duty. */
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

/**
 * Who may act on an incident: the secretariat, the municipality's contact persons, and anyone the incident alerted
 * (the leader on duty). The last is only known with the incident, so the repository checks this same rule in the
 * statement that changes it (incidentAccess); here it is the rule for an incident already loaded.
 */
export function canActOnIncident(
  actor: Actor | null,
  municipalityCode: number,
  alertedPersonIds: number[] = [],
): boolean {
  if (!actor) return false;
  if (actor.secretariat || alertedPersonIds.includes(actor.id)) return true;
  return actor.roles.some((r) => r.municipalityCode === municipalityCode && isContactRole(r.role));
}

/** The municipalities whose incidents the actor may act on as a contact person. */
export function contactMunicipalities(actor: Actor): number[] {
  return [...new Set(actor.roles.filter((r) => isContactRole(r.role)).map((r) => r.municipalityCode))];
}

/**
 * Whether the actor may act on incidents at all: decided before an incident is looked up by its id. Anyone with a
 * municipal role may have been alerted (a leader on duty); the statement that acts checks which incident.
 */
export function actsOnIncidents(actor: Actor): boolean {
  return actor.secretariat || actor.roles.length > 0;
}

/** Who sees the "Åbne udeblivelser" queue (issue 17): contact persons and the secretariat. */
export function seesNoShowQueue(actor: Actor): boolean {
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

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

/** One alert of a step, as the rule below needs it. */
export interface StepAlert {
  personId: number | null;
  target: string;
  channel: 'teams' | 'sms';
  status: 'queued' | 'sent' | 'unreachable' | 'failed';
}

/**
 * Whether a step has lost everyone: each person's latest alert (an SMS after a Teams alert is the later one; the duty
 * chat counts as one recipient) has failed. Returns those latest alerts, or null while anyone may still be reached.
 */
export function unreachableInStep<A extends StepAlert>(alertsOldestFirst: A[]): A[] | null {
  const latest = new Map<string, A>();
  for (const alert of alertsOldestFirst)
    latest.set(alert.personId === null ? `chat:${alert.target}` : `person:${alert.personId}`, alert);
  const all = [...latest.values()];
  if (all.length === 0 || all.some((alert) => alert.status === 'queued' || alert.status === 'sent')) return null;
  return all;
}
