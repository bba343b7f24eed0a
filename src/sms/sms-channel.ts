/**
 * The SMS channel as capabilities use it: `enqueue` writes the message in the caller's transaction (one per key, under
 * an optional daily cap) and plans its send as a durable job; the job hands it to the provider and retries passing
 * failures; the provider's webhook brings delivery reports and replies. Final outcomes and replies reach the owner of
 * the message's batch through durable jobs (`onOutcome`, `onReply`), so a crash between two steps loses nothing.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Db, Queryable } from '../db/database.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { BotApp, HttpRequest, HttpResponse } from '../platform/bot-app.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { ZONE } from '../shared/time.js';
import type { SmsProvider } from './sms-provider.js';
import {
  countSmsAttempt,
  findSmsByKey,
  insertSms,
  markSmsFailed,
  markSmsSent,
  matchReply,
  recordDeliveryReport,
  smsForSend,
  spentSince,
  type SmsMessage,
} from './sms-repository.js';

export const SMS_JOBS = { send: 'sms.send', outcome: 'sms.outcome', reply: 'sms.reply' } as const;
/** Event Grid posts delivery reports and replies here (with ?code=<SMS_WEBHOOK_SECRET>). */
export const SMS_WEBHOOK_PATH = '/api/ingest/sms';
/** A reply counts for messages sent in the last day. */
const REPLY_WINDOW_MS = 24 * 3_600_000;
const RETRY_DELAYS_MS = [30_000, 120_000, 300_000];

export interface SmsToSend {
  /** Idempotency key: one message per key, ever (e.g. one per person per incident step). */
  key: string;
  batch: string;
  personId: number | null;
  /** E.164. */
  to: string;
  /** The text, given the code the recipient may answer with (null when the provider receives no replies). */
  text: (replyCode: string | null) => string;
  /** At most `limit` messages per scope per day (Copenhagen time); beyond it the message is recorded as capped. */
  cap?: { scope: string; limit: number };
}

export type SmsEnqueued =
  | { state: 'queued' | 'capped' | 'duplicate'; message: SmsMessage }
  /** No provider configured. */
  | { state: 'off' };

export interface SmsOutcome {
  key: string;
  batch: string;
  personId: number | null;
  status: 'delivered' | 'failed' | 'undelivered';
  reason: string | null;
}

export interface SmsReply {
  key: string;
  batch: string;
  personId: number | null;
  text: string;
}

export interface SmsChannelDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  scheduler: JobScheduler;
  provider: SmsProvider | null;
}

type Handlers<T> = { prefix: string; fn: (value: T) => Promise<void> }[];

export class SmsChannel {
  private readonly outcomeHandlers: Handlers<SmsOutcome> = [];
  private readonly replyHandlers: Handlers<SmsReply> = [];
  private registered = false;

  constructor(private readonly deps: SmsChannelDeps) {}

  /** Whether a provider is configured at all. */
  get available(): boolean {
    return this.deps.provider !== null;
  }

  get receivesReplies(): boolean {
    return this.deps.provider?.receivesReplies ?? false;
  }

  onOutcome(batchPrefix: string, fn: (outcome: SmsOutcome) => Promise<void>): void {
    this.outcomeHandlers.push({ prefix: batchPrefix, fn });
  }

  onReply(batchPrefix: string, fn: (reply: SmsReply) => Promise<void>): void {
    this.replyHandlers.push({ prefix: batchPrefix, fn });
  }

  /** Writes the message in the caller's transaction and plans its send; a key seen before changes nothing. */
  async enqueue(tx: Queryable, sms: SmsToSend): Promise<SmsEnqueued> {
    if (!this.deps.provider) return { state: 'off' };
    const existing = await findSmsByKey(tx, sms.key);
    if (existing) return { state: 'duplicate', message: existing };
    const now = this.deps.clock.now();
    let capped = false;
    if (sms.cap) {
      const dayStart = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').toJSDate();
      capped = (await spentSince(tx, sms.cap.scope, dayStart)) >= sms.cap.limit;
    }
    const replyCode = this.receivesReplies ? String(randomInt(1000, 10_000)) : null;
    const message = await insertSms(tx, {
      key: sms.key,
      batch: sms.batch,
      personId: sms.personId,
      toNumber: sms.to,
      body: sms.text(replyCode),
      capScope: sms.cap?.scope ?? null,
      replyCode,
      state: capped ? 'capped' : 'queued',
      reason: capped ? `Dagens loft på ${sms.cap!.limit} sms'er er nået` : null,
      reference: randomUUID(),
      createdAt: now,
    });
    if (!message) return { state: 'duplicate', message: (await findSmsByKey(tx, sms.key))! };
    if (!capped)
      await this.deps.scheduler.schedule(SMS_JOBS.send, { id: message.id }, { key: `sms:send:${message.id}`, tx });
    return { state: capped ? 'capped' : 'queued', message };
  }

