/**
 * The life of a no-show incident: detection at start + grace, escalation steps, acknowledgement,
 * resolution by the agent's login or a replacement, and the secretariat's manual report.
 * Every change runs in one transaction with the incident row locked, so a Teams retry, a second
 * instance or a repeated job sees the change already made and does nothing.
 */
import type { Db, Queryable } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import type { DeliveryOutcome } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Card } from '../platform/bot-app.js';
import type { Actor } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { formatTime } from '../shared/time.js';
import type { AlertService } from './alert-service.js';
import {
  addMinutes,
  canActOnIncident,
  escalationKey,
  escalationKeyPrefix,
  escalationSchedule,
  isPresent,
  LAST_STEP,
  policyFor,
  PRESENCE_LOOKBACK_MINUTES,
  SHIFT_JOBS,
  checkKeyPrefix,
  type Incident,
  type NoShowPolicy,
} from './shifts-domain.js';
import {
  addIncidentEvent,
  advanceStep,
  alertsOfStep,
  alertStatus,
  findIncident,
  incidentOfShift,
  insertIncident,
  markAcknowledged,
  markResolved,
  recordAlertOutcome,
  setEta,
  unresolvedManualIncident,
  type NewIncident,
} from './shifts-incident-repository.js';
import { agentKeysFor, attendanceOf, findShift, policyOverride } from './shifts-repository.js';

export interface NoShowServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: JobScheduler;
  log: Logger;
  alerts: AlertService;
  /** DDH-wide defaults from the configuration. */
  policy: NoShowPolicy;
}

export interface ActionOutcome {
  card: Card;
  /** False when nothing changed (a retry, or the incident had moved on). */
  changed: boolean;
}

export class NoShowService {
  constructor(private readonly deps: NoShowServiceDeps) {}

