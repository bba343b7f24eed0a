/**
 * Azure Communication Services SMS over its REST API (POST {endpoint}/sms?api-version=2021-03-07), with delivery
 * reports and replies arriving as Event Grid events on our webhook (Microsoft.Communication.SMSDeliveryReportReceived,
 * Microsoft.Communication.SMSReceived). Authentication: the resource's access key (HMAC-SHA256 over method, path,
 * date, host and body hash) or an Entra token (the App Service's managed identity). docs/shifts.md says why ACS.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '../platform/bot-app.js';
import type { SmsEvent, SmsProvider, SmsSendRequest, SmsSendResult, SmsWebhookReading } from './sms-provider.js';

const API_VERSION = '2021-03-07';
const SEND_TIMEOUT_MS = 10_000;

export interface AzureSmsSettings {
  /** https://<resource>.communication.azure.com */
  endpoint: string;
  /** The resource's access key (base64); without it `token` signs the requests. */
  accessKey: string | null;
  /** An Entra access token for https://communication.azure.com/.default (managed identity). */
  token: (() => Promise<string>) | null;
  /** An alphanumeric sender id ("DDH", one-way) or an ACS phone number in E.164 (recipients can answer). */
  sender: string;
  /** The secret Event Grid appends to our webhook URL (?code=…); without it the webhook refuses everything. */
  webhookSecret: string | null;
}

/** `endpoint=https://x.communication.azure.com/;accesskey=…` as the Azure portal shows it. */
export function parseConnectionString(text: string): { endpoint: string; accessKey: string } | null {
  const parts = new Map(
    text
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).toLowerCase(), part.slice(at + 1)] as const;
      }),
  );
  const endpoint = parts.get('endpoint');
  const accessKey = parts.get('accesskey');
  return endpoint && accessKey ? { endpoint: endpoint.replace(/\/$/, ''), accessKey } : null;
}

interface SendItem {
  to?: string;
  messageId?: string;
  httpStatusCode?: number;
  successful?: boolean;
  errorMessage?: string;
}

export class AzureSmsProvider implements SmsProvider {
  readonly name = 'azure';
  readonly receivesReplies: boolean;

  constructor(private readonly settings: AzureSmsSettings) {
    this.receivesReplies = /^\+\d{8,15}$/.test(settings.sender);
  }

