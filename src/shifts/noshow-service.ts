/**
 * The life of a no-show incident: detection at start + grace (with the late agent's nudge), escalation steps on their
 * channels, what a step could not reach (at once, or from a Teams or SMS outcome), the SMS after N minutes, and
 * resolution by the agent's login or the roster. Card actions are NoShowActionService's (noshow-action-service.ts).
 * Every change runs in one transaction with the incident row locked, so a retry, a second instance or a repeated
 * job sees the change already made and does nothing.
 */
import type { Db, Queryable } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import type { DeliveryOutcome } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { SmsOutcome } from '../sms/sms-public.js';
import type { AlertService } from './alert-service.js';
import type { NudgeService } from './nudge-service.js';
import { nextStepSentence, unreachableSentence } from './shifts-cards.js';
import {
  addMinutes,
  checkKeyPrefix,
  escalationKey,
  escalationKeyPrefix,
  escalationSchedule,
  isPresent,
  LAST_STEP,
  parseAlertKey,
  policyFor,
  PRESENCE_LOOKBACK_MINUTES,
  SHIFT_JOBS,
  smsFallbackKey,
  targetOfStep,
  unreachableInStep,
  type Incident,
  type NoShowPolicy,
} from './shifts-domain.js';
import { alertsOfStep, alertStatus, findAlert, recordAlertOutcome } from './noshow-alert-repository.js';
import {
  addIncidentEvent,
  advanceStep,
  findIncident,
  insertIncident,
  markResolved,
  type NewIncident,
} from './shifts-incident-repository.js';
import { policyOverride } from './noshow-policy-repository.js';
import { agentKeysFor, attendanceOf, findShift } from './shifts-repository.js';
import type { SmsAlerts } from './sms-alerts.js';
import { STEP_LABELS, type UnreachableEntry } from './step-targets.js';

export interface NoShowServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: JobScheduler;
  log: Logger;
  alerts: AlertService;
  sms: SmsAlerts;
  nudges: NudgeService;
  /** DDH-wide defaults from the configuration. */
  policy: NoShowPolicy;
}

export class NoShowService {
  constructor(private readonly deps: NoShowServiceDeps) {}

  async policyOf(tx: Queryable, municipalityCode: number): Promise<NoShowPolicy> {
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
   * Opens an incident, plans its escalation, alerts the first step and nudges the agent; null if the shift already
   * has one. Runs in the caller's transaction: the check job's, or the secretariat's manual report.
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
    await this.deps.nudges.nudge(tx, incident);
    await this.alertStep(tx, incident, 0, policy);
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
    await this.alertStep(tx, { ...incident, step }, step, await this.policyOf(tx, incident.municipalityCode));
  }

  private async alertStep(tx: Queryable, incident: Incident, step: number, policy: NoShowPolicy): Promise<void> {
    const sent = await this.deps.alerts.sendStep(tx, incident, step, policy);
    if (sent.reached.length === 0 || sent.unreachable.length > 0) {
      await this.stepUnreachable(tx, incident, step, sent.unreachable, sent.reached.length > 0);
    } else if (step > 0) {
      // Earlier recipients see the escalation; at step 0 the card went out just now and is current.
      await this.deps.alerts.refresh(tx, incident.id);
    }
  }

  /**
   * The one answer to a step that did not reach everyone, known at once or from a final Teams or SMS outcome: the
   * history says who, the secretariat is told, and when nobody of the step was reached the next step goes out now.
   */
  private async stepUnreachable(
    tx: Queryable,
    incident: Incident,
    step: number,
    unreachable: UnreachableEntry[],
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
    if (othersReached || step >= LAST_STEP) await this.deps.alerts.refresh(tx, incident.id);
    else await this.escalateIn(tx, incident.id, step + 1);
  }

  /**
   * A final Teams delivery outcome. A person whose alert could not be delivered after all (blocked the bot, chat gone)
   * gets the SMS at once when the step is Teams then SMS; otherwise they count as unreachable, and when nobody of the
   * current step is left, the next step goes out now.
   */
  async onAlertOutcome(outcome: DeliveryOutcome): Promise<void> {
    await this.deps.db.withTransaction(async (tx) => {
      const before = await alertStatus(tx, outcome.key);
      if (!before) return;
      const alert = await recordAlertOutcome(tx, outcome.key, outcome.status, this.deps.clock.now());
      if (!alert || outcome.status === 'sent' || before !== 'queued') return;
      const incident = await findIncident(tx, alert.incidentId, true);
      if (!incident || incident.status !== 'open') return;
      const policy = await this.policyOf(tx, incident.municipalityCode);
      if (policy.channels[targetOfStep(alert.step)] === 'teams_then_sms' && this.deps.sms.available) {
        await this.smsNow(tx, incident, alert.step, alert.personId);
        return;
      }
      await this.afterFailure(tx, incident, alert.step);
    });
  }

