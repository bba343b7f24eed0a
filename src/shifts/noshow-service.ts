/**
 * The life of a no-show incident: detection at start + grace, escalation steps, acknowledgement,
 * resolution by the agent's login or a replacement (the secretariat's manual report opens one through
 * noshow-report-service.ts).
 * Every change runs in one transaction with the incident row locked, so a Teams retry, a second
 * instance or a repeated job sees the change already made and does nothing.
 */
import type { Db, Queryable } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import type { DeliveryOutcome } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Actor } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import { forbidden, notFound } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { formatTime } from '../shared/time.js';
import type { AlertService } from './alert-service.js';
import { nextStepSentence, unreachableSentence } from './shifts-cards.js';
import {
  actsOnIncidents,
  addMinutes,
  canActOnIncident,
  checkKeyPrefix,
  escalationKey,
  escalationKeyPrefix,
  escalationSchedule,
  isPresent,
  LAST_STEP,
  policyFor,
  PRESENCE_LOOKBACK_MINUTES,
  SHIFT_JOBS,
  type Incident,
  type NoShowPolicy,
} from './shifts-domain.js';
import {
  addIncidentEvent,
  advanceStep,
  alertsOfStep,
  alertStatus,
  findIncident,
  insertIncident,
  markAcknowledged,
  markResolved,
  recordAlertOutcome,
  setEta,
  type NewIncident,
} from './shifts-incident-repository.js';
import { agentKeysFor, attendanceOf, findShift, policyOverride } from './shifts-repository.js';
import type { AlertView } from './shifts-views.js';

export interface NoShowServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: JobScheduler;
  log: Logger;
  alerts: AlertService;
  /** DDH-wide defaults from the configuration. */
  policy: NoShowPolicy;
}

/** What a card action leaves: the alert as everyone now sees it. */
export interface IncidentChange {
  alert: AlertView;
  /** False when nothing changed (a retry, or the incident had moved on). */
  changed: boolean;
}

const NOT_YOUR_INCIDENT = 'Kun kommunens kontaktpersoner og DDH-sekretariatet kan handle på denne udeblivelse.';

export class NoShowService {
  constructor(private readonly deps: NoShowServiceDeps) {}

  private async policyOf(tx: Queryable, municipalityCode: number): Promise<NoShowPolicy> {
    return policyFor(this.deps.policy, await policyOverride(tx, municipalityCode));
  }

  /** The 'shifts.check' job: is the agent logged in at start + grace? If not, an incident opens. */
  async runCheck(shiftId: number): Promise<Incident | null> {
    return this.deps.db.withTransaction(async (tx) => {
      const shift = await findShift(tx, shiftId, true);
      if (!shift || shift.status !== 'active') return null;
      const now = this.deps.clock.now();
      if (now.getTime() >= shift.endsAt.getTime()) {
        this.deps.log.info({ shiftId }, 'no-show check skipped: the shift is over');
        return null;
      }
      const keys = await agentKeysFor(tx, {
        email: shift.agentEmail,
        agentId: shift.agentId,
        personId: shift.agentPersonId,
      });
      const events = await attendanceOf(tx, keys, addMinutes(shift.startsAt, -PRESENCE_LOOKBACK_MINUTES), now);
      if (isPresent(events, shift.startsAt, now)) return null;
      return this.openIncident(tx, {
        shiftId: shift.id,
        municipalityCode: shift.municipalityCode,
        shiftStartsAt: shift.startsAt,
        shiftEndsAt: shift.endsAt,
        source: 'detected',
        openedAt: now,
        reportedBy: null,
        reportNote: null,
      });
    });
  }

  /**
   * Opens an incident, plans its escalation and alerts the first step; null if the shift already has one.
   * Runs in the caller's transaction: the check job's, or the secretariat's manual report.
   */
  async openIncident(tx: Queryable, opening: NewIncident): Promise<Incident | null> {
    const incident = await insertIncident(tx, opening);
    if (!incident) return null;
    await addIncidentEvent(tx, {
      incidentId: incident.id,
      kind: opening.source === 'manual' ? 'reported' : 'opened',
      personId: opening.reportedBy,
      at: opening.openedAt,
      note: opening.reportNote,
    });
    // A manual report of a rostered shift makes its pending check pointless.
    if (opening.shiftId && opening.source === 'manual')
      await this.deps.scheduler.cancel(checkKeyPrefix(opening.shiftId), tx);
    const policy = await this.policyOf(tx, opening.municipalityCode);
    for (const { step, runAt } of escalationSchedule(opening.openedAt, policy)) {
      await this.deps.scheduler.schedule(
        SHIFT_JOBS.escalate,
        { incidentId: incident.id, step },
        { runAt, key: escalationKey(incident.id, step), tx },
      );
    }
    await this.alertStep(tx, incident, 0);
    this.deps.log.info(
      { incidentId: incident.id, shiftId: opening.shiftId, source: opening.source },
      'no-show incident opened',
    );
    return incident;
  }

