import type { Queryable } from '../db/database.js';
import type { Card } from '../platform/bot-app.js';
import type { MunicipalRole } from '../registry/registry-types.js';

/** Who a proactive message goes to; roles and named chats are resolved when the message is sent. */
export type Recipient =
  | { kind: 'person'; personId: number }
  | { kind: 'conversation'; conversationId: string }
  /**
   * A chat with a job, set by the secretariat: 'sekretariat', 'styregruppe', 'vagt', 'region:Midtjylland', ...
   * With `orElse: 'secretariat'`, while no such chat is set up (or the bot was removed from it) each member of the
   * secretariat gets the message in their own chat instead, each once.
   */
  | { kind: 'named'; purpose: string; orElse?: 'secretariat' }
  | { kind: 'role'; municipalityCode: number; role: MunicipalRole };

export interface OutboxMessage {
  /** Idempotency key: the same key is delivered once, whatever retries, restarts or instances. */
  key: string;
  to: Recipient;
  card?: Card;
  text?: string;
  /** Groups messages for the delivery report, e.g. 'noshow:42' or 'agenda-reminder:7'. */
  batch: string;
  /** Names the card so it can later be updated in place for every recipient, e.g. 'noshow:42'. */
  cardRef?: string;
  /**
   * The recipient already sees this card there: the message whose button they pressed, which the bot's answer turns
   * into this card. Recorded as sent (so later updates reach that message) instead of posting a second copy.
   */
  shownIn?: { conversationId: string; activityId: string };
}

export type OutcomeStatus = 'sent' | 'unreachable' | 'failed';

export interface DeliveryOutcome {
  key: string;
  batch: string;
  to: Recipient;
  status: OutcomeStatus;
  reason?: string;
}

export interface EnqueueResult {
  queued: string[];
  /** Known at once: no conversation reference and no way to create one. Capabilities escalate on these. */
  unreachable: DeliveryOutcome[];
}

export interface BatchReport {
  batch: string;
  sent: number;
  failed: number;
  unreachable: number;
  pending: number;
  reasons: { reason: string; count: number }[];
}

/** The delivery engine as capabilities use it. */
export interface Delivery {
  enqueue(messages: OutboxMessage[], tx?: Queryable): Promise<EnqueueResult>;
  /** Replaces the card named cardRef for every recipient it was sent to (updateActivity), through the outbox. */
  updateCard(cardRef: string, card: Card, tx?: Queryable): Promise<void>;
  /** Called after each final outcome of a message whose batch starts with batchPrefix. */
  onOutcome(batchPrefix: string, handler: (outcome: DeliveryOutcome) => Promise<void>): void;
  report(batch: string): Promise<BatchReport>;
}
