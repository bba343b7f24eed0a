/**
 * Sends an incident's alerts step by step and keeps every copy of its card current.
 * Contacts are resolved to people here (not left to the delivery engine) so each gets a key of its own
 * and an unreachable contact is known at once, which is what triggers the skip to the next step.
 */
import type { Queryable } from '../db/database.js';
import type { Delivery, OutboxMessage, Recipient } from '../delivery/delivery.js';
import type { Card } from '../platform/bot-app.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { findPersonById, peopleWithRole, secretariatPeople } from '../registry/registry-repository.js';
import type { Person } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { buildAlertCard, buildUnreachableNoticeCard, shiftTimeLabel, STEP_LABELS } from './shifts-cards.js';
import { alertKey, incidentBatch, incidentCardRef, noticeKey, targetOfStep, type Incident } from './shifts-domain.js';
import { addIncidentEvent, incidentEvents, insertAlerts } from './shifts-incident-repository.js';
import { findShift, latestDelayNotice } from './shifts-repository.js';

export const DUTY_CHAT = 'vagt';

export interface AlertServiceDeps {
  delivery: Delivery;
  clock: Clock;
  log: Logger;
}

interface Target {
  key: string;
  to: Recipient;
  personId: number | null;
  label: string;
}

export class AlertService {
  constructor(private readonly deps: AlertServiceDeps) {}

  /** The card as it stands now; every recipient sees this one. */
  async cardFor(q: Queryable, incident: Incident): Promise<Card> {
    const shift = incident.shiftId ? await findShift(q, incident.shiftId) : null;
    let agentLabel = 'Ukendt (meldt uden vagt fra vagtplanen)';
    if (shift) {
      const person = shift.agentPersonId ? await findPersonById(q, shift.agentPersonId) : null;
      agentLabel = person?.name ?? shift.agentEmail ?? shift.agentId ?? 'ukendt';
    }
    return buildAlertCard({
      incident,
      municipalityName: municipalityByCode(incident.municipalityCode)?.name ?? String(incident.municipalityCode),
      agentLabel,
      notice: shift ? await latestDelayNotice(q, shift.id) : null,
      events: await incidentEvents(q, incident.id),
      now: this.deps.clock.now(),
    });
  }

  /** Updates the card for everyone it was sent to. */
  async refresh(q: Queryable, incident: Incident): Promise<Card> {
    const card = await this.cardFor(q, incident);
    await this.deps.delivery.updateCard(incidentCardRef(incident.id), card, q);
    return card;
  }