  async policyOf(q: Queryable, municipalityCode: number): Promise<NoShowPolicy> {
    return policyFor(this.deps.policy, await policyOverride(q, municipalityCode));
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
      return this.open(tx, {
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

  /** Opens an incident, plans its escalation and alerts the first step; null if the shift already has one. */
  private async open(tx: Queryable, n: NewIncident): Promise<Incident | null> {
    const incident = await insertIncident(tx, n);
    if (!incident) return null;
    await addIncidentEvent(tx, {
      incidentId: incident.id,
      kind: n.source === 'manual' ? 'reported' : 'opened',
      personId: n.reportedBy,
      at: n.openedAt,
      note: n.reportNote,
    });
    // A manual report of a rostered shift makes its pending check pointless.
    if (n.shiftId && n.source === 'manual') await this.deps.scheduler.cancel(checkKeyPrefix(n.shiftId), tx);
    const policy = await this.policyOf(tx, n.municipalityCode);
    for (const { step, runAt } of escalationSchedule(n.openedAt, policy)) {
      await this.deps.scheduler.schedule(
        SHIFT_JOBS.escalate,
        { incidentId: incident.id, step },
        { runAt, key: escalationKey(incident.id, step), tx },
      );
    }
    const reached = await this.deps.alerts.sendStep(tx, incident, 0);
    if (!reached) await this.escalateIn(tx, incident.id, 1);
    this.deps.log.info({ incidentId: incident.id, shiftId: n.shiftId, source: n.source }, 'no-show incident opened');
    return incident;
  }

  /** The 'shifts.escalate' job, and the skip past an unreachable step. */
  async escalate(incidentId: number, step: number): Promise<void> {
    await this.deps.db.withTransaction((tx) => this.escalateIn(tx, incidentId, step));
  }

  private async escalateIn(tx: Queryable, incidentId: number, step: number): Promise<void> {
    if (step > LAST_STEP) return;
    const incident = await findIncident(tx, incidentId, true);
    if (!incident || incident.status !== 'open' || incident.step >= step) return;
    await advanceStep(tx, incidentId, step);
    const reached = await this.deps.alerts.sendStep(tx, { ...incident, step }, step);
    if (!reached) await this.escalateIn(tx, incidentId, step + 1);
  }

  /** "Kvitter": stops the escalation; allowed for the municipality's contacts and the secretariat. */
  async acknowledge(actor: Actor | null, incidentId: number): Promise<ActionOutcome> {
    return this.act(actor, incidentId, async (tx, incident, now) => {
      if (incident.status !== 'open' || !actor) return false;
      await markAcknowledged(tx, incident.id, actor.id, now, null);
      await addIncidentEvent(tx, { incidentId: incident.id, kind: 'acknowledged', personId: actor.id, at: now });
      return true;
    });
  }

  /** "Agent på vej": records when the agent is expected; also acknowledges, as somebody is on it. */
  async agentOnTheWay(actor: Actor | null, incidentId: number, minutes: number): Promise<ActionOutcome> {
    return this.act(actor, incidentId, async (tx, incident, now) => {
      if (incident.status === 'resolved' || !actor) return false;
      // Whole minutes, so a retry of the same press lands on the same time and counts once.
      const eta = new Date(Math.floor(addMinutes(now, minutes).getTime() / 60_000) * 60_000);
      if (incident.eta?.getTime() === eta.getTime()) return false;
      if (incident.status === 'open') {
        await markAcknowledged(tx, incident.id, actor.id, now, eta);
        await addIncidentEvent(tx, { incidentId: incident.id, kind: 'acknowledged', personId: actor.id, at: now });
      } else {
        await setEta(tx, incident.id, eta);
      }
      await addIncidentEvent(tx, {
        incidentId: incident.id,
        kind: 'eta',
        personId: actor.id,
        at: now,
        note: formatTime(eta),
      });
      return true;
    });
  }

  /** "Afløser fundet": closes the incident with a note. */
  async replacementFound(actor: Actor | null, incidentId: number, note: string): Promise<ActionOutcome> {
    return this.act(actor, incidentId, async (tx, incident, now) => {
      if (incident.status === 'resolved' || !actor) return false;
      await markResolved(tx, incident.id, { at: now, resolution: 'replacement', by: actor.id, note, loginAt: null });
      await addIncidentEvent(tx, { incidentId: incident.id, kind: 'resolved', personId: actor.id, at: now, note });
      return true;
    });
  }

  /** Shared frame of the card actions: lock, authorize on the server, change, stop escalation, update every card. */
  private async act(
    actor: Actor | null,
    incidentId: number,
    change: (tx: Queryable, incident: Incident, now: Date) => Promise<boolean>,
  ): Promise<ActionOutcome> {
    return this.deps.db.withTransaction(async (tx) => {
      const incident = await findIncident(tx, incidentId, true);
      if (!incident) throw notFound('Udeblivelsen');
      if (!canActOnIncident(actor, incident.municipalityCode)) {
        throw forbidden('Kun kommunens kontaktpersoner og DDH-sekretariatet kan handle på denne udeblivelse.');
      }
      const changed = await change(tx, incident, this.deps.clock.now());
      const current = (await findIncident(tx, incidentId))!;
      if (!changed) return { card: await this.deps.alerts.cardFor(tx, current), changed };
      await this.deps.scheduler.cancel(escalationKeyPrefix(incidentId), tx);
      return { card: await this.deps.alerts.refresh(tx, current), changed };
    });
  }

  /** The agent logged in late: the incident resolves itself and everyone alerted sees it. */
  async resolveByLogin(q: Db | Queryable, incidentId: number, loginAt: Date): Promise<boolean> {
    return inTransaction(q, async (tx) => {
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

  /** "Meld udeblivelse": the secretariat starts the same flow by hand. */
  async reportManually(
    actor: Actor | null,
    input: { municipalityCode: number; shiftId: number | null; startsAt: Date | null; note: string },
  ): Promise<{ incident: Incident; created: boolean }> {
    if (!actor?.secretariat) throw forbidden('Kun DDH-sekretariatet kan melde en udeblivelse.');
    return this.deps.db.withTransaction(async (tx) => {
      const now = this.deps.clock.now();
      let base: Omit<NewIncident, 'source' | 'openedAt' | 'reportedBy' | 'reportNote'>;
      if (input.shiftId !== null) {
        const shift = await findShift(tx, input.shiftId, true);
        if (!shift || shift.status !== 'active' || shift.municipalityCode !== input.municipalityCode)
          throw notFound('Vagten');
        base = {
          shiftId: shift.id,
          municipalityCode: shift.municipalityCode,
          shiftStartsAt: shift.startsAt,
          shiftEndsAt: shift.endsAt,
        };
      } else {
        if (!input.startsAt)
          throw new DomainError(
            'INVALID_INPUT',
            'Vælg en vagt, eller skriv starttidspunktet for en vagt uden for vagtplanen.',
          );
        const same = await unresolvedManualIncident(tx, input.municipalityCode, input.startsAt);
        if (same) return { incident: same, created: false };
        base = {
          shiftId: null,
          municipalityCode: input.municipalityCode,
          shiftStartsAt: input.startsAt,
          shiftEndsAt: null,
        };
      }
      const opened = await this.open(tx, {
        ...base,
        source: 'manual',
        openedAt: now,
        reportedBy: actor.id,
        reportNote: input.note,
      });
      if (opened) return { incident: opened, created: true };
      return { incident: (await incidentOfShift(tx, base.shiftId!))!, created: false };
    });
  }

  async cardOf(incidentId: number): Promise<Card> {
    const incident = await findIncident(this.deps.db, incidentId);
    if (!incident) throw notFound('Udeblivelsen');
    return this.deps.alerts.cardFor(this.deps.db, incident);
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
      const all = await alertsOfStep(tx, incident.id, alert.step);
      if (all.some((a) => a.status === 'queued' || a.status === 'sent')) return;
      await addIncidentEvent(tx, {
        incidentId: incident.id,
        kind: 'unreachable',
        personId: null,
        at: this.deps.clock.now(),
        note: `${all.map((a) => a.target).join(', ')} kunne ikke nås i Teams`,
      });
      if (alert.step < LAST_STEP) {
        await this.deps.alerts.tellSecretariat(
          tx,
          incident,
          alert.step,
          `${all.map((a) => a.target).join(', ')} kunne ikke nås i Teams`,
          'Udeblivelsen er sendt videre til næste trin.',
        );
        await this.escalateIn(tx, incident.id, alert.step + 1);
      } else {
        this.deps.log.error({ incidentId: incident.id }, 'no-show alert could not be delivered to the secretariat');
      }
    });
  }
}
