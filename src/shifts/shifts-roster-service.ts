/**
 * What comes in from outside: the Plangy roster, attendance events, and agents' Viva Engage delay posts.
 */
import type { Db, Queryable } from '../db/database.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { DelayNotice } from '../engage/engage-public.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { AlertService } from './shifts-alert-service.js';
import type { NoShowService } from './shifts-service.js';
import type { RosterBatch, RosterShift } from './roster-source.js';
import { localDateIn, localDayBounds } from './roster-time.js';
import {
  addMinutes,
  checkDueAt,
  checkKey,
  checkKeyPrefix,
  DELAY_NOTICE_BEFORE_START_MINUTES,
  loginCoversShift,
  normalizeAgentId,
  normalizeEmail,
  policyFor,
  SHIFT_JOBS,
  shiftForDelayNotice,
  shouldScheduleCheck,
  trimNotice,
  type AttendanceEvent,
  type NoShowPolicy,
  type Shift,
} from './shifts-domain.js';
import {
  activeShiftsByExternalId,
  activeShiftsStartingBetween,
  agentKeysFor,
  allPolicyOverrides,
  insertAttendanceEvents,
  insertDelayNotice,
  insertShift,
  peopleForAgents,
  setShiftStatus,
  shiftsOfAgent,
  updateShiftEnd,
} from './shifts-repository.js';
import {
  addIncidentEvent,
  findIncident,
  incidentOfShift,
  shiftIdsWithIncident,
  unresolvedIncidentsOfAgent,
} from './shifts-incident-repository.js';

export interface RosterServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: JobScheduler;
  log: Logger;
  noShows: NoShowService;
  alerts: AlertService;
  policy: NoShowPolicy;
  zone: string;
}

export interface ImportSummary {
  source: string;
  created: number;
  reassigned: number;
  updated: number;
  unchanged: number;
  removed: number;
  checksScheduled: number;
}

export interface AttendanceSummary {
  accepted: number;
  duplicates: number;
  resolved: number;
}

/** A check never falls due inside the import's own transaction: the running bot's ticker picks it up. */
const CHECK_MIN_DELAY_MS = 1_000;

export class RosterService {
  constructor(private readonly deps: RosterServiceDeps) {}

  /** Idempotent upsert of a validated batch, all in one transaction. */
  async importRoster(batch: RosterBatch): Promise<ImportSummary> {
    return this.deps.db.withTransaction(async (tx) => {
      const now = this.deps.clock.now();
      const sum: ImportSummary = {
        source: batch.source,
        created: 0,
        reassigned: 0,
        updated: 0,
        unchanged: 0,
        removed: 0,
        checksScheduled: 0,
      };
      const existing = await activeShiftsByExternalId(
        tx,
        batch.shifts.map((s) => s.externalId),
      );
      const people = await peopleForAgents(
        tx,
        batch.shifts.flatMap((s) => (s.agentEmail ? [s.agentEmail] : [])),
        batch.shifts.flatMap((s) => (s.agentId ? [s.agentId] : [])),
      );
      const personOf = (s: RosterShift) =>
        people.find((p) => (s.agentEmail && p.email === s.agentEmail) || (s.agentId && p.objectId === s.agentId))?.id ??
        null;
      const overrides = await allPolicyOverrides(tx);

      for (const s of batch.shifts) {
        const old = existing.get(s.externalId);
        if (old && sameAssignment(old, s)) {
          if (old.endsAt.getTime() !== s.endsAt.getTime()) {
            await updateShiftEnd(tx, old.id, s.endsAt, now);
            sum.updated++;
          } else sum.unchanged++;
          continue;
        }
        if (old) {
          await this.retire(tx, old, 'reassigned', now);
          sum.reassigned++;
        } else sum.created++;
        const shift = await insertShift(tx, { ...s, agentPersonId: personOf(s), source: batch.source }, now);
        if (await this.scheduleCheck(tx, shift, policyFor(this.deps.policy, overrides.get(s.municipalityCode)), now))
          sum.checksScheduled++;
      }
      sum.removed = await this.removeMissing(tx, batch, now);
      this.deps.log.info({ ...sum }, 'roster imported');
      return sum;
    });
  }

  private async scheduleCheck(tx: Queryable, shift: Shift, policy: NoShowPolicy, now: Date): Promise<boolean> {
    if (!shouldScheduleCheck(shift, now)) return false;
    const due = checkDueAt(shift.startsAt, policy);
    const runAt = new Date(Math.max(due.getTime(), now.getTime() + CHECK_MIN_DELAY_MS));
    return this.deps.scheduler.schedule(
      SHIFT_JOBS.check,
      { shiftId: shift.id },
      { runAt, key: checkKey(shift.id, shift.startsAt), tx },
    );
  }