  /**
   * Sends step `step` of the incident. Returns false when nobody of that step could be reached,
   * after telling the secretariat, so the caller moves on to the next step at once.
   */
  async sendStep(q: Queryable, incident: Incident, step: number): Promise<boolean> {
    const now = this.deps.clock.now();
    await addIncidentEvent(q, {
      incidentId: incident.id,
      kind: 'alerted',
      personId: null,
      at: now,
      note: String(step),
    });
    const card = await this.cardFor(q, incident);
    const targets = await this.targetsOf(q, incident, step);
    const unreachable = new Set<string>();
    if (targets.length) {
      const res = await this.deps.delivery.enqueue(
        targets.map((t) => this.message(incident, t, card)),
        q,
      );
      for (const u of res.unreachable) unreachable.add(u.key);
    }
    await insertAlerts(
      q,
      targets.map((t) => ({ key: t.key, incidentId: incident.id, step, personId: t.personId, target: t.label })),
      unreachable,
      now,
    );

    // The duty chat is not set up or gone: the secretariat's people get the alert one by one instead.
    let reached = targets.filter((t) => !unreachable.has(t.key));
    if (targetOfStep(step) === 'sekretariat' && reached.length === 0) {
      const people = await this.secretariatTargets(q, incident, step);
      const res = people.length
        ? await this.deps.delivery.enqueue(
            people.map((t) => this.message(incident, t, card)),
            q,
          )
        : { unreachable: [] };
      const lost = new Set(res.unreachable.map((u) => u.key));
      await insertAlerts(
        q,
        people.map((t) => ({ key: t.key, incidentId: incident.id, step, personId: t.personId, target: t.label })),
        lost,
        now,
      );
      reached = people.filter((t) => !lost.has(t.key));
      if (reached.length === 0)
        this.deps.log.error({ incidentId: incident.id }, 'no-show alert reached nobody in the secretariat');
    }

    const missing = targets.filter((t) => unreachable.has(t.key));
    if (targetOfStep(step) !== 'sekretariat' && (missing.length > 0 || targets.length === 0)) {
      const label = STEP_LABELS[step];
      const sentence =
        targets.length === 0
          ? `Der er ingen ${label} registreret`
          : `${capitalize(label)} (${missing.map((t) => t.label).join(', ')}) kunne ikke nås i Teams`;
      await addIncidentEvent(q, {
        incidentId: incident.id,
        kind: 'unreachable',
        personId: null,
        at: now,
        note: sentence,
      });
      const next =
        reached.length > 0
          ? 'De øvrige modtagere har fået beskeden.'
          : `Udeblivelsen er sendt videre til ${STEP_LABELS[step + 1]}.`;
      await this.tellSecretariat(q, incident, step, sentence, next);
    }
    // Earlier recipients see the escalation; at step 0 the card went out just now and is current.
    if (step > 0 || missing.length > 0 || targets.length === 0) await this.refresh(q, incident);
    return reached.length > 0;
  }

  private message(incident: Incident, t: Target, card: Card): OutboxMessage {
    return { key: t.key, to: t.to, card, batch: incidentBatch(incident.id), cardRef: incidentCardRef(incident.id) };
  }

  private async targetsOf(q: Queryable, incident: Incident, step: number): Promise<Target[]> {
    const target = targetOfStep(step);
    if (target === 'sekretariat') {
      return [
        {
          key: alertKey(incident.id, step, { purpose: DUTY_CHAT }),
          to: { kind: 'named', purpose: DUTY_CHAT },
          personId: null,
          label: 'vagtkanal',
        },
      ];
    }
    const people = await peopleWithRole(q, target, incident.municipalityCode);
    return people.map((p) => this.personTarget(incident, step, p));
  }

  private async secretariatTargets(q: Queryable, incident: Incident, step: number): Promise<Target[]> {
    return (await secretariatPeople(q)).map((p) => this.personTarget(incident, step, p));
  }

  private personTarget(incident: Incident, step: number, p: Person): Target {
    return {
      key: alertKey(incident.id, step, { personId: p.id }),
      to: { kind: 'person', personId: p.id },
      personId: p.id,
      label: p.name,
    };
  }

  /** "A contact who cannot be reached in Teams is skipped at once and the secretariat is told" (issue 5). */
  async tellSecretariat(q: Queryable, incident: Incident, step: number, sentence: string, next: string): Promise<void> {
    const card = buildUnreachableNoticeCard({
      municipalityName: municipalityByCode(incident.municipalityCode)?.name ?? String(incident.municipalityCode),
      sentence,
      next,
      shift: shiftTimeLabel(incident.shiftStartsAt, incident.shiftEndsAt),
    });
    const batch = `noshow-notice:${incident.id}`;
    const chat = { purpose: DUTY_CHAT };
    const res = await this.deps.delivery.enqueue(
      [{ key: noticeKey(incident.id, step, chat), to: { kind: 'named', ...chat }, card, batch }],
      q,
    );
    if (res.unreachable.length === 0) return;
    const people = await secretariatPeople(q);
    if (people.length === 0) return;
    await this.deps.delivery.enqueue(
      people.map((p) => ({
        key: noticeKey(incident.id, step, { personId: p.id }),
        to: { kind: 'person', personId: p.id } as Recipient,
        card,
        batch,
      })),
      q,
    );
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
