import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signIngest } from '../../src/shifts/ingest-signature.js';

const SECRET = 'csv-test-secret-0123456789';

describe('CSV request bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { INGEST_HMAC_SECRET: SECRET } });
  });
  afterAll(() => t.stop());

  it('reach the roster ingest as text, so a bad row is reported by row and field', async () => {
    const body =
      'shift_id;kommunekode;agent_email;start;slut\nP1;999;a@eksempel.dk;2026-11-24 08:00;12:00\n"uafsluttet;citat\n';
    const ts = String(Math.floor(t.clock.now().getTime() / 1000));
    const res = await fetch(`${t.url}/api/ingest/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-ddh-timestamp': ts, 'x-ddh-signature': signIngest(SECRET, ts, body) },
      body,
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toMatch(/række|linje|kommune|CSV/i);
  });

  it('still refuses a CSV body over the size limit', async () => {
    const res = await fetch(`${t.url}/api/ingest/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a;b\n'.repeat(400_000),
    });
    expect(res.status).toBe(413);
  });
});

describe('ingest rate limit per sender', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { INGEST_HMAC_SECRET: SECRET, INGEST_RATE_PER_MINUTE: '5' } });
  });
  afterAll(() => t.stop());

  it('answers 429 with Retry-After beyond the budget, whatever the request', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await fetch(`${t.url}/api/ingest/attendance`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
      );
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    const last = await fetch(`${t.url}/api/ingest/attendance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