  /** The 'shifts.escalate' job. */
  async escalate(incidentId: number, step: number): Promise<void> {
    await this.deps.db.withTransaction((tx) => this.escalateIn(tx, incidentId, step));
  }

  private async escalateIn(tx: Queryable, incidentId: number, step: number): Promise<void> {
    if (step > LAST_STEP) return;
    const incident = await findIncident(tx, incidentId, true);
    if (!incident || incident.status !== 'open' || incident.step >= step) return;
    await advanceStep(tx, incidentId, step);
    await this.alertStep(tx, { ...incident, step }, step);
  }

  private async alertStep(tx: Queryable, incident: Incident, step: number): Promise<void> {
    const sent = await this.deps.alerts.sendStep(tx, incident, step);
    if (sent.reached.length === 0 || sent.unreachable.length > 0) {
      await this.stepUnreachable(tx, incident, step, sent.unreachable, sent.reached.length > 0);
    } else if (step > 0) {
      // Earlier recipients see the escalation; at step 0 the card went out just now and is current.
      await this.deps.alerts.refresh(tx, incident);
    }
  }

  /**
   * The one answer to a step that did not reach everyone, known at once or from a final delivery outcome: the
   * history says who, the secretariat is told, and when nobody of the step was reached the next step goes out now.
   */
  private async stepUnreachable(
    tx: Queryable,
    incident: Incident,
    step: number,
    unreachable: string[],
    othersReached: boolean,
  ): Promise<void> {
    const sentence = unreachableSentence(step, unreachable);
    const at = this.deps.clock.now();
    await addIncidentEvent(tx, { incidentId: incident.id, kind: 'unreachable', personId: null, at, note: sentence });
    if (step < LAST_STEP) {
      await this.deps.alerts.tellSecretariat(tx, incident, step, sentence, nextStepSentence(step, othersReached));
    } else {
      this.deps.log.error({ incidentId: incident.id }, 'no-show alert reached nobody in the secretariat');
    }
    // The next step refreshes every card itself.
    if (othersReached || step >= LAST_STEP) await this.deps.alerts.refresh(tx, incident);
    else await this.escalateIn(tx, incident.id, step + 1);
  }

  /**
   * A final delivery outcome. A contact whose alert could not be delivered after all (blocked the bot,
   * chat gone) counts as unreachable: when the whole current step failed, the next one goes out now.
   */
  async onAlertOutcome(outcome: DeliveryOutcome): Promise<void> {
    await this.deps.db.withTransaction(async (tx) => {
      const before = await alertStatus(tx, outcome.key);
      if (!before) return;
      const alert = await recordAlertOutcome(tx, outcome.key, outcome.status, this.deps.clock.now());
      if (!alert || outcome.status === 'sent' || before !== 'queued') return;
      const incident = await findIncident(tx, alert.incidentId, true);
      if (!incident || incident.status !== 'open' || incident.step !== alert.step) return;
      const stepAlerts = await alertsOfStep(tx, incident.id, alert.step);
      if (stepAlerts.some((other) => other.status === 'queued' || other.status === 'sent')) return;
      const targets = stepAlerts.map((other) => other.target);
      await this.stepUnreachable(tx, incident, alert.step, targets, false);
    });
  }

  /** "Kvitter": stops the escalation; allowed for the municipality's contacts and the secretariat. */
  async acknowledge(actor: Actor, incidentId: number): Promise<IncidentChange> {
    return this.act(actor, incidentId, async (tx, incident, now) => {
      if (incident.status !== 'open') return false;
      await markAcknowledged(tx, incident.id, actor.id, now, null);
      await addIncidentEvent(tx, { incidentId: incident.id, kind: 'acknowledged', personId: actor.id, at: now });
      return true;
    });
  }

