import type { ConversationReference, TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Card } from './bot-app.js';
import { stampCard } from './card-stamp.js';
import type { StoredConversation } from '../registry/conversation-repository.js';

export interface OutgoingMessage {
  card?: Card;
  text?: string;
}

/** A failed call to the Bot Connector, reduced to what the delivery engine decides on. */
export class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/** Sends to and updates messages in stored conversations; the delivery engine is its only user. */
export interface ConversationSender {
  send(conversation: StoredConversation, message: OutgoingMessage): Promise<string>;
  update(conversation: StoredConversation, activityId: string, message: OutgoingMessage): Promise<void>;
}

const CARD = 'application/vnd.microsoft.card.adaptive';

/** Every card leaves the bot as a fresh instance (card-stamp.ts), however often the outbox retries it. */
function toActivity(m: OutgoingMessage) {
  return m.card
    ? { type: 'message', attachments: [{ contentType: CARD, content: stampCard(m.card) }] }
    : { type: 'message', text: m.text ?? '' };
}

function retryAfterMs(err: { response?: { headers?: { get?(n: string): string | undefined } } }): number | null {
  const v = err.response?.headers?.get?.('retry-after');
  if (!v) return null;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** Normalises whatever the SDK threw into a ConnectorError (status 0 = network error or timeout). */
export function toConnectorError(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = e as { statusCode?: number; status?: number; message?: string; code?: string };
  const status = err.statusCode ?? err.status ?? 0;
  return new ConnectorError(status, retryAfterMs(err as never), err.message ?? String(e));
}

export class BotFrameworkSender implements ConversationSender {
  /** timeoutMs bounds each call: a hung connection becomes a retryable failure (status 0) instead of a stuck worker. */
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
    private readonly timeoutMs = 30_000,
  ) {}

  async send(conversation: StoredConversation, message: OutgoingMessage): Promise<string> {
    let id = '';
    await this.proactive(conversation, async (ctx) => {
      id = (await ctx.sendActivity(toActivity(message)))?.id ?? '';
    });
    return id;
  }

  async update(conversation: StoredConversation, activityId: string, message: OutgoingMessage): Promise<void> {
    await this.proactive(conversation, async (ctx) => {
      await ctx.updateActivity({ ...toActivity(message), id: activityId });
    });
  }

  /**
   * The adapter hands errors thrown inside the callback to its turn error handler instead of the
   * caller, so the callback keeps its own error and we throw it here, where delivery decides on it.
   */
  private async proactive(conversation: StoredConversation, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown = null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        failure ??= new ConnectorError(0, null, `no answer from the Bot Connector within ${this.timeoutMs} ms`);
        resolve();
      }, this.timeoutMs);
    });
    try {
      const call = this.adapter.continueConversationAsync(
        this.appId,
        conversation.reference as Partial<ConversationReference>,
        async (ctx) => {
          try {
            await logic(ctx);
          } catch (e) {
            failure = e;
          }
        },
      );
      await Promise.race([call, timeout]);
    } catch (e) {
      failure ??= e;
    } finally {
      clearTimeout(timer);
    }
    if (failure) throw toConnectorError(failure);
  }
}
