/**
 * Sends an incident's alerts step by step, on the step's channel (Teams, SMS, or Teams then SMS after N minutes), and
 * keeps every copy of its cards current. What a step could not reach is returned to NoShowService, which decides about
 * the next step; the secretariat's notices carry the numbers of the people to call (only the secretariat gets them).
 */
import type { Queryable } from '../db/database.js';
import type { Delivery, Recipient } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { formatDanishMobile } from '../registry/mobile-number.js';
import { findPersonById, peopleWithRole } from '../registry/registry-repository.js';
import type { Clock } from '../shared/clock.js';
import { buildAlertCard, buildNudgeCard, buildUnreachableNoticeCard, shiftTimeLabel } from './shifts-cards.js';
import {
  addMinutes,
  alertKey,
  DUTY_CHAT,
  incidentBatch,
  incidentCardRef,
  noticeKey,
  nudgeCardRef,
  SHIFT_JOBS,
  smsFallbackKey,
  targetOfStep,
  type Incident,
  type NoShowPolicy,
} from './shifts-domain.js';
import { insertAlerts } from './noshow-alert-repository.js';
import { addIncidentEvent } from './shifts-incident-repository.js';
import { incidentViewData, type IncidentViewData } from './noshow-view-repository.js';
import type { SmsAlerts, SmsAttempt, StepPerson } from './sms-alerts.js';
import { LEADER_LABEL, STEP_LABELS, stepTargetsOf, type UnreachableEntry } from './step-targets.js';
import type { AlertView, NudgeView } from './shifts-views.js';

/** While no duty chat is set up (or the bot was removed from it), each member of the secretariat. */
const DUTY_CHAT_OR_SECRETARIAT: Recipient = { kind: 'named', purpose: DUTY_CHAT, orElse: 'secretariat' };

export interface AlertServiceDeps {
  delivery: Delivery;
  scheduler: JobScheduler;
  clock: Clock;
  sms: SmsAlerts;
  /** Without a Lederposten on the shift, alert the municipality's 'leder' role at step 0. */
  leaderRoleFallback: boolean;
  /** The Viva Engage community agents post delays in, for the nudge's button; null: no button. */
  engageCommunityUrl: string | null;
}

/** Who a step reached (accepted by Teams or the SMS provider) and who it could not reach. */
export interface StepDelivery {
  reached: string[];
  unreachable: UnreachableEntry[];
}

const VIA = { teams: 'i Teams', teamsAndSms: 'i Teams eller på sms', sms: 'på sms' };
const smsVia = (attempt: SmsAttempt, base: string) =>
  attempt === 'no-mobile'
    ? `${base} (intet mobilnummer)`
    : attempt === 'capped'
      ? `${base} (dagens sms-loft er nået)`
      : attempt === 'off'
        ? `${base} (sms er ikke sat op)`
        : base;

export class AlertService {
  constructor(private readonly deps: AlertServiceDeps) {}

  /** The alert as it stands now, read in one statement; every recipient sees this one. */
  async viewOf(tx: Queryable, incidentId: number): Promise<AlertView> {
    const data = await incidentViewData(tx, incidentId);
    if (!data) throw new Error(`incident ${incidentId} vanished`);
    return this.alertViewOf(data);
  }

  alertViewOf(data: IncidentViewData): AlertView {
    const agent = data.agent;
    return {
      incident: data.incident,
      municipalityName: municipalityNameOf(data.incident),
      agentLabel: agent
        ? (agent.name ?? agent.email ?? agent.id ?? 'ukendt')
        : 'Ukendt (meldt uden vagt fra vagtplanen)',
      notice: data.notice,
      events: data.events,
      now: this.deps.clock.now(),
    };
  }

  /** Updates every copy of the incident's card, and the agent's nudge; returns what the alert now shows. */
  async refresh(tx: Queryable, incidentId: number): Promise<AlertView> {
    const data = await incidentViewData(tx, incidentId);
    if (!data) throw new Error(`incident ${incidentId} vanished`);
    const view = this.alertViewOf(data);
    await this.deps.delivery.updateCard(incidentCardRef(incidentId), buildAlertCard(view), tx);
    if (data.agent?.personId)
      await this.deps.delivery.updateCard(nudgeCardRef(incidentId), buildNudgeCard(this.nudgeViewOf(view)), tx);
    return view;
  }

  nudgeViewOf(view: AlertView): NudgeView {
    return {
      incident: view.incident,
      municipalityName: view.municipalityName,
      communityUrl: this.deps.engageCommunityUrl,
    };
  }

