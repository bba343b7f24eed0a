/**
 * What the rest of the bot reads of the SMS channel: the delivery report over `sms_messages` (for the secretariat's
 * reports), SMS counts per batch (the monthly no-show report), and the redaction the registry runs when a person is
 * forgotten. Sending goes through SmsChannel (sms-channel.ts), which the composition root hands to its users.
 */
import type { Queryable } from '../db/database.js';
import { redactSmsOfPerson, sentCountsOf, smsByBatch, type SmsState } from './sms-repository.js';

export type { SmsChannel, SmsOutcome, SmsReply, SmsToSend } from './sms-channel.js';

/** One batch in the delivery report (e.g. 'noshow:42'): counted by outcome, with the reasons of what failed. */
export interface SmsBatchReport {
  batch: string;
  /** When the batch's first SMS was created. */
  firstAt: Date;
  /** Handed to the provider, no delivery report yet. */
  pending: number;
  delivered: number;
  /** Refused by the provider, or reported undelivered. */
  failed: number;
  /** Not sent: the daily cap was reached. */
  capped: number;
  reasons: { reason: string; count: number }[];
}

const BUCKET: Record<SmsState, keyof Omit<SmsBatchReport, 'batch' | 'reasons' | 'firstAt'>> = {
  queued: 'pending',
  sent: 'pending',
  delivered: 'delivered',
  failed: 'failed',
  undelivered: 'failed',
  capped: 'capped',
};

/**
 * Every SMS created in [since, until), per batch, oldest batch name first; `batchPrefix` narrows it (e.g. 'noshow:').
 * The table behind it is `sms_messages` (migration 020).
 */
export async function smsDeliveryReport(
  db: Queryable,
  range: { since: Date; until: Date; batchPrefix?: string },
): Promise<SmsBatchReport[]> {
  const byBatch = new Map<string, SmsBatchReport>();
  for (const row of await smsByBatch(db, range.since, range.until, range.batchPrefix ?? '')) {
    const report = byBatch.get(row.batch) ?? {
      batch: row.batch,
      firstAt: row.firstAt,
      pending: 0,
      delivered: 0,
      failed: 0,
      capped: 0,
      reasons: [],
    };
    report[BUCKET[row.state]] += row.count;
    if (row.firstAt < report.firstAt) report.firstAt = row.firstAt;
    if (row.reason && BUCKET[row.state] !== 'delivered') {
      const known = report.reasons.find((r) => r.reason === row.reason);
      if (known) known.count += row.count;
      else report.reasons.push({ reason: row.reason, count: row.count });
    }
    byBatch.set(row.batch, report);
  }
  return [...byBatch.values()];
}

/** How many SMS were sent for each batch (capped ones were not). */
export function smsSentCounts(db: Queryable, batches: string[]): Promise<Map<string, number>> {
  return sentCountsOf(db, batches);
}

/** Data protection: blanks the numbers and texts of every SMS to a person who is forgotten. */
export function forgetSmsRecipient(db: Queryable, personId: number): Promise<number> {
  return redactSmsOfPerson(db, personId);
}
