/**
 * The delivery engine: capabilities enqueue into the outbox inside their own transaction; the
 * OutboxWorker sends, throttles, retries and reports. The same key is written once, ever.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Card } from '../platform/bot-app.js';
import type { ConversationSender } from '../platform/proactive-sender.js';
import type { StoredConversation } from '../registry/conversation-repository.js';
import type { BatchReport, Delivery, DeliveryOutcome, EnqueueResult, OutboxMessage } from './delivery.js';
import type { JobScheduler } from './scheduler.js';
import type { RateBudget } from './rate-budget.js';
import { batchReport, findByKey, insertSends, updateCardEverywhere } from './outbox-repository.js';
import { resolveRecipients } from './recipient-resolver.js';
import type { DemoInbox } from './demo-inbox.js';
import { OutboxWorker, OUTCOME_JOB } from './outbox-worker.js';

/** Installs the Teams app for a user through Graph and returns the 1:1 chat, or null when it cannot. */
export interface AppInstaller {
  installForUser(entraObjectId: string, tenantId: string | null): Promise<StoredConversation | null>;
}

/** Teams' budgets for one bot (PLATFORM-FACTS.md): per conversation and per tenant, per second. */
export interface DeliveryLimits {
  perConversationPerSecond: number;
  perTenantPerSecond: number;
}

export interface DeliveryEngineOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  limits: DeliveryLimits;
  /** Where Teams' budgets are kept; by default shared through PostgreSQL, in memory with the embedded database. */
  budget?: RateBudget;
  scheduler: JobScheduler;
  sender: ConversationSender;
  installer: AppInstaller | null;
  /** `npm start` only (DEMO_INBOX): messages to demo people without a chat are shown in the playground user's. */
  demoInbox?: DemoInbox | null;
}

export interface DeliveryEngine {
  delivery: Delivery;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Waits until nothing is pending or in flight (tests, benchmarks, shutdown). */
  drain(timeoutMs?: number): Promise<void>;
}

type OutcomeHandler = { prefix: string; fn: (o: DeliveryOutcome) => Promise<void> };

export function createDeliveryEngine(opts: DeliveryEngineOptions): DeliveryEngine {
  const { db, scheduler } = opts;
  const handlers: OutcomeHandler[] = [];
  const wantsOutcome = (batch: string) => handlers.some((h) => batch.startsWith(h.prefix));
  const worker = new OutboxWorker(opts, wantsOutcome);
  // Outcomes reach capabilities through a durable job, so a crash between the send and the handler loses nothing.
  scheduler.work(OUTCOME_JOB, async (payload) => {
    const row = await findByKey(db, String(payload.key));
    if (!row || !['sent', 'unreachable', 'failed'].includes(row.state)) return;
    const outcome: DeliveryOutcome = {
      key: row.key,
      batch: row.batch,
      to: row.recipient,
      status: row.state as DeliveryOutcome['status'],
      reason: row.reason ?? undefined,
    };
    for (const h of handlers) if (row.batch.startsWith(h.prefix)) await h.fn(outcome);
  });

  /**
   * Two statements for any number of messages (issue 22): one read resolves the usual recipients (others are
   * resolved one by one, as before), one statement writes the rows, the cards' first versions and the copies the
   * recipients already see.
   */
  const enqueueIn = async (tx: Queryable, messages: OutboxMessage[]): Promise<EnqueueResult> => {
    const result: EnqueueResult = { queued: [], unreachable: [] };
    for (const m of messages)
      if (!m.card && !m.text) throw new Error(`outbox message ${m.key} has neither card nor text`);
    if (!messages.length) return result;
    const now = new Date();
    const resolved = await resolveRecipients(
      tx,
      messages.map((m) => m.to),
      { canInstall: opts.installer !== null, demoInbox: opts.demoInbox },
    );
    const sends = messages.map((m, i) => {
      const r = resolved[i];
      const unreachable = r.kind === 'unreachable' ? r.reason : null;
      const shown =
        m.shownIn && r.kind === 'conversation' && r.conversation.id === m.shownIn.conversationId ? m.shownIn : null;
      return {
        message: m,
        unreachable,
        shown,
        row: {
          key: m.key,
          batch: m.batch,
          recipient: m.to,
          conversationId: r.kind === 'conversation' ? r.conversation.id : null,
          card: m.card ?? null,
          text: m.text ?? null,
          cardRef: m.cardRef ?? null,
          state: unreachable ? ('unreachable' as const) : shown ? ('sent' as const) : ('pending' as const),
          reason: unreachable,
          activityId: shown?.activityId ?? null,
        },
      };
    });
    const inserted = await insertSends(
      tx,
      sends.map((s) => s.row),
      now,
    );
    for (const { message: m, unreachable, shown } of sends) {
      if (!inserted.delete(m.key)) continue; // already there, or a repeat of a key earlier in this batch
      if (shown) {
        if (wantsOutcome(m.batch))
          await scheduler.schedule(OUTCOME_JOB, { key: m.key }, { key: `delivery:outcome:${m.key}`, tx });
        continue;
      }
      if (unreachable)
        result.unreachable.push({ key: m.key, batch: m.batch, to: m.to, status: 'unreachable', reason: unreachable });
      else result.queued.push(m.key);
    }
    return result;
  };

  const delivery: Delivery = {
    async enqueue(messages, tx) {
      const result = tx ? await enqueueIn(tx, messages) : await db.withTransaction((t) => enqueueIn(t, messages));
      if (result.queued.length) worker.kick();
      return result;
    },
    async updateCard(cardRef: string, card: Card, tx?: Queryable) {
      const now = new Date();
      await updateCardEverywhere(
        tx ?? db,
        cardRef,
        card,
        `${now.getTime()}:${Math.random().toString(36).slice(2, 8)}`,
        now,
      );
      worker.kick();
    },
    onOutcome(batchPrefix, fn) {
      handlers.push({ prefix: batchPrefix, fn });
    },
    report: (batch: string): Promise<BatchReport> => batchReport(db, batch),
  };

  return {
    delivery,
    start: () => worker.start(),
    stop: () => worker.stop(),
    drain: (timeoutMs) => worker.drain(timeoutMs),
  };
}