  /** Jobs and the webhook; the module that owns the channel calls this once. */
  register(app: BotApp): void {
    if (this.registered) return;
    this.registered = true;
    const { scheduler } = this.deps;
    scheduler.work(SMS_JOBS.send, async (payload) => this.send(Number(payload.id)));
    scheduler.work(SMS_JOBS.outcome, async (payload) => {
      const outcome = payload as unknown as SmsOutcome;
      for (const h of this.outcomeHandlers) if (outcome.batch.startsWith(h.prefix)) await h.fn(outcome);
    });
    scheduler.work(SMS_JOBS.reply, async (payload) => {
      const reply = payload as unknown as SmsReply;
      for (const h of this.replyHandlers) if (reply.batch.startsWith(h.prefix)) await h.fn(reply);
    });
    app.onHttp('post', SMS_WEBHOOK_PATH, (req) => this.webhook(req));
  }

  /** The send job: no transaction is held while the provider is asked (it may take seconds). */
  async send(id: number): Promise<void> {
    const provider = this.deps.provider;
    const { db, clock, log } = this.deps;
    const sms = await smsForSend(db, id);
    if (!provider || !sms || sms.state !== 'queued' || !sms.toNumber || !sms.body) return;
    const result = await provider.send({
      to: sms.toNumber,
      text: sms.body,
      reference: sms.reference,
      firstAttemptAt: sms.createdAt,
      recipientName: sms.recipientName,
    });
    const at = clock.now();
    if (result.outcome === 'accepted' || result.outcome === 'delivered') {
      const delivered = result.outcome === 'delivered';
      await db.withTransaction(async (tx) => {
        const marked = await markSmsSent(tx, id, {
          provider: provider.name,
          providerMessageId: result.providerMessageId,
          delivered,
          at,
        });
        if (marked && delivered) await this.outcome(tx, sms, 'delivered', null);
      });
      return;
    }
    if (result.outcome === 'retry') {
      const attempts = await countSmsAttempt(db, id, result.reason);
      const delay = RETRY_DELAYS_MS[attempts - 1];
      if (delay !== undefined) {
        log.warn({ smsId: id, attempts }, 'sms send will be retried');
        await this.deps.scheduler.schedule(
          SMS_JOBS.send,
          { id },
          {
            key: `sms:send:${id}:retry:${attempts}`,
            runAt: new Date(at.getTime() + Math.max(delay, result.retryAfterMs ?? 0)),
          },
        );
        return;
      }
    }
    await db.withTransaction(async (tx) => {
      if (await markSmsFailed(tx, id, { provider: provider.name, reason: result.reason, at }))
        await this.outcome(tx, sms, 'failed', result.reason);
    });
    log.warn({ smsId: id }, 'sms could not be sent');
  }

  /** POST /api/ingest/sms: delivery reports and replies, as the provider authenticates and reads them. */
  async webhook(req: HttpRequest): Promise<HttpResponse> {
    const provider = this.deps.provider;
    if (!provider) return { status: 503, body: { error: 'SMS er ikke sat op.' } };
    const reading = await provider.readWebhook(req);
    if (reading.status >= 400) this.deps.log.warn({ status: reading.status }, 'sms webhook refused');
    for (const event of reading.events) {
      await this.deps.db.withTransaction(async (tx) => {
        if (event.kind === 'delivery') {
          const sms = await recordDeliveryReport(tx, event.providerMessageId, event);
          if (sms) await this.outcome(tx, sms, event.delivered ? 'delivered' : 'undelivered', event.reason);
          return;
        }
        const codes = event.text.match(/\b\d{4}\b/g) ?? [];
        const since = new Date(this.deps.clock.now().getTime() - REPLY_WINDOW_MS);
        const sms = codes.length
          ? await matchReply(tx, {
              providerMessageId: event.providerMessageId,
              from: event.from,
              codes,
              at: event.at,
              since,
            })
          : null;
        if (!sms) return void this.deps.log.info('sms reply matched no message');
        const reply: SmsReply = { key: sms.key, batch: sms.batch, personId: sms.personId, text: event.text };
        await this.deps.scheduler.schedule(
          SMS_JOBS.reply,
          { ...reply },
          { key: `sms:reply:${event.providerMessageId}`, tx },
        );
      });
    }
    return { status: reading.status, body: reading.body };
  }

  private async outcome(tx: Queryable, sms: SmsMessage, status: SmsOutcome['status'], reason: string | null) {
    const outcome: SmsOutcome = { key: sms.key, batch: sms.batch, personId: sms.personId, status, reason };
    await this.deps.scheduler.schedule(
      SMS_JOBS.outcome,
      { ...outcome },
      { key: `sms:outcome:${sms.id}:${status}`, tx },
    );
  }
}