  /** Ends a shift version: its pending check is cancelled; an open incident of it is over. */
  private async retire(tx: Queryable, shift: Shift, status: 'reassigned' | 'removed', now: Date): Promise<void> {
    await setShiftStatus(tx, [shift.id], status, now);
    await this.deps.scheduler.cancel(checkKeyPrefix(shift.id), tx);
    const incident = await incidentOfShift(tx, shift.id);
    if (incident && incident.status !== 'resolved') await this.deps.noShows.resolveByReassignment(tx, incident.id);
  }

  /** Active shifts on the dates the batch covers that it no longer lists were removed in Plangy. */
  private async removeMissing(tx: Queryable, batch: RosterBatch, now: Date): Promise<number> {
    if (batch.coveredDates.length === 0) return 0;
    const listed = new Set(batch.shifts.map((s) => s.externalId));
    const covered = new Set(batch.coveredDates);
    const from = localDayBounds(batch.coveredDates[0], this.deps.zone).from;
    const to = localDayBounds(batch.coveredDates[batch.coveredDates.length - 1], this.deps.zone).to;
    const candidates = (await activeShiftsStartingBetween(tx, from, to)).filter(
      (s) => !listed.has(s.externalId) && covered.has(localDateIn(s.startsAt, this.deps.zone)),
    );
    // A shift that already raised an incident stays, so its history and open alert are not pulled away.
    const withIncident = await shiftIdsWithIncident(
      tx,
      candidates.map((s) => s.id),
    );
    const gone = candidates.filter((s) => !withIncident.has(s.id));
    for (const s of gone) await this.retire(tx, s, 'removed', now);
    return gone.length;
  }

  /** Stores login/logout events (a resent event id is ignored); a late login resolves the agent's incident. */
  async ingestAttendance(events: AttendanceEvent[]): Promise<AttendanceSummary> {
    return this.deps.db.withTransaction(async (tx) => {
      const now = this.deps.clock.now();
      const normalized = events.map((e) => ({
        ...e,
        agentEmail: normalizeEmail(e.agentEmail),
        agentId: normalizeAgentId(e.agentId),
      }));
      const fresh = await insertAttendanceEvents(tx, normalized, now);
      let resolved = 0;
      for (const e of fresh.filter((x) => x.kind === 'login').sort((a, b) => a.at.getTime() - b.at.getTime())) {
        const keys = await agentKeysFor(tx, { email: e.agentEmail, agentId: e.agentId });
        for (const incident of await unresolvedIncidentsOfAgent(tx, keys)) {
          if (!loginCoversShift(e.at, { startsAt: incident.shiftStartsAt, endsAt: incident.shiftEndsAt })) continue;
          if (await this.deps.noShows.resolveByLogin(tx, incident.id, e.at)) resolved++;
        }
      }
      return { accepted: fresh.length, duplicates: events.length - fresh.length, resolved };
    });
  }

  /**
   * An agent's post on Viva Engage, handed over by the Engage integration. It is shown on the alert of the
   * shift it belongs to; it does not resolve anything by itself.
   */
  async handleDelayNotice(notice: DelayNotice): Promise<'attached' | 'stored' | 'unmatched' | 'duplicate'> {
    return this.deps.db.withTransaction(async (tx) => {
      const postedAt = new Date(notice.postedAt);
      if (Number.isNaN(postedAt.getTime())) return 'unmatched';
      const keys = await agentKeysFor(tx, {
        email: normalizeEmail(notice.senderEmail),
        agentId: normalizeAgentId(notice.senderObjectId),
      });
      if (!keys.emails.length && !keys.ids.length && !keys.personIds.length) return 'unmatched';
      const candidates = await shiftsOfAgent(
        tx,
        keys,
        addMinutes(postedAt, -24 * 60),
        addMinutes(postedAt, DELAY_NOTICE_BEFORE_START_MINUTES + 1),
      );
      const shift = shiftForDelayNotice(candidates, postedAt);
      if (!shift) {
        this.deps.log.info({ messageId: notice.messageId }, 'delay notice matched no shift');
        return 'unmatched';
      }
      const text = trimNotice(notice.text);
      if (!(await insertDelayNotice(tx, { messageId: notice.messageId, shiftId: shift.id, postedAt, text })))
        return 'duplicate';
      const incident = await incidentOfShift(tx, shift.id);
      if (!incident) return 'stored';
      await addIncidentEvent(tx, { incidentId: incident.id, kind: 'engage', personId: null, at: postedAt });
      await this.deps.alerts.refresh(tx, (await findIncident(tx, incident.id))!);
      return 'attached';
    });
  }
}

function sameAssignment(old: Shift, s: RosterShift): boolean {
  return (
    old.municipalityCode === s.municipalityCode &&
    old.agentEmail === s.agentEmail &&
    old.agentId === s.agentId &&
    old.startsAt.getTime() === s.startsAt.getTime()
  );
}