  /** A final SMS outcome: the history says it; a failed or undelivered SMS counts like an unreachable Teams contact. */
  async onSmsOutcome(outcome: SmsOutcome): Promise<void> {
    const parsed = parseAlertKey(outcome.key);
    if (!parsed) return;
    await this.deps.db.withTransaction(async (tx) => {
      const alert = await findAlert(tx, outcome.key);
      if (!alert) return;
      const delivered = outcome.status === 'delivered';
      await recordAlertOutcome(tx, outcome.key, delivered ? 'sent' : 'failed', this.deps.clock.now());
      await addIncidentEvent(tx, {
        incidentId: alert.incidentId,
        kind: delivered ? 'sms-delivered' : 'sms-failed',
        personId: null,
        at: this.deps.clock.now(),
        note: delivered
          ? `Sms leveret til ${alert.target}`
          : `Sms til ${alert.target} kunne ikke leveres${outcome.reason ? ` (${outcome.reason})` : ''}`,
      });
      const incident = await findIncident(tx, alert.incidentId, true);
      if (!incident || incident.status === 'resolved') return;
      if (delivered || incident.status !== 'open') return void (await this.deps.alerts.refresh(tx, incident.id));
      await this.afterFailure(tx, incident, alert.step);
    });
  }

  /** After a failed alert of a step: escalate when nobody of the current step is left, else refresh the history. */
  private async afterFailure(tx: Queryable, incident: Incident, step: number): Promise<void> {
    const stepAlerts = await alertsOfStep(tx, incident.id, step);
    const lost = unreachableInStep(stepAlerts);
    if (incident.step === step && lost) {
      const entries = lost.map((alert) => ({
        roleLabel: alert.roleLabel ?? STEP_LABELS[step],
        name: alert.personId === null ? null : alert.target,
        via: viaOf(alert.channel),
      }));
      await this.stepUnreachable(tx, incident, step, entries, false);
    } else {
      await this.deps.alerts.refresh(tx, incident.id);
    }
  }

  /** The 'shifts.sms-fallback' job: Teams then SMS, N minutes on, and nobody has acknowledged. */
  async smsFallback(incidentId: number, step: number, personId: number): Promise<void> {
    await this.deps.db.withTransaction(async (tx) => {
      const incident = await findIncident(tx, incidentId, true);
      if (!incident || incident.status !== 'open') return;
      await this.smsNow(tx, incident, step, personId);
    });
  }

  /** The SMS of one person (or, for the duty chat, of each member of the secretariat) now, and what follows. */
  private async smsNow(tx: Queryable, incident: Incident, step: number, personId: number | null): Promise<void> {
    await this.deps.scheduler.cancel(
      personId === null
        ? `${escalationKeyPrefix(incident.id)}sms:${step}:`
        : smsFallbackKey(incident.id, step, personId),
      tx,
    );
    const people = await this.deps.alerts.smsPeopleOf(tx, incident, step, personId);
    for (const person of people) await this.deps.sms.send(tx, incident, step, person);
    await this.afterFailure(tx, incident, step);
  }

  /** The 'shifts.refresh' job after a card action: later steps are off once acknowledged; every copy is brought up to date. */
  async refreshCards(incidentId: number): Promise<void> {
    await this.deps.db.withTransaction(async (tx) => {
      const incident = await findIncident(tx, incidentId);
      if (!incident) return;
      if (incident.status !== 'open') await this.deps.scheduler.cancel(escalationKeyPrefix(incidentId), tx);
      await this.deps.alerts.refresh(tx, incidentId);
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
      await this.deps.alerts.refresh(tx, incidentId);
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
    await this.deps.alerts.refresh(tx, incidentId);
  }
}

const viaOf = (channel: 'teams' | 'sms') => (channel === 'sms' ? 'på sms' : 'i Teams');