  /**
   * Sends step `step` of the incident on its channel and records each alert and SMS. What to do about those that could
   * not be reached is the caller's (NoShowService), the same as for a delivery that fails later.
   */
  async sendStep(tx: Queryable, incident: Incident, step: number, policy: NoShowPolicy): Promise<StepDelivery> {
    const now = this.deps.clock.now();
    await addIncidentEvent(tx, {
      incidentId: incident.id,
      kind: 'alerted',
      personId: null,
      at: now,
      note: String(step),
    });
    const channel = policy.channels[targetOfStep(step)];
    const targets = await stepTargetsOf(tx, incident, step, this.deps.leaderRoleFallback);
    const out: StepDelivery = { reached: [], unreachable: [...targets.missing] };
    for (const leader of targets.people.filter((person) => person.roleLabel === LEADER_LABEL))
      await addIncidentEvent(tx, {
        incidentId: incident.id,
        kind: 'leader',
        personId: null,
        at: now,
        note: leader.name,
      });
    const smsTo = async (person: StepPerson, via: string) => {
      const attempt = await this.deps.sms.send(tx, incident, step, person);
      if (attempt === 'queued' || attempt === 'duplicate') out.reached.push(person.name);
      else out.unreachable.push({ roleLabel: person.roleLabel, name: person.name, via: smsVia(attempt, via) });
    };
    if (channel === 'sms') {
      for (const person of targets.people) await smsTo(person, VIA.sms);
      return out;
    }
    const card = buildAlertCard(await this.viewOf(tx, incident.id));
    const teams = targets.dutyChat
      ? [{ key: alertKey(incident.id, step, { purpose: DUTY_CHAT }), to: DUTY_CHAT_OR_SECRETARIAT, person: null }]
      : targets.people.map((person) => ({
          key: alertKey(incident.id, step, { personId: person.personId }),
          to: { kind: 'person', personId: person.personId } as Recipient,
          person,
        }));
    const result = teams.length
      ? await this.deps.delivery.enqueue(
          teams.map((t) => ({
            key: t.key,
            to: t.to,
            card,
            batch: incidentBatch(incident.id),
            cardRef: incidentCardRef(incident.id),
          })),
          tx,
        )
      : { unreachable: [] };
    const failed = new Set(result.unreachable.map((outcome) => outcome.key));
    await insertAlerts(
      tx,
      teams.map((t) => ({
        key: t.key,
        incidentId: incident.id,
        step,
        personId: t.person?.personId ?? null,
        target: t.person?.name ?? 'vagtkanal',
        roleLabel: t.person?.roleLabel ?? STEP_LABELS[step],
        status: failed.has(t.key) ? ('unreachable' as const) : ('queued' as const),
      })),
      now,
    );
    const thenSms = channel === 'teams_then_sms';
    // The people an SMS would go to: the step's own people, or for the duty chat the members of the secretariat.
    const smsPeopleOf = (person: StepPerson | null) => (person ? [person] : targets.people);
    for (const t of teams) {
      if (!failed.has(t.key)) {
        out.reached.push(t.person?.name ?? 'vagtkanal');
        if (thenSms)
          for (const person of smsPeopleOf(t.person)) await this.planSms(tx, incident, step, person, policy, now);
      } else if (thenSms && this.deps.sms.available) {
        for (const person of smsPeopleOf(t.person)) await smsTo(person, VIA.teamsAndSms);
      } else {
        out.unreachable.push({
          roleLabel: t.person?.roleLabel ?? STEP_LABELS[step],
          name: t.person?.name ?? null,
          via: VIA.teams,
        });
      }
    }
    return out;
  }

  /** Whom a step's SMS goes to: the one person, or for the duty chat (no person) each member of the secretariat. */
  async smsPeopleOf(tx: Queryable, incident: Incident, step: number, personId: number | null): Promise<StepPerson[]> {
    const targets = await stepTargetsOf(tx, incident, step, this.deps.leaderRoleFallback);
    if (personId === null) return targets.dutyChat ? targets.people : [];
    const known = targets.people.find((person) => person.personId === personId);
    if (known) return [known];
    // No longer in the role (the registry changed since): still the person who was alerted.
    const person = await findPersonById(tx, personId);
    return person ? [{ personId, name: person.name, mobile: person.mobile, roleLabel: STEP_LABELS[step] }] : [];
  }

  /** Teams then SMS: the SMS goes out N minutes from now unless the incident is acknowledged first. */
  private async planSms(
    tx: Queryable,
    incident: Incident,
    step: number,
    person: StepPerson,
    policy: NoShowPolicy,
    now: Date,
  ) {
    if (!this.deps.sms.available) return;
    await this.deps.scheduler.schedule(
      SHIFT_JOBS.smsFallback,
      { incidentId: incident.id, step, personId: person.personId },
      { key: smsFallbackKey(incident.id, step, person.personId), runAt: addMinutes(now, policy.smsAfterMinutes), tx },
    );
  }

  /**
   * Tells the secretariat that a step did not reach everyone (issue 5), with the numbers of the municipality's
   * contact persons and leaders to call: this notice goes only to the secretariat.
   */
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
      phones: await this.phonesOf(tx, incident.municipalityCode),
    });
    await this.deps.delivery.enqueue(
      [
        {
          key: noticeKey(incident.id, step, sentence),
          to: DUTY_CHAT_OR_SECRETARIAT,
          card,
          batch: `noshow-notice:${incident.id}`,
        },
      ],
      tx,
    );
  }

  /** "Signe Holm (primær kontaktperson): +45 20 01 07 03" for each contact and leader of the municipality with a number. */
  async phonesOf(tx: Queryable, municipalityCode: number): Promise<string[]> {
    const lines: string[] = [];
    const roles = [
      ['primaer_kontakt', 'primær kontaktperson'],
      ['sekundaer_kontakt', 'sekundær kontaktperson'],
      ['leder', 'leder'],
    ] as const;
    for (const [role, label] of roles)
      for (const person of await peopleWithRole(tx, role, municipalityCode))
        if (person.mobile) lines.push(`${person.name} (${label}): ${formatDanishMobile(person.mobile)}`);
    return lines;
  }
}

export function municipalityNameOf(incident: Pick<Incident, 'municipalityCode'>): string {
  return municipalityByCode(incident.municipalityCode)?.name ?? String(incident.municipalityCode);
}
