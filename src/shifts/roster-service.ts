/**
 * The Plangy roster: an idempotent import that plans one no-show check per shift, moves checks when a shift is
 * reassigned, and removes what Plangy no longer lists (docs/shifts.md, "What an import does").
 */
import type { Db, Queryable } from '../db/database.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { NoShowService } from './noshow-service.js';
import type { RosterBatch, RosterShift } from './roster-source.js';
import { localDateIn, localDayBounds } from './roster-time.js';
import {
  checkDueAt,
  checkKey,
  checkKeyPrefix,
  normalizeEmail,
  policyFor,
  SHIFT_JOBS,
  shouldScheduleCheck,
  type NoShowPolicy,
  type Shift,
} from './shifts-domain.js';
import { incidentOfShift, shiftIdsWithIncident } from './shifts-incident-repository.js';
import {
  activeShiftsByExternalId,
  activeShiftsStartingBetween,
  insertShift,
  peopleForAgents,
  setShiftStatus,
  updateShiftDetails,
} from './shifts-repository.js';
import { allPolicyOverrides } from './noshow-policy-repository.js';

export interface RosterServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: JobScheduler;
  log: Logger;
  noShows: NoShowService;
  /** DDH-wide defaults from the configuration. */
  policy: NoShowPolicy;
  /** The zone the roster's local dates are in. */
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

/** A check never falls due inside the import's own transaction: the running bot's ticker picks it up. */
const CHECK_MIN_DELAY_MS = 1_000;

export class RosterService {
  constructor(private readonly deps: RosterServiceDeps) {}

  /** Idempotent upsert of a validated batch, all in one transaction. */
  async importRoster(batch: RosterBatch): Promise<ImportSummary> {
    return this.deps.db.withTransaction(async (tx) => {
      const now = this.deps.clock.now();
      const summary: ImportSummary = {
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
        batch.shifts.map((shift) => shift.externalId),
      );
      const people = await peopleForAgents(
        tx,
        batch.shifts.flatMap((shift) =>
          [shift.agentEmail, normalizeEmail(shift.leaderEmail)].filter((email) => email !== null),
        ),
        batch.shifts.flatMap((shift) => (shift.agentId ? [shift.agentId] : [])),
      );
      const personOf = (shift: RosterShift) =>
        people.find(
          (person) =>
            (shift.agentEmail && person.email === shift.agentEmail) ||
            (shift.agentId && person.objectId === shift.agentId),
        )?.id ?? null;
      const leaderOf = (shift: RosterShift) =>
        people.find((person) => person.email === normalizeEmail(shift.leaderEmail))?.id ?? null;
      const overrides = await allPolicyOverrides(tx);

      for (const listed of batch.shifts) {
        const old = existing.get(listed.externalId);
        const leaderPersonId = leaderOf(listed);
        if (old && sameAssignment(old, listed)) {
          const sameDetails =
            old.endsAt.getTime() === listed.endsAt.getTime() &&
            old.leaderEmail === listed.leaderEmail &&
            old.leaderPersonId === leaderPersonId;
          if (!sameDetails) {
            await updateShiftDetails(tx, old.id, { ...listed, leaderPersonId }, now);
            summary.updated++;
          } else summary.unchanged++;
          continue;
        }
        if (old) {
          await this.retire(tx, old, 'reassigned', now);
          summary.reassigned++;
        } else summary.created++;
        const shift = await insertShift(
          tx,
          { ...listed, agentPersonId: personOf(listed), leaderPersonId, source: batch.source },
          now,
        );
        const policy = policyFor(this.deps.policy, overrides.get(listed.municipalityCode));
        if (await this.scheduleCheck(tx, shift, policy, now)) summary.checksScheduled++;
      }
      summary.removed = await this.removeMissing(tx, batch, now);
      this.deps.log.info({ ...summary }, 'roster imported');
      return summary;
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
    const listed = new Set(batch.shifts.map((shift) => shift.externalId));
    const covered = new Set(batch.coveredDates);
    const from = localDayBounds(batch.coveredDates[0], this.deps.zone).from;
    const to = localDayBounds(batch.coveredDates[batch.coveredDates.length - 1], this.deps.zone).to;
    const candidates = (await activeShiftsStartingBetween(tx, from, to)).filter(
      (shift) => !listed.has(shift.externalId) && covered.has(localDateIn(shift.startsAt, this.deps.zone)),
    );
    // A shift that already raised an incident stays, so its history and open alert are not pulled away.
    const withIncident = await shiftIdsWithIncident(
      tx,
      candidates.map((shift) => shift.id),
    );
    const gone = candidates.filter((shift) => !withIncident.has(shift.id));
    for (const shift of gone) await this.retire(tx, shift, 'removed', now);
    return gone.length;
  }
}

function sameAssignment(old: Shift, listed: RosterShift): boolean {
  return (
    old.municipalityCode === listed.municipalityCode &&
    old.agentEmail === listed.agentEmail &&
    old.agentId === listed.agentId &&
    old.startsAt.getTime() === listed.startsAt.getTime()
  );
}
