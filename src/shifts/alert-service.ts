/**
 * Sends an incident's alerts step by step and keeps every copy of its card current.
 * Contacts are resolved to people here (not left to the delivery engine as a role) so each gets a key of its own
 * and an unreachable contact is known at once, which is what triggers the skip to the next step.
 */
import type { Queryable } from '../db/database.js';
import type { Delivery, OutboxMessage, Recipient } from '../delivery/delivery.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { findPersonById, peopleWithRole } from '../registry/registry-repository.js';
import type { Clock } from '../shared/clock.js';
import type { Card } from '../ui/card.js';
import { buildAlertCard, buildUnreachableNoticeCard, shiftTimeLabel } from './shifts-cards.js';
import {
  alertKey,
  DUTY_CHAT,
  incidentBatch,
  incidentCardRef,
  noticeKey,
  targetOfStep,
  type Incident,
} from './shifts-domain.js';
import { addIncidentEvent, incidentEvents, insertAlerts } from './shifts-incident-repository.js';
import { findShift, latestDelayNotice } from './shifts-repository.js';
import type { AlertView } from './shifts-views.js';

/** While no duty chat is set up (or the bot was removed from it), each member of the secretariat. */
const DUTY_CHAT_OR_SECRETARIAT: Recipient = { kind: 'named', purpose: DUTY_CHAT, orElse: 'secretariat' };

export interface AlertServiceDeps {
  delivery: Delivery;
  clock: Clock;
}

/** Who a step was sent to, by the labels the card and the notices use. */
export interface StepDelivery {
  /** Accepted by delivery; a later final outcome may still say they were unreachable. */
  reached: string[];
  /** Known at once to be unreachable (no chat with the bot, or for the duty chat: nobody of the secretariat either). */
  unreachable: string[];
}

interface AlertTarget {
  key: string;
  to: Recipient;
  personId: number | null;
  label: string;
}

export class AlertService {
  constructor(private readonly deps: AlertServiceDeps) {}

  /** The alert as it stands now; every recipient sees this one. */
  async viewOf(tx: Queryable, incident: Incident): Promise<AlertView> {
    const shift = incident.shiftId ? await findShift(tx, incident.shiftId) : null;
    let agentLabel = 'Ukendt (meldt uden vagt fra vagtplanen)';
    if (shift) {
      const person = shift.agentPersonId ? await findPersonById(tx, shift.agentPersonId) : null;
      agentLabel = person?.name ?? shift.agentEmail ?? shift.agentId ?? 'ukendt';
    }
    return {
      incident,
      municipalityName: municipalityNameOf(incident),
      agentLabel,
      notice: shift ? await latestDelayNotice(tx, shift.id) : null,
      events: await incidentEvents(tx, incident.id),
      now: this.deps.clock.now(),
    };
  }

  /** Updates the card for everyone it was sent to; returns what it now shows. */
  async refresh(tx: Queryable, incident: Incident): Promise<AlertView> {
    const view = await this.viewOf(tx, incident);
    await this.deps.delivery.updateCard(incidentCardRef(incident.id), buildAlertCard(view), tx);
    return view;
  }

  /**
   * Sends step `step` of the incident and records each alert. What to do about recipients that could not be
   * reached is the caller's (NoShowService), the same as for a delivery that fails later.
   */
  async sendStep(tx: Queryable, incident: Incident, step: number): Promise<StepDelivery> {
    const now = this.deps.clock.now();
    await addIncidentEvent(tx, {
      incidentId: incident.id,
      kind: 'alerted',
      personId: null,
      at: now,
      note: String(step),
    });
    const card = buildAlertCard(await this.viewOf(tx, incident));
    const targets = await this.targetsOf(tx, incident, step);
    const result = targets.length
      ? await this.deps.delivery.enqueue(
          targets.map((target) => alertMessage(incident, target, card)),
          tx,
        )
      : { unreachable: [] };
    const unreachable = new Set(result.unreachable.map((outcome) => outcome.key));
    await insertAlerts(
      tx,
      targets.map((target) => ({
        key: target.key,
        incidentId: incident.id,
        step,
        personId: target.personId,
        target: target.label,
      })),
      unreachable,
      now,
    );
    return {
      reached: targets.filter((target) => !unreachable.has(target.key)).map((target) => target.label),
      unreachable: targets.filter((target) => unreachable.has(target.key)).map((target) => target.label),
    };
  }

  private async targetsOf(tx: Queryable, incident: Incident, step: number): Promise<AlertTarget[]> {
    const target = targetOfStep(step);
    if (target === 'sekretariat') {
      return [
        {
          key: alertKey(incident.id, step, { purpose: DUTY_CHAT }),
          to: DUTY_CHAT_OR_SECRETARIAT,
          personId: null,
          label: 'vagtkanal',
        },
      ];
    }
    const contacts = await peopleWithRole(tx, target, incident.municipalityCode);
    return contacts.map((person) => ({
      key: alertKey(incident.id, step, { personId: person.id }),
      to: { kind: 'person', personId: person.id },
      personId: person.id,
      label: person.name,
    }));
  }

  /** "A contact who cannot be reached in Teams is skipped at once and the secretariat is told" (issue 5). */
  async tellSecretariat(
    tx: Queryable,
    incident: Incident,
    step: number,
    sentence: string,
    next: string,
  ): Promise<void> {
    const card = buildUnreachableNoticeCard({
      municipalityName: municipalityNameOf(incident),
      sentence,
      next,
      shift: shiftTimeLabel(incident.shiftStartsAt, incident.shiftEndsAt),
    });
    await this.deps.delivery.enqueue(
      [
        {
          key: noticeKey(incident.id, step),
          to: DUTY_CHAT_OR_SECRETARIAT,
          card,
          batch: `noshow-notice:${incident.id}`,
        },
      ],
      tx,
    );
  }
}

function alertMessage(incident: Incident, target: AlertTarget, card: Card): OutboxMessage {
  return {
    key: target.key,
    to: target.to,
    card,
    batch: incidentBatch(incident.id),
    cardRef: incidentCardRef(incident.id),
  };
}

function municipalityNameOf(incident: Incident): string {
  return municipalityByCode(incident.municipalityCode)?.name ?? String(incident.municipalityCode);
}
