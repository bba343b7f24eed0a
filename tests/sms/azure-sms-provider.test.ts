/**
 * The Azure Communication Services provider's real HTTP client (fetch) against ACS on 127.0.0.1 (fake-acs.ts): signed
 * requests, one SMS per repeatability id, passing and final failures, and the Event Grid webhook (handshake, the code
 * in the URL, delivery reports and replies). No SMS leaves the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/platform/bot-app.js';
import { AzureSmsProvider, azureSmsProviderFrom, parseConnectionString } from '../../src/sms/azure-sms-provider.js';
import { startFakeAcs, type FakeAcs } from './fake-acs.js';

const SECRET = 'webhook-secret-0123456789';
const request = (to: string, reference = crypto.randomUUID()) => ({
  to,
  text: 'DDH udeblivelse: Aarhus 24.11 kl. 08:00-12:00. Kvitter: https://x.example/k/1',
  reference,
  firstAttemptAt: new Date('2026-11-24T07:05:00Z'),
  recipientName: 'Signe Holm',
});
const webhookRequest = (body: unknown, code?: string): HttpRequest => ({
  body,
  rawBody: JSON.stringify(body),
  headers: {},
  remoteAddress: '127.0.0.1',
  query: code === undefined ? {} : { code },
  params: {},
});

describe('AzureSmsProvider', () => {
  let acs: FakeAcs;
  let provider: AzureSmsProvider;

  beforeAll(async () => {
    acs = await startFakeAcs();
    provider = azureSmsProviderFrom({
      connectionString: acs.connectionString,
      endpoint: undefined,
      sender: 'DDH',
      webhookSecret: SECRET,
    });
  });
  afterAll(() => acs.stop());

  it('reads the connection string the Azure portal shows', () => {
    expect(parseConnectionString('endpoint=https://ddh.communication.azure.com/;accesskey=abc=')).toEqual({
      endpoint: 'https://ddh.communication.azure.com',
      accessKey: 'abc=',
    });
    expect(parseConnectionString('nonsense')).toBeNull();
  });

  it('sends a signed request that ACS accepts, and the same reference once', async () => {
    const first = request('+4520010703');
    const sent = await provider.send(first);
    expect(sent).toEqual({ outcome: 'accepted', providerMessageId: expect.stringMatching(/^Outgoing_/) });
    expect(acs.refused).toEqual([]);
    expect(acs.to('+4520010703')).toEqual([
      expect.objectContaining({ from: 'DDH', message: first.text, repeatabilityRequestId: first.reference }),
    ]);
    // A retry after a crash carries the same reference: ACS answers with the first message, nothing is sent again.
    expect(await provider.send(first)).toEqual(sent);
    expect(acs.to('+4520010703')).toHaveLength(1);
    // An alphanumeric sender is one-way; a phone-number sender receives replies.
    expect(provider.receivesReplies).toBe(false);
    expect(
      new AzureSmsProvider({
        endpoint: acs.url,
        accessKey: null,
        token: null,
        sender: '+4570701010',
        webhookSecret: null,
      }).receivesReplies,
    ).toBe(true);
  });

  it('is refused with a wrong key, and says so without retrying', async () => {
    const wrong = new AzureSmsProvider({
      endpoint: acs.url,
      accessKey: Buffer.from('another key').toString('base64'),
      token: null,
      sender: 'DDH',
      webhookSecret: null,
    });
    expect(await wrong.send(request('+4520010704'))).toEqual({
      outcome: 'rejected',
      reason: expect.stringMatching(/afviste adgangen \(401\)/),
    });
    expect(acs.to('+4520010704')).toEqual([]);
  });

  it('tells a passing failure (503, 429) from a final one (an invalid number)', async () => {
    acs.failNext = { status: 503, times: 1 };
    expect(await provider.send(request('+4520010705'))).toMatchObject({ outcome: 'retry' });
    acs.invalidNumbers.add('+4520010706');
    expect(await provider.send(request('+4520010706'))).toEqual({
      outcome: 'rejected',
      reason: expect.stringContaining('Invalid To phone number'),
    });
  });

  it("answers Event Grid's validation handshake and reads delivery reports and replies, with the right code only", async () => {
    const handshake = [
      {
        id: '1',
        eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
        data: { validationCode: 'abc-123' },
      },
    ];
    expect(await provider.readWebhook(webhookRequest(handshake))).toMatchObject({ status: 401, events: [] });
    expect(await provider.readWebhook(webhookRequest(handshake, 'wrong-code-0123456789'))).toMatchObject({
      status: 401,
    });
    expect(await provider.readWebhook(webhookRequest(handshake, SECRET))).toEqual({
      status: 200,
      body: { validationResponse: 'abc-123' },
      events: [],
    });
    const events = [
      {
        eventType: 'Microsoft.Communication.SMSDeliveryReportReceived',
        data: { messageId: 'Outgoing_1', deliveryStatus: 'Delivered', receivedTimestamp: '2026-11-24T07:06:00Z' },
      },
      {
        eventType: 'Microsoft.Communication.SMSDeliveryReportReceived',
        data: { messageId: 'Outgoing_2', deliveryStatus: 'Failed', deliveryStatusDetails: 'Number not in service' },
      },
      {
        eventType: 'Microsoft.Communication.SMSReceived',
        data: { messageId: 'Incoming_1', from: '+4520010703', to: '+4570701010', message: 'OK 4821' },
      },
      { eventType: 'Microsoft.Communication.Something', data: {} },
    ];
    const read = await provider.readWebhook(webhookRequest(events, SECRET));
    expect(read.events).toEqual([
      {
        kind: 'delivery',
        providerMessageId: 'Outgoing_1',
        delivered: true,
        reason: null,
        at: new Date('2026-11-24T07:06:00Z'),
      },
      {
        kind: 'delivery',
        providerMessageId: 'Outgoing_2',
        delivered: false,
        reason: 'Failed: Number not in service',
        at: expect.any(Date),
      },
      { kind: 'reply', providerMessageId: 'Incoming_1', from: '+4520010703', text: 'OK 4821', at: expect.any(Date) },
    ]);
  });
});
