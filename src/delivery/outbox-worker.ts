/**
 * Sends what the outbox holds: claims due rows (SKIP LOCKED, so instances share the work), waits for a
 * rate-limit slot, sends through the Bot Connector, and records the outcome. Polling the durable table is
 * the only loop; the work itself always lives in the database. Retry and rate timing use real seconds
 * (Teams' Retry-After and limits are wall-clock), unlike business timers, which follow the injected clock.
 */
import type { Queryable } from '../db/database.js';
import type { Card } from '../ui/card.js';
import { ConnectorError, toConnectorError } from '../platform/proactive-sender.js';
import {
  markConversationDead,
  upsertConversation,
  type StoredConversation,
} from '../registry/conversation-repository.js';
import { findConversation, personalConversationOf } from '../registry/conversation-repository.js';
import type { DeliveryEngineOptions } from './delivery-engine.js';
import {
  claimDue,
  countOpen,
  insertOutbox,
  cardStanding,
  newerCard,
  markFinal,
  markSent,
  recordSentCard,
  markInDoubt,
  renewLeases,
  reschedule,
  setConversation,
  type OutboxRow,
} from './outbox-repository.js';
import { addressCard, addressText } from './demo-inbox.js';
import { resolveRecipient } from './recipient-resolver.js';
import { deliveryCounter } from '../shared/metrics.js';
import { decideOnFailure } from './retry-policy.js';
import { conversationWindows, type Window } from './rate-limiter.js';
import { rateBudgetFor, type RateBudget } from './rate-budget.js';

export const OUTCOME_JOB = 'delivery.outcome';
const POLL_MS = 200;
/**
 * An idle worker looks for work this often: rows from other instances and dead workers' rows (whose lease has run
 * out) are found then; rows enqueued in this process wake it at once.
 */
const IDLE_POLL_MS = 2_000;
const CLAIM = 100;
/**
 * A claimed row is leased for LEASE_MS and the lease is renewed every HEARTBEAT_MS while this worker holds it, however
 * long it waits for a rate-limit slot or for Teams; a dead worker's rows are back in the queue within about
 * LEASE_MS + IDLE_POLL_MS (docs/delivery.md).
 */
