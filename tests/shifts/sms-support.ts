/** Helpers for the no-show SMS tests: the bot with ACS on 127.0.0.1, the link in an SMS, the webhook. */
import { startTestApp, type TestApp } from '../support/test-app.js';
import type { DatabaseKind } from '../support/databases.js';
import type { FakeAcs } from '../sms/fake-acs.js';
import { SECRET } from './shifts-support.js';

export const WEBHOOK_SECRET = 'sms-webhook-secret-0123456789';

/** The real bot with SMS through Azure Communication Services on 127.0.0.1 (no SMS leaves the machine). */
export function startSmsApp(
  kind: DatabaseKind,
  acs: FakeAcs,
  env: Record<string, string> = {},
  now = '2026-11-24T05:00:00Z',
): Promise<TestApp> {
  return startTestApp({
    now,
    database: kind,
    env: {
      INGEST_HMAC_SECRET: SECRET,
      SMS_PROVIDER: 'azure',
      ACS_CONNECTION_STRING: acs.connectionString,
      SMS_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...env,
    },
  });
}

export const webhookOf = (t: TestApp) => `${t.url}/api/ingest/sms?code=${WEBHOOK_SECRET}`;

/** The acknowledgement link in an SMS, pointed at the test app (the SMS names the configured base URL). */
export function linkIn(t: TestApp, smsText: string): string {
  const match = /\/kvitter\/(\S+)/.exec(smsText);
  if (!match) throw new Error(`no link in: ${smsText}`);
  return `${t.url}/kvitter/${match[1]}`;
}

export async function page(url: string, method: 'GET' | 'POST' = 'GET'): Promise<{ status: number; html: string }> {
  const res = await fetch(url, { method });
  return { status: res.status, html: await res.text() };
}
