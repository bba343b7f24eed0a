/**
 * The demo's SMS provider (`npm start`, issue 24): no SMS leaves the machine; each one is shown in the playground as a
 * message "SMS til <navn> (<nummer>)" in the demo user's chat (the playground's personal chat, whoever the user acts
 * as), and counts as delivered at once. Replies are not simulated: acknowledge with the link in the message.
 */
import type { Db } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { HttpRequest } from '../platform/bot-app.js';
import { formatDanishMobile } from '../registry/mobile-number.js';
import type { SmsProvider, SmsSendRequest, SmsSendResult, SmsWebhookReading } from '../sms/sms-provider.js';
import { plainText } from '../ui/plain-text.js';

export class DemoSmsProvider implements SmsProvider {
  readonly name = 'demo';
  readonly receivesReplies = false;

  constructor(private readonly deps: { db: Db; delivery: Delivery }) {}

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    // In local mode the playground user is the only person writing to the bot: their chat is the latest personal one.
    const chat = await this.deps.db.query<{ id: string }>(
      `SELECT id FROM conversations WHERE type = 'personal' AND dead_at IS NULL ORDER BY updated_at DESC LIMIT 1`,
    );
    const conversationId = chat.rows[0]?.id;
    if (!conversationId)
      return { outcome: 'rejected', reason: 'Demo: der er ingen chat i legepladsen at vise sms’en i' };
    const who = `${plainText(request.recipientName ?? 'ukendt')} (${formatDanishMobile(request.to)})`;
    // The text is the bot's own (municipality, time, link); only the name was typed by someone, so only it is escaped.
    await this.deps.delivery.enqueue([
      {
        key: `demo-sms:${request.reference}`,
        to: { kind: 'conversation', conversationId },
        text: `**SMS til ${who}:**\n\n${request.text}`,
        batch: 'demo-sms',
      },
    ]);
    return { outcome: 'delivered', providerMessageId: `demo-${request.reference}` };
  }

  async readWebhook(_request: HttpRequest): Promise<SmsWebhookReading> {
    return { status: 404, body: { error: 'Demoen har ingen webhook.' }, events: [] };
  }
}