export const LEASE_MS = 15_000;
const HEARTBEAT_MS = 5_000;
const PARALLEL = 16;
const PRUNE_EVERY_MS = 60_000;
/** A message whose send was cut off this often may already have arrived as often: it is not sent again. */
const MAX_DOUBTFUL_SENDS = 2;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class OutboxWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private inFlight = 0;
  /** Rows claimed by this worker and not yet finished: the heartbeat keeps their leases. */
  private readonly held = new Set<number>();
  private heartbeat: NodeJS.Timeout | null = null;
  /** Teams' budgets, shared by every instance when the database is PostgreSQL (rate-budget.ts). */
  private readonly budget: RateBudget;
  private readonly conversationWindows: Window[];
  private readonly tenantWindows: Window[];
  private prunedAt = 0;

  constructor(
    private readonly o: DeliveryEngineOptions,
    private readonly wantsOutcome: (batch: string) => boolean,
  ) {
    this.budget = o.budget ?? rateBudgetFor(o.db);
    this.conversationWindows = conversationWindows(o.limits.perConversationPerSecond);
    this.tenantWindows = [{ limit: o.limits.perTenantPerSecond, ms: 1_000 }];
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.heartbeat = setInterval(() => void this.renew(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async renew(): Promise<void> {
    await renewLeases(this.o.db, [...this.held], new Date(Date.now() + LEASE_MS)).catch((err: unknown) =>
      this.o.log.warn({ err }, 'outbox lease renewal failed; rows return to the queue if it keeps failing'),
    );
  }

  kick(): void {
    this.wake?.();
  }

  async drain(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await countOpen(this.o.db)) > 0 || this.inFlight > 0) {
      if (Date.now() > until) throw new Error('drain: outbox still has messages pending');
      this.kick();
      await sleep(25);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let wait = POLL_MS;
      try {
        if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) {
          await this.budget.prune();
          this.prunedAt = Date.now();
        }
        const { rows, nextDueAt } = await claimDue(this.o.db, new Date(), CLAIM, LEASE_MS);
        for (const r of rows) this.held.add(r.id);
        if (rows.length) {
          await this.processAll(rows);
          continue;
        }
        // Nothing due: sleep until the next retry falls due, or IDLE_POLL_MS (rows enqueued here kick the worker).
        wait = nextDueAt ? Math.min(IDLE_POLL_MS, Math.max(POLL_MS, nextDueAt.getTime() - Date.now())) : IDLE_POLL_MS;
      } catch (err) {
        this.o.log.error({ err }, 'outbox worker pass failed');
        wait = IDLE_POLL_MS;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Up to PARALLEL sends at once; rows for one conversation keep their order. */
  private async processAll(rows: OutboxRow[]): Promise<void> {
    const lanes = new Map<string, OutboxRow[]>();
    for (const r of rows) {
      const lane = r.conversationId ?? `row:${r.id}`;
      lanes.set(lane, [...(lanes.get(lane) ?? []), r]);
    }
    const queue = [...lanes.values()];
    const workers = Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const row of lane) {
          this.inFlight++;
          try {
            await this.process(row);
          } catch (err) {
            this.o.log.error({ err, key: row.key }, 'outbox row failed; it will be retried');
            await reschedule(this.o.db, row.id, new Date(Date.now() + 5_000), 'Intern fejl; prøver igen').catch(
              () => undefined,
            );
          } finally {
            this.held.delete(row.id);
            this.inFlight--;
          }
        }
      }
    });
    await Promise.all(workers);
  }

  private async process(row: OutboxRow): Promise<void> {
    const { db } = this.o;
    let conversation = row.conversationId ? await findConversation(db, row.conversationId) : null;
    if (!conversation) {
      const r = await resolveRecipient(db, row.recipient, {
        canInstall: this.o.installer !== null,
        demoInbox: this.o.demoInbox,
      });
      if (r.kind === 'unreachable') return this.finish(row, 'unreachable', r.reason);
      if (r.kind === 'expand') {
        // A role is resolved now, when it is sent: one row per person, each delivered once.
        await db.withTransaction(async (tx) => {
          for (const p of r.people) {
            await insertOutbox(tx, {
              key: `${row.key}:person:${p.id}`,
              kind: 'send',
              batch: row.batch,
              recipient: { kind: 'person', personId: p.id },
              conversationId: await this.demoLaneOf(tx, p.id),
              card: row.card,
              text: row.text,
              cardRef: row.cardRef,
              dueAt: new Date(),
            });
          }
          await markFinal(tx, row.id, 'expanded', null);
        });
        this.kick();
        return;
      }
      conversation =
        r.kind === 'conversation'
          ? r.conversation
          : await this.install(r.person.entraObjectId!, r.person.tenantId, r.person.id);
      if (!conversation) return this.finish(row, 'unreachable', 'Appen kunne ikke installeres for personen');
    }
    if (conversation.deadAt) return this.finish(row, 'unreachable', 'Botten er blokeret eller fjernet fra samtalen');
    if (row.kind === 'send' && row.doubtfulSends >= MAX_DOUBTFUL_SENDS)
      return this.finish(
        row,
        'failed',
        'Afsendelsen blev afbrudt to gange og kan være nået frem; den sendes ikke en tredje gang',
      );

    // Local demo only: a message reaching the playground user's chat for another demo person says whom it is for.
    const demoLabel = this.o.demoInbox ? await this.o.demoInbox.labelFor(db, row, conversation) : null;
    const addressed = (message: { card?: Card; text?: string }) =>
      demoLabel
        ? {
            card: message.card && addressCard(message.card, demoLabel),
            text: message.text && addressText(message.text, demoLabel),
          }
        : message;

    await this.slotFor(conversation);
    try {
      if (row.kind === 'update') {
        await this.o.sender.update(
          conversation,
          row.targetActivityId!,
          addressed({ card: row.card ?? undefined, text: row.text ?? undefined }),
        );
        await markSent(db, row.id, row.targetActivityId!, new Date());
        return;
      }
      const named = row.cardRef ? await cardStanding(db, row.cardRef, conversation.id) : null;
      const card = named?.card ?? row.card;
      // One card per object per conversation: where this card already stands, it is updated instead of posted again.
      const standing = named?.activityId ?? null;
      const message = addressed({ card: card ?? undefined, text: row.text ?? undefined });
      // The demo inbox names the person a card was first sent to in this chat on its later updates.
      if (this.o.demoInbox) await setConversation(db, row.id, conversation.id);
      if (!standing) await markInDoubt(db, row.id);
      const activityId = standing ?? (await this.o.sender.send(conversation, message));
      // In the demo inbox the card already stands, marked for whom it first came; it is not re-marked for each.
      if (standing && !demoLabel) await this.o.sender.update(conversation, standing, message);
      await db.withTransaction(async (tx) => {
        await markSent(tx, row.id, activityId, new Date());
        if (row.cardRef) {
          await recordSentCard(tx, row.cardRef, conversation!.id, activityId);
          // The card may have changed while this copy was on its way (updateCard saw no copy here yet): follow it.
          const newer = named ? await newerCard(tx, row.cardRef, named.version) : null;
          if (newer) await this.followUpdate(tx, row.cardRef, conversation!.id, activityId, newer);
        }
        await this.outcome(tx, row, 'sent');
      });
    } catch (e) {
      await this.failed(row, conversation, toConnectorError(e));
    }
  }

  private async followUpdate(tx: Queryable, cardRef: string, conversationId: string, activityId: string, card: Card) {
    await insertOutbox(tx, {
      key: `update:${cardRef}:${conversationId}:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`,
      kind: 'update',
      batch: `update:${cardRef}`,
      recipient: { kind: 'conversation', conversationId },
      conversationId,
      card,
      cardRef,
      targetActivityId: activityId,
      dueAt: new Date(),
    });
    this.kick();
  }

  /**
   * Local demo only: the chat an expanded row will reach, known now, so rows bound for the demo inbox share one lane
   * and go out one after another (two at once would both miss the card already standing there and post it twice).
   */
  private async demoLaneOf(q: Queryable, personId: number): Promise<string | null> {
    if (!this.o.demoInbox) return null;
    const own = await personalConversationOf(q, personId);
    return own?.id ?? (await this.o.demoInbox.conversationFor(q, null))?.id ?? null;
  }

  /** Waits until one more message to this conversation fits both its own budget and its tenant's, and takes it. */
  private async slotFor(conversation: StoredConversation): Promise<void> {
    const claims = [
      { key: `teams:tenant:${conversation.tenantId ?? '-'}`, windows: this.tenantWindows },
      { key: `teams:conversation:${conversation.id}`, windows: this.conversationWindows },
    ];
    for (let wait = await this.budget.take(claims); wait > 0; wait = await this.budget.take(claims)) await sleep(wait);
  }

  private async failed(row: OutboxRow, conversation: StoredConversation, err: ConnectorError): Promise<void> {
    const decision = decideOnFailure(err.status, err.retryAfterMs, row.attempts);
    this.o.log.warn({ key: row.key, status: err.status, decision: decision.action }, 'delivery failed');
    if (decision.action === 'retry') {
      await reschedule(this.o.db, row.id, new Date(Date.now() + decision.delayMs), decision.reason, conversation.id);
      return;
    }
    if (decision.action === 'dead') await markConversationDead(this.o.db, conversation.id, decision.reason);
    await this.finish(row, decision.action === 'dead' ? 'unreachable' : 'failed', decision.reason);
  }

  private async finish(row: OutboxRow, state: 'unreachable' | 'failed', reason: string): Promise<void> {
    await this.o.db.withTransaction(async (tx) => {
      await markFinal(tx, row.id, state, reason);
      await this.outcome(tx, row, state);
    });
  }

  private async outcome(tx: Queryable, row: OutboxRow, status: 'sent' | 'unreachable' | 'failed'): Promise<void> {
    deliveryCounter.add(1, { status, kind: row.kind });
    if (row.kind === 'send' && this.wantsOutcome(row.batch)) {
      await this.o.scheduler.schedule(OUTCOME_JOB, { key: row.key }, { key: `delivery:outcome:${row.key}`, tx });
    }
  }

  private async install(
    objectId: string,
    tenantId: string | null,
    personId: number,
  ): Promise<StoredConversation | null> {
    const c = await this.o.installer!.installForUser(objectId, tenantId).catch((err: unknown) => {
      this.o.log.warn({ err }, 'app installation through Graph failed');
      return null;
    });
    if (c) await upsertConversation(this.o.db, { ...c, personId });
    return c;
  }
}