  async send(request: SmsSendRequest): Promise<SmsSendResult> {
    const path = `/sms?api-version=${API_VERSION}`;
    const body = JSON.stringify({
      from: this.settings.sender,
      smsRecipients: [
        {
          to: request.to,
          // ACS answers a repeat of the same request id with the first answer instead of sending twice.
          repeatabilityRequestId: request.reference,
          repeatabilityFirstSent: request.firstAttemptAt.toUTCString(),
        },
      ],
      message: request.text,
      smsSendOptions: { enableDeliveryReport: true, tag: 'ddh' },
    });
    let res: Response;
    try {
      res = await fetch(`${this.settings.endpoint}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await this.authHeaders('POST', path, body)) },
        body,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (err) {
      return { outcome: 'retry', reason: `SMS-tjenesten svarede ikke (${(err as Error).name})` };
    }
    const text = await res.text();
    if (res.status === 429 || res.status >= 500) {
      const retryAfter = Number(res.headers.get('retry-after'));
      return {
        outcome: 'retry',
        reason: `SMS-tjenesten svarede ${res.status}`,
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      };
    }
    if (res.status === 401 || res.status === 403)
      return { outcome: 'rejected', reason: `SMS-tjenesten afviste adgangen (${res.status}); kontroller ACS-nøglen` };
    if (res.status !== 202 && res.status !== 200)
      return { outcome: 'rejected', reason: `SMS-tjenesten afviste beskeden (${res.status})` };
    const item = parseItems(text)[0];
    if (item?.successful && item.messageId) return { outcome: 'accepted', providerMessageId: item.messageId };
    const status = item?.httpStatusCode ?? 0;
    const reason = `SMS-tjenesten afviste beskeden (${status}${item?.errorMessage ? `: ${item.errorMessage.slice(0, 200)}` : ''})`;
    return status === 429 || status >= 500 ? { outcome: 'retry', reason } : { outcome: 'rejected', reason };
  }

  async readWebhook(request: HttpRequest): Promise<SmsWebhookReading> {
    if (!this.settings.webhookSecret || !sameSecret(request.query.code ?? '', this.settings.webhookSecret))
      return { status: 401, body: { error: 'Ugyldig eller manglende kode.' }, events: [] };
    const events = Array.isArray(request.body) ? (request.body as Record<string, unknown>[]) : [];
    const out: SmsEvent[] = [];
    for (const event of events) {
      const data = (event?.data ?? {}) as Record<string, unknown>;
      const type = String(event?.eventType ?? '');
      if (type === 'Microsoft.EventGrid.SubscriptionValidationEvent' && typeof data.validationCode === 'string')
        return { status: 200, body: { validationResponse: data.validationCode }, events: [] };
      const at = new Date(String(data.receivedTimestamp ?? event?.eventTime ?? ''));
      if (type === 'Microsoft.Communication.SMSDeliveryReportReceived' && typeof data.messageId === 'string') {
        const delivered = String(data.deliveryStatus ?? '').toLowerCase() === 'delivered';
        const details = typeof data.deliveryStatusDetails === 'string' ? data.deliveryStatusDetails.slice(0, 300) : '';
        out.push({
          kind: 'delivery',
          providerMessageId: data.messageId,
          delivered,
          reason: delivered ? null : `${String(data.deliveryStatus ?? 'Ukendt')}${details ? `: ${details}` : ''}`,
          at: Number.isNaN(at.getTime()) ? new Date() : at,
        });
      } else if (type === 'Microsoft.Communication.SMSReceived' && typeof data.messageId === 'string') {
        out.push({
          kind: 'reply',
          providerMessageId: data.messageId,
          from: String(data.from ?? ''),
          text: String(data.message ?? '').slice(0, 500),
          at: Number.isNaN(at.getTime()) ? new Date() : at,
        });
      }
    }
    return { status: 200, body: { received: out.length }, events: out };
  }

  private async authHeaders(method: string, pathAndQuery: string, body: string): Promise<Record<string, string>> {
    if (!this.settings.accessKey) {
      if (!this.settings.token) throw new Error('ACS: neither an access key nor a token source');
      return { authorization: `Bearer ${await this.settings.token()}` };
    }
    const date = new Date().toUTCString();
    const host = new URL(this.settings.endpoint).host;
    const contentHash = createHash('sha256').update(body, 'utf8').digest('base64');
    const signature = createHmac('sha256', Buffer.from(this.settings.accessKey, 'base64'))
      .update(`${method}\n${pathAndQuery}\n${date};${host};${contentHash}`, 'utf8')
      .digest('base64');
    return {
      'x-ms-date': date,
      'x-ms-content-sha256': contentHash,
      authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    };
  }
}

function parseItems(text: string): SendItem[] {
  try {
    const parsed = JSON.parse(text) as { value?: SendItem[] };
    return Array.isArray(parsed.value) ? parsed.value : [];
  } catch {
    return [];
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The provider from the configuration: the connection string's access key, or (ACS_ENDPOINT alone) an Entra token
 * from the App Service's managed identity, which needs the "Communication Services Contributor" role on the resource.
 */
export function azureSmsProviderFrom(config: {
  connectionString: string | undefined;
  endpoint: string | undefined;
  sender: string;
  webhookSecret: string | undefined;
}): AzureSmsProvider {
  const parsed = config.connectionString ? parseConnectionString(config.connectionString) : null;
  if (config.connectionString && !parsed)
    throw new Error('ACS_CONNECTION_STRING skal have formen endpoint=https://…;accesskey=…');
  const endpoint = parsed?.endpoint ?? config.endpoint!.replace(/\/$/, '');
  let credential: { getToken(scope: string): Promise<{ token: string } | null> } | null = null;
  const token = async () => {
    if (!credential) {
      const { DefaultAzureCredential } = await import('@azure/identity');
      credential = new DefaultAzureCredential();
    }
    const got = await credential.getToken('https://communication.azure.com/.default');
    if (!got) throw new Error('ACS: no token from the managed identity');
    return got.token;
  };
  return new AzureSmsProvider({
    endpoint,
    accessKey: parsed?.accessKey ?? null,
    token: parsed ? null : token,
    sender: config.sender,
    webhookSecret: config.webhookSecret ?? null,
  });
}