  /** "Agent på vej": records when the agent is expected; also acknowledges, as somebody is on it. */
  async agentOnTheWay(actor: Actor, incidentId: number, minutes: number): Promise<IncidentChange> {
    return this.act(actor, incidentId, async (tx, incident, now) => {
      if (incident.status === 'resolved') return false;
      // Whole minutes, so a retry of the same press lands on the same time and counts once.
      const eta = new Date(Math.floor(addMinutes(now, minutes).getTime() / 60_000) * 60_000);
      if (incident.eta?.getTime() === eta.getTime()) return false;
      if (incident.status === 'open') {
        await markAcknowledged(tx, incident.id, actor.id, now, eta);
        await addIncidentEvent(tx, { incidentId: incident.id, kind: 'acknowledged', personId: actor.id, at: now });
      } else {
        await setEta(tx, incident.id, eta);
      }
      const note = formatTime(eta);
      await addIncidentEvent(tx, { incidentId: incident.id, kind: 'eta', personId: actor.id, at: now, note });
      return true;
    });
  }

  /** "Afløser fundet": closes the incident with a note. */
  async replacementFound(actor: Actor, incidentId: number, note: string): Promise<IncidentChange> {
    return this.act(actor, incidentId, async (tx, incident, now) => {
      if (incident.status === 'resolved') return false;
      await markResolved(tx, incident.id, { at: now, resolution: 'replacement', by: actor.id, note, loginAt: null });
      await addIncidentEvent(tx, { incidentId: incident.id, kind: 'resolved', personId: actor.id, at: now, note });
      return true;
    });
  }

  /** Shared frame of the card actions: authorize on the server, lock, change, stop escalation, update every card. */
  private async act(
    actor: Actor,
    incidentId: number,
    change: (tx: Queryable, incident: Incident, now: Date) => Promise<boolean>,
  ): Promise<IncidentChange> {
    // Someone who may act on no incident learns nothing about which ids exist; a contact person of another
    // municipality gets the same answer for an incident that does not exist as for one that is not theirs.
    if (!actsOnIncidents(actor)) throw forbidden(NOT_YOUR_INCIDENT);
    return this.deps.db.withTransaction(async (tx) => {
      const incident = await findIncident(tx, incidentId, true);
      if (!incident || !canActOnIncident(actor, incident.municipalityCode))
        throw actor.secretariat ? notFound('Udeblivelsen') : forbidden(NOT_YOUR_INCIDENT);
      const changed = await change(tx, incident, this.deps.clock.now());
      const current = (await findIncident(tx, incidentId))!;
      if (!changed) return { alert: await this.deps.alerts.viewOf(tx, current), changed };
      await this.deps.scheduler.cancel(escalationKeyPrefix(incidentId), tx);
      return { alert: await this.deps.alerts.refresh(tx, current), changed };
    });
  }

  /** The agent logged in late: the incident resolves itself and everyone alerted sees it. */
  async resolveByLogin(db: Db | Queryable, incidentId: number, loginAt: Date): Promise<boolean> {
    return inTransaction(db, async (tx) => {
      const now = this.deps.clock.now();
      if (!(await markResolved(tx, incidentId, { at: now, resolution: 'login', by: null, note: null, loginAt })))
        return false;
      await addIncidentEvent(tx, { incidentId, kind: 'login', personId: null, at: loginAt });
      await this.deps.scheduler.cancel(escalationKeyPrefix(incidentId), tx);
      await this.deps.alerts.refresh(tx, (await findIncident(tx, incidentId))!);
      return true;
    });
  }

  /** The roster moved the shift to another agent: this agent's incident is over, the new one gets a check. */
  async resolveByReassignment(tx: Queryable, incidentId: number): Promise<void> {
    const now = this.deps.clock.now();
    const note = 'Vagten er flyttet til en anden agent i vagtplanen.';
    if (!(await markResolved(tx, incidentId, { at: now, resolution: 'replacement', by: null, note, loginAt: null })))
      return;
    await addIncidentEvent(tx, { incidentId, kind: 'resolved', personId: null, at: now, note });
    await this.deps.scheduler.cancel(escalationKeyPrefix(incidentId), tx);
    await this.deps.alerts.refresh(tx, (await findIncident(tx, incidentId))!);
  }

  /** The alert as it stands, for whoever was allowed to ask (the caller authorizes). */
  async alertViewOf(incidentId: number): Promise<AlertView> {
    const incident = await findIncident(this.deps.db, incidentId);
    if (!incident) throw notFound('Udeblivelsen');
    return this.deps.alerts.viewOf(this.deps.db, incident);
  }
}
