/**
 * SMS as a channel: the one small interface every SMS provider implements (send, delivery reports, replies).
 * The real provider is Azure Communication Services (azure-sms-provider.ts, docs/shifts.md says why); `npm start`
 * uses the demo provider in src/demo, which shows each SMS in the playground. Nothing above src/sms knows which.
 */
import type { HttpRequest } from '../platform/bot-app.js';

export interface SmsSendRequest {
  /** E.164, e.g. +4512345678. */
  to: string;
  text: string;
  /** Our id of the message: providers that support it use it to make a repeated send harmless. */
  reference: string;
  /** When the message was first handed over (providers pair it with the reference for idempotency). */
  firstAttemptAt: Date;
  /** Only for display (the demo shows whom the SMS is for); never sent to a provider. */
  recipientName: string | null;
}

export type SmsSendResult =
  /** Taken over by the provider; the delivery report tells the rest. */
  | { outcome: 'accepted'; providerMessageId: string }
  /** Known at once to have reached the phone (providers without delivery reports, like the demo). */
  | { outcome: 'delivered'; providerMessageId: string }
  /** Will not be sent, whatever we do (invalid number, refused credentials, blocked recipient). */
  | { outcome: 'rejected'; reason: string }
  /** A passing problem (throttled, provider down, network): try again later. */
  | { outcome: 'retry'; reason: string; retryAfterMs?: number };

/** What a provider's webhook reported. */
export type SmsEvent =
  | { kind: 'delivery'; providerMessageId: string; delivered: boolean; reason: string | null; at: Date }
  | { kind: 'reply'; providerMessageId: string; from: string; text: string; at: Date };

export interface SmsWebhookReading {
  /** The HTTP answer the provider expects (e.g. Event Grid's validation handshake), or a refusal. */
  status: number;
  body: unknown;
  /** Authenticated events; empty when the request was refused. */
  events: SmsEvent[];
}

export interface SmsProvider {
  readonly name: string;
  /** Whether recipients can answer (a phone-number sender can; an alphanumeric sender id is one-way). */
  readonly receivesReplies: boolean;
  send(request: SmsSendRequest): Promise<SmsSendResult>;
  /** Authenticates a webhook request and reads its delivery reports and replies. */
  readWebhook(request: HttpRequest): Promise<SmsWebhookReading>;
}
