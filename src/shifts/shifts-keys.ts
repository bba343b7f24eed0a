/**
 * Keys of timers, outbox messages, SMS and cards of the no-show flow. The scheduler cancels by prefix, so every
 * prefix ends in ':' (incident 1 must not match incident 10).
 */
import { createHash } from 'node:crypto';

export const checkKeyPrefix = (shiftId: number) => `noshow:check:${shiftId}:`;
export const checkKey = (shiftId: number, startsAt: Date) => `${checkKeyPrefix(shiftId)}${startsAt.toISOString()}`;
export const escalationKeyPrefix = (incidentId: number) => `noshow:${incidentId}:escalate:`;
export const escalationKey = (incidentId: number, step: number, early = false) =>
  `${escalationKeyPrefix(incidentId)}${step}${early ? ':early' : ''}`;
export const alertKey = (incidentId: number, step: number, target: { personId: number } | { purpose: string }) =>
  'personId' in target
    ? `noshow:${incidentId}:step:${step}:person:${target.personId}`
    : `noshow:${incidentId}:step:${step}:named:${target.purpose}`;
/** The secretariat's duty chat ("vagtkanal"), set with "Brug denne chat til …". */
export const DUTY_CHAT = 'vagt';
/**
 * The secretariat's notice that a step could not reach everyone: the duty chat, or each member (`…:person:<id>`).
 * One per step and sentence: a retry says nothing new, but a second person of the same step found unreachable later
 * (a delivery that failed after the first notice) is a new notice, not a duplicate to drop.
 */
export const noticeKey = (incidentId: number, step: number, sentence: string) =>
  `noshow-notice:${incidentId}:unreachable:${step}:${createHash('sha256').update(sentence).digest('hex').slice(0, 12)}:named:${DUTY_CHAT}`;
export const incidentCardRef = (incidentId: number) => `noshow:${incidentId}`;
export const incidentBatch = (incidentId: number) => `noshow:${incidentId}`;
export const ALERT_BATCH_PREFIX = 'noshow:';
/** The SMS of one person at one step: at most one, ever (issue 24's rate guard). */
export const smsAlertKey = (incidentId: number, step: number, personId: number) =>
  `noshow:${incidentId}:step:${step}:person:${personId}:sms`;
/** Under the escalation prefix, so acknowledging cancels it with the later steps. */
export const smsFallbackKey = (incidentId: number, step: number, personId: number) =>
  `${escalationKeyPrefix(incidentId)}sms:${step}:${personId}`;
/** The late agent's nudge: one per incident. Its own batch, so its outcome is not an alert's. */
export const nudgeKey = (incidentId: number) => `noshow-nudge:${incidentId}`;
export const nudgeCardRef = nudgeKey;
/** The alert copy a work queue puts in a chat (one per chat: delivery updates a card that stands there already). */
export const queueCopyKey = (incidentId: number, conversationId: string) =>
  `noshow:${incidentId}:queue:${conversationId}`;
/** The copy the reporter already sees: the report form the alert replaced. */
export const reporterCopyKey = (incidentId: number, personId: number) => `noshow:${incidentId}:reporter:${personId}`;

/** Parses an alert or SMS key back into its incident, step and person. */
export function parseAlertKey(key: string): { incidentId: number; step: number; personId: number | null } | null {
  const match = /^noshow:(\d+):step:(\d+):(?:person:(\d+)|named:[^:]+)/.exec(key);
  return match
    ? { incidentId: Number(match[1]), step: Number(match[2]), personId: match[3] ? Number(match[3]) : null }
    : null;
}

/** Minutes the acknowledgement link in an SMS stays valid after the shift ends. */
export const ACK_LINK_VALID_AFTER_SHIFT_MINUTES = 12 * 60;
