/**
 * No-show alerts by SMS (issue 24): a short Danish text with the municipality, the shift and a signed link (plus a
 * reply code where the provider receives replies), at most one per person per incident step, under a daily cap per
 * municipality. Each SMS is an alert (noshow_alerts, channel 'sms', the same key as in sms_messages) and a line in
 * the incident's history.
 */
import type { Queryable } from '../db/database.js';
import { municipalityByCode } from '../registry/municipalities.js';
import type { Clock } from '../shared/clock.js';
import { copenhagen } from '../shared/time.js';
import type { SmsChannel } from '../sms/sms-public.js';
import { ackUrl } from './ack-link.js';
import {
  ACK_LINK_VALID_AFTER_SHIFT_MINUTES,
  addMinutes,
  incidentBatch,
  smsAlertKey,
  type Incident,
} from './shifts-domain.js';
import { insertAlerts } from './noshow-alert-repository.js';
import { addIncidentEvent } from './shifts-incident-repository.js';

export interface SmsAlertsDeps {
  sms: SmsChannel | null;
  clock: Clock;
  /** The bot's public address (no trailing slash), for the acknowledgement link. */
  baseUrl: string;
  linkSecret: string;
  /** At most this many SMS per municipality per day (Copenhagen time). */
  dailyCapPerMunicipality: number;
}

/** Someone a step alerts. */
export interface StepPerson {
  personId: number;
  name: string;
  mobile: string | null;
  /** "primær kontaktperson", "leder på vagt", ... */
  roleLabel: string;
}

/** What became of an SMS: handed to the channel, or why not. */
export type SmsAttempt = 'queued' | 'no-mobile' | 'capped' | 'off' | 'duplicate';

export class SmsAlerts {
  constructor(private readonly deps: SmsAlertsDeps) {}

  get available(): boolean {
    return this.deps.sms?.available ?? false;
  }

  /** Sends the step's SMS to one person (once, whatever calls it again) and records it. */
  async send(tx: Queryable, incident: Incident, step: number, person: StepPerson): Promise<SmsAttempt> {
    const sms = this.deps.sms;
    if (!sms?.available) return 'off';
    const now = this.deps.clock.now();
    const key = smsAlertKey(incident.id, step, person.personId);
    const alert = {
      key,
      incidentId: incident.id,
      step,
      personId: person.personId,
      target: person.name,
      roleLabel: person.roleLabel,
      channel: 'sms' as const,
    };
    if (!person.mobile) {
      await insertAlerts(tx, [{ ...alert, status: 'unreachable' }], now);
      await this.log(tx, incident, 'sms-failed', `Sms til ${person.name}: intet mobilnummer i registret`);
      return 'no-mobile';
    }
    const expiresAt = addMinutes(
      new Date(Math.max((incident.shiftEndsAt ?? incident.shiftStartsAt).getTime(), now.getTime())),
      ACK_LINK_VALID_AFTER_SHIFT_MINUTES,
    );
    const link = ackUrl(this.deps.baseUrl, this.deps.linkSecret, {
      incidentId: incident.id,
      personId: person.personId,
      expiresAt,
    });
    const result = await sms.enqueue(tx, {
      key,
      batch: incidentBatch(incident.id),
      personId: person.personId,
      to: person.mobile,
      text: (replyCode) => smsText(incident, link, replyCode),
      cap: { scope: `municipality:${incident.municipalityCode}`, limit: this.deps.dailyCapPerMunicipality },
    });
    if (result.state === 'off' || result.state === 'duplicate') return result.state;
    const capped = result.state === 'capped';
    await insertAlerts(tx, [{ ...alert, status: capped ? 'unreachable' : 'queued' }], now);
    await this.log(
      tx,
      incident,
      capped ? 'sms-failed' : 'sms',
      capped
        ? `Sms til ${person.name} blev ikke sendt: dagens loft på ${this.deps.dailyCapPerMunicipality} sms'er for kommunen er nået`
        : `Sms sendt til ${person.name}`,
    );
    return capped ? 'capped' : 'queued';
  }

  private log(tx: Queryable, incident: Incident, kind: string, note: string): Promise<void> {
    return addIncidentEvent(tx, { incidentId: incident.id, kind, personId: null, at: this.deps.clock.now(), note });
  }
}

/**
 * "DDH udeblivelse: Aarhus 24.11 kl. 08:00-12:00. Kvitter: <link> eller svar 4821". Plain GSM characters
 * only (æ, ø and å are GSM; an en dash is not and would halve what fits in one SMS).
 */
export function smsText(incident: Incident, link: string, replyCode: string | null): string {
  const name = municipalityByCode(incident.municipalityCode)?.name ?? String(incident.municipalityCode);
  const start = copenhagen(incident.shiftStartsAt);
  const end = incident.shiftEndsAt ? `-${copenhagen(incident.shiftEndsAt).toFormat('HH:mm')}` : '';
  const reply = replyCode ? ` eller svar ${replyCode}` : '';
  return `DDH udeblivelse: ${name} ${start.toFormat('dd.MM')} kl. ${start.toFormat('HH:mm')}${end}. Kvitter: ${link}${reply}`;
}
