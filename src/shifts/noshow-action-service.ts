/**
 * What people do with an incident: the card buttons (Kvitter, Agent på vej, Afløser fundet), the agent's own "Jeg er
 * på vej", acknowledging by the SMS link or an SMS reply, and the "Åbne udeblivelser" work queue. Each action is one
 * statement that checks access and changes the incident (incident-action-repository.ts), one read of what the card
 * shows, and a refresh job that brings every other copy of the card up to date (issue 22: few statements per press).
 * A press on a copy whose incident has moved on answers with the current card, never an error.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import { findActorById } from '../registry/registry-repository.js';
import type { Actor } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import { forbidden, notFound } from '../shared/errors.js';
import { formatTime } from '../shared/time.js';
import type { SmsReply } from '../sms/sms-public.js';
import { verifyAckToken } from './ack-link.js';
import type { AlertService } from './alert-service.js';
import { actOnIncident, type IncidentAccess, type IncidentAction } from './incident-action-repository.js';
import { openIncidentViews } from './noshow-view-repository.js';
import { buildAlertCard } from './shifts-cards.js';
import {
  actsOnIncidents,
  addMinutes,
  contactMunicipalities,
  incidentBatch,
  incidentCardRef,
  parseAlertKey,
  queueCopyKey,
  seesNoShowQueue,
  SHIFT_JOBS,
} from './shifts-domain.js';
import type { AlertView, NudgeView, QueueView } from './shifts-views.js';

export interface NoShowActionServiceDeps {
  db: Db;
  clock: Clock;
  scheduler: JobScheduler;
  delivery: Delivery;
  alerts: AlertService;
  /** Signs the acknowledgement links in SMS (the bot's link secret). */
  linkSecret: string;
}

/** What a card action leaves: the alert as everyone now sees it. */
export interface IncidentChange {
  alert: AlertView;
  /** False when nothing changed (a retry, or the incident had moved on). */
  changed: boolean;
}

/** What the acknowledgement link's page shows. */
export type LinkPage = { kind: 'invalid' } | { kind: 'incident'; alert: AlertView; acknowledgedNow: boolean };

const NOT_YOUR_INCIDENT = 'Kun kommunens kontaktpersoner og DDH-sekretariatet kan handle på denne udeblivelse.';
const NOT_YOUR_SHIFT = 'Kun agenten på vagten kan svare på denne besked.';
/** The queue shows the oldest open incidents, at most this many (each one's card is a message of its own). */
const QUEUE_LIMIT = 10;

const responder = (actor: Actor): IncidentAccess => ({
  kind: 'responder',
  personId: actor.id,
  secretariat: actor.secretariat,
  municipalities: contactMunicipalities(actor),
});

export class NoShowActionService {
  constructor(private readonly deps: NoShowActionServiceDeps) {}

  /** "Kvitter": stops the escalation. */
  acknowledge(actor: Actor, incidentId: number, how: string | null = null): Promise<IncidentChange> {
    return this.act(actor, incidentId, responder(actor), { kind: 'acknowledge', note: how });
  }

  /** "Agent på vej": when the agent is expected; also acknowledges, as somebody is on it. */
  agentOnTheWay(actor: Actor, incidentId: number, minutes: number): Promise<IncidentChange> {
    const eta = wholeMinute(addMinutes(this.deps.clock.now(), minutes));
    return this.act(actor, incidentId, responder(actor), {
      kind: 'eta',
      eta,
      note: formatTime(eta),
      historyKind: 'eta',
    });
  }

  /** "Afløser fundet": closes the incident with a note. */
  replacementFound(actor: Actor, incidentId: number, note: string): Promise<IncidentChange> {
    return this.act(actor, incidentId, responder(actor), { kind: 'resolve', note });
  }

  /** The agent's own "Jeg er på vej" on the nudge: the same as "Agent på vej", and only the shift's agent may. */
  async agentSaysOnTheWay(actor: Actor, incidentId: number, minutes: number): Promise<NudgeView> {
    const eta = wholeMinute(addMinutes(this.deps.clock.now(), minutes));
    const action: IncidentAction = { kind: 'eta', eta, note: formatTime(eta), historyKind: 'agent-eta' };
    const change = await this.act(actor, incidentId, { kind: 'agent', personId: actor.id }, action, NOT_YOUR_SHIFT);
    return this.deps.alerts.nudgeViewOf(change.alert);
  }

