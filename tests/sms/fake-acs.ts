/**
 * Azure Communication Services SMS on 127.0.0.1 for tests: POST /sms?api-version=2021-03-07 checks the HMAC signature
 * the way ACS does (method, path and query, x-ms-date, host, body hash, signed with the base64 access key), answers
 * 202 with a message id per recipient, and remembers repeatability ids so a repeated request is not sent twice. It can
 * be told to refuse numbers or to fail; `deliveryReport` and `reply` post Event Grid events to the bot's webhook, as
 * Event Grid would. No SMS leaves the machine.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ACS_KEY = Buffer.from('fake-acs-access-key-for-tests-0123456789').toString('base64');

export interface AcsSend {
  to: string;
  from: string;
  message: string;
  messageId: string;
  repeatabilityRequestId: string | undefined;
}

export class FakeAcs {
  readonly sends: AcsSend[] = [];
  /** Requests refused for their signature. */
  readonly refused: string[] = [];
  private readonly byRepeatability = new Map<string, AcsSend>();
  /** Numbers ACS answers with a per-recipient 400 (e.g. not a mobile number). */
  readonly invalidNumbers = new Set<string>();
  /** The next N requests get this HTTP status (e.g. 503 to test retries). */
  failNext: { status: number; times: number } | null = null;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get connectionString(): string {
    return `endpoint=${this.url}/;accesskey=${ACS_KEY}`;
  }

  /** SMS to a number, newest last. */
  to(number: string): AcsSend[] {
    return this.sends.filter((send) => send.to === number);
  }

  /** Event Grid delivering an SMSDeliveryReportReceived event to the bot's webhook. */
  async deliveryReport(webhook: string, send: AcsSend, status: 'Delivered' | 'Failed', details = 'No error.') {
    return postEvents(webhook, [
      {
        id: randomUUID(),
        topic: '/subscriptions/x/resourceGroups/ddh/providers/Microsoft.Communication/communicationServices/ddh',
        subject: `/phonenumber/${send.to.replace('+', '')}`,
        eventType: 'Microsoft.Communication.SMSDeliveryReportReceived',
        eventTime: new Date().toISOString(),
        dataVersion: '1.0',
        metadataVersion: '1',
        data: {
          messageId: send.messageId,
          from: send.from,
          to: send.to,
          deliveryStatus: status,
          deliveryStatusDetails: details,
          receivedTimestamp: new Date().toISOString(),
          tag: 'ddh',
        },
      },
    ]);
  }

  /** Event Grid delivering an SMSReceived event (someone answered). */
  async reply(webhook: string, from: string, to: string, message: string, messageId = `Incoming_${randomUUID()}`) {
    return postEvents(webhook, [
      {
        id: randomUUID(),
        eventType: 'Microsoft.Communication.SMSReceived',
        eventTime: new Date().toISOString(),
        dataVersion: '1.0',
        data: { messageId, from, to, message, receivedTimestamp: new Date().toISOString() },
      },
    ]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.method !== 'POST' || !req.url?.startsWith('/sms?api-version=2021-03-07'))
      return answer(404, { error: 'not found' });
    const hash = createHash('sha256').update(body, 'utf8').digest('base64');
    const date = String(req.headers['x-ms-date'] ?? '');
    const expected = createHmac('sha256', Buffer.from(ACS_KEY, 'base64'))
      .update(`POST\n${req.url}\n${date};${req.headers.host};${hash}`, 'utf8')
      .digest('base64');
    const auth = String(req.headers.authorization ?? '');
    if (
      req.headers['x-ms-content-sha256'] !== hash ||
      auth !== `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${expected}`
    ) {
      this.refused.push(auth);
      return answer(401, { error: { code: 'Denied', message: 'Denied by the HMAC check' } });
    }
    if (this.failNext && this.failNext.times > 0) {
      this.failNext.times--;
      return answer(this.failNext.status, { error: { code: 'ServiceUnavailable' } });
    }
    const request = JSON.parse(body) as {
      from: string;
      message: string;
      smsRecipients: { to: string; repeatabilityRequestId?: string }[];
    };
    const value = request.smsRecipients.map((recipient) => {
      if (this.invalidNumbers.has(recipient.to))
        return { to: recipient.to, httpStatusCode: 400, successful: false, errorMessage: 'Invalid To phone number' };
      const earlier = recipient.repeatabilityRequestId && this.byRepeatability.get(recipient.repeatabilityRequestId);
      if (earlier) return { to: recipient.to, messageId: earlier.messageId, httpStatusCode: 202, successful: true };
      const send: AcsSend = {
        to: recipient.to,
        from: request.from,
        message: request.message,
        messageId: `Outgoing_${randomUUID()}`,
        repeatabilityRequestId: recipient.repeatabilityRequestId,
      };
      this.sends.push(send);
      if (recipient.repeatabilityRequestId) this.byRepeatability.set(recipient.repeatabilityRequestId, send);
      return { to: recipient.to, messageId: send.messageId, httpStatusCode: 202, successful: true };
    });
    answer(202, { value });
  }
}

export async function startFakeAcs(): Promise<FakeAcs> {
  return new FakeAcs().start();
}

async function postEvents(webhook: string, events: unknown[]): Promise<{ status: number; body: any }> {
  const res = await fetch(webhook, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(events),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
