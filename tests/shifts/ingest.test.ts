/** The signed ingest endpoints through the real HTTP server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { ingestShiftsHandler } from '../../src/shifts/shifts-ingest.js';
import { createLogger } from '../../src/shared/logger.js';
import { csv, SECRET, signedPost } from './shifts-support.js';

describe.each(testDatabases())('ingest on %s', (kind) => {
  let t: TestApp;
  const count = async (table: string) =>
    (await t.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T05:00:00Z', env: { INGEST_HMAC_SECRET: SECRET }, database: kind });
  });
  afterAll(() => t?.stop());

  it('accepts a signed CSV roster and answers with a summary', async () => {
    const r = await signedPost(t, '/api/ingest/shifts', csv(['I-1,751,a@eksempel.dk,2026-11-24 08:00,12:00']));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ created: 1, checksScheduled: 1 });
  });

  it('accepts a signed JSON roster', async () => {
    const r = await signedPost(t, '/api/ingest/shifts', [
      {
        shift_id: 'I-1',
        municipality_code: 751,
        agent_email: 'a@eksempel.dk',
        start: '2026-11-24T08:00:00+01:00',
        end: '2026-11-24T12:00:00+01:00',
      },
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ created: 0, unchanged: 1 });
  });

  it('refuses a wrong signature, a wrong secret and missing headers, writing nothing', async () => {
    const before = await count('shifts');
    const body = csv(['I-2,751,b@eksempel.dk,2026-11-24 09:00,12:00']);
    expect((await signedPost(t, '/api/ingest/shifts', body, { signature: 'ab'.repeat(32) })).status).toBe(401);
    expect((await signedPost(t, '/api/ingest/shifts', body, { secret: 'another-secret-0123456789' })).status).toBe(401);
    const bare = await fetch(`${t.url}/api/ingest/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    expect(bare.status).toBe(401);
    expect(await count('shifts')).toBe(before);
  });

  it('refuses a request older than 5 minutes (and one from the future)', async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const body = csv(['I-3,751,c@eksempel.dk,2026-11-24 09:00,12:00']);
    const old = await signedPost(t, '/api/ingest/shifts', body, { timestamp: now - 301 });
    expect(old.status).toBe(401);
    expect(old.body.error).toMatch(/5 minutter/);
    expect((await signedPost(t, '/api/ingest/shifts', body, { timestamp: now + 301 })).status).toBe(401);
    expect((await signedPost(t, '/api/ingest/shifts', body, { timestamp: now - 299 })).status).toBe(200);
  });

  it('refuses a replayed request, and accepts the same body signed anew', async () => {
    const body = {
      events: [{ id: 'evt-replay-1', agent_email: 'a@eksempel.dk', type: 'logout', at: '2026-11-24T06:00:00+01:00' }],
    };
    const first = await signedPost(t, '/api/ingest/attendance', body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 0 });
    const replay = await fetch(`${t.url}/api/ingest/attendance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ddh-timestamp': first.ts, 'x-ddh-signature': first.signature },
      body: first.raw,
    });
    expect(replay.status).toBe(409);
    t.clock.advanceMinutes(1);
    const resent = await signedPost(t, '/api/ingest/attendance', body);
    expect(resent.status).toBe(200);
    // The event id makes the resend harmless.
    expect(resent.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await count('attendance_events')).toBe(1);
  });

  it('answers 422 naming row and field for a bad roster, and 400 for bad events', async () => {
    const before = await count('shifts');
    const r = await signedPost(
      t,
      '/api/ingest/shifts',
      csv(['I-9,751,d@eksempel.dk,2026-11-24 08:00,12:00', 'I-10,999,e@eksempel.dk,2026-11-24 08:00,12:00']),
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ row: 3, field: 'municipality_code' })]);
    expect(await count('shifts')).toBe(before);
    const bad = await signedPost(t, '/api/ingest/attendance', { events: [{ id: 'x', type: 'login', at: 'i går' }] });
    expect(bad.status).toBe(400);
    // A request that changed nothing may be sent again (its signature was not kept).
    expect((await signedPost(t, '/api/ingest/shifts', r.raw, { timestamp: Number(r.ts) })).status).toBe(422);
  });
});

describe('ingest without a secret', () => {
  it('answers 503 with a Danish/English message', async () => {
    const handler = ingestShiftsHandler({
      db: null as never,
      clock: { now: () => new Date() },
      log: createLogger('silent'),
      secret: undefined,
      zone: 'Europe/Copenhagen',
      roster: null as never,
      attendance: null as never,
    });
    const res = await handler({
      body: '',
      rawBody: '',
      headers: {},
      remoteAddress: '127.0.0.1',
      query: {},
      params: {},
    });
    expect(res.status).toBe(503);
    expect((res.body as { error: string }).error).toMatch(/ikke sat op.*not configured/);
  });
});