  /** GET of the SMS link: what the page shows (the link only reads; its button acknowledges). */
  async linkPage(token: string): Promise<LinkPage> {
    const link = verifyAckToken(this.deps.linkSecret, token, this.deps.clock.now());
    if (!link) return { kind: 'invalid' };
    const alert = await this.deps.alerts.viewOf(this.deps.db, link.incidentId).catch(() => null);
    return alert ? { kind: 'incident', alert, acknowledgedNow: false } : { kind: 'invalid' };
  }

  /** POST of the SMS link's button: acknowledges as the person the SMS went to. */
  async acknowledgeByLink(token: string): Promise<LinkPage> {
    const link = verifyAckToken(this.deps.linkSecret, token, this.deps.clock.now());
    const actor = link ? await findActorById(this.deps.db, link.personId) : null;
    if (!link || !actor) return { kind: 'invalid' };
    const change = await this.act(actor, link.incidentId, responder(actor), {
      kind: 'acknowledge',
      note: 'via link i sms',
    });
    return { kind: 'incident', alert: change.alert, acknowledgedNow: change.changed };
  }

  /** An answer to an alert SMS with its reply code: acknowledges as the person it went to. */
  async acknowledgeByReply(reply: SmsReply): Promise<boolean> {
    const alert = parseAlertKey(reply.key);
    const actor = alert && reply.personId ? await findActorById(this.deps.db, reply.personId) : null;
    if (!alert || !actor) return false;
    const change = await this.act(actor, alert.incidentId, responder(actor), {
      kind: 'acknowledge',
      note: 'svar på sms',
    });
    return change.changed;
  }

  /**
   * "Åbne udeblivelser": the open incidents the person may act on (their municipalities', all for the secretariat).
   * Each one's alert card goes to this chat as a copy that is kept up to date; where the card already stands in the
   * chat, delivery updates it instead of posting it again. The secretariat also sees whom to call.
   */
  async queue(actor: Actor, conversationId: string): Promise<QueueView> {
    if (!seesNoShowQueue(actor)) throw forbidden(NOT_YOUR_INCIDENT);
    const { db, delivery, alerts } = this.deps;
    const found = await openIncidentViews(db, actor.secretariat ? null : contactMunicipalities(actor), QUEUE_LIMIT + 1);
    const views = found.slice(0, QUEUE_LIMIT).map((data) => alerts.alertViewOf(data));
    await delivery.enqueue(
      views.map((view) => ({
        key: queueCopyKey(view.incident.id, conversationId),
        to: { kind: 'conversation', conversationId },
        card: buildAlertCard(view),
        batch: incidentBatch(view.incident.id),
        cardRef: incidentCardRef(view.incident.id),
      })),
    );
    let phones: Map<number, string[]> | null = null;
    if (actor.secretariat) {
      phones = new Map();
      for (const code of new Set(views.map((view) => view.incident.municipalityCode)))
        phones.set(code, await alerts.phonesOf(db, code));
    }
    return { alerts: views, phones, more: found.length > QUEUE_LIMIT };
  }

  /** Authorize (before any lookup for people who act on no incident), act in one statement, read the card once. */
  private async act(
    actor: Actor,
    incidentId: number,
    access: IncidentAccess,
    action: IncidentAction,
    refusal = NOT_YOUR_INCIDENT,
  ): Promise<IncidentChange> {
    if (access.kind === 'responder' && !actsOnIncidents(actor)) throw forbidden(refusal);
    const { db, clock, scheduler, alerts } = this.deps;
    return db.withTransaction(async (tx) => {
      const now = clock.now();
      const result = await actOnIncident(tx, incidentId, access, action, now);
      // The same answer whether the incident does not exist or is not theirs; the secretariat may see all.
      if (!result.allowed)
        throw access.kind === 'responder' && actor.secretariat ? notFound('Udeblivelsen') : forbidden(refusal);
      if (result.changed)
        await scheduler.schedule(
          SHIFT_JOBS.refresh,
          { incidentId },
          { key: `noshow:${incidentId}:refresh:${randomUUID()}`, tx, atNextTick: true },
        );
      return { alert: await alerts.viewOf(tx, incidentId), changed: result.changed };
    });
  }
}

/** Whole minutes, so a retry of the same press lands on the same time and counts once. */
function wholeMinute(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
}
