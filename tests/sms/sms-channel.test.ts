/**
 * The SMS channel's contract on both databases, with the real ACS client against ACS on 127.0.0.1: one message per
 * key, the daily cap under concurrent alerts, a passing provider failure retried (and sent once), a final failure and
 * an undelivered report reaching the batch's owner, the delivery report the secretariat's reports read
 * (smsDeliveryReport over sms_messages), and a forgotten person's numbers and texts blanked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetPerson } from '../../src/registry/registry-import.js';
import type { SmsChannel, SmsOutcome } from '../../src/sms/sms-public.js';
import { smsDeliveryReport } from '../../src/sms/sms-public.js';
import { testDatabases } from '../support/databases.js';
import { addPerson } from '../support/registry-fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { startSmsApp, webhookOf } from '../shifts/sms-support.js';
import { startFakeAcs, type FakeAcs } from './fake-acs.js';

describe.each(testDatabases())('SMS channel on %s', (kind) => {
  let t: TestApp;
  let acs: FakeAcs;
  let sms: SmsChannel;
  const outcomes: SmsOutcome[] = [];
  const enqueue = (key: string, to: string, cap?: { scope: string; limit: number }, personId: number | null = null) =>
    t.deps.db.withTransaction((tx) =>
      sms.enqueue(tx, { key, batch: `test:${key}`, personId, to, text: () => `Besked ${key}`, cap }),
    );
  const state = async (key: string) =>
    (await t.deps.db.query<{ state: string }>('SELECT state FROM sms_messages WHERE key = $1', [key])).rows[0]?.state;

  beforeAll(async () => {
    acs = await startFakeAcs();
    t = await startSmsApp(kind, acs, {}, '2026-11-24T09:00:00Z');
    sms = t.app.modules.shifts.smsChannel!;
    sms.onOutcome('test:', async (outcome) => void outcomes.push(outcome));
  });
  afterAll(async () => {
    await t?.stop();
    await acs?.stop();
  });

  it('sends one message per key, whatever enqueues it again', async () => {
    expect((await enqueue('once', '+4520300001')).state).toBe('queued');
    expect((await enqueue('once', '+4520300001')).state).toBe('duplicate');
    await t.runJobs();
    expect(acs.to('+4520300001')).toEqual([expect.objectContaining({ message: 'Besked once' })]);
    expect(await state('once')).toBe('sent');
  });

  it('keeps to the daily cap when alerts arrive at the same moment; the next day counts anew', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        enqueue(`cap-${i}`, `+452030010${i}`, { scope: 'municipality:999', limit: 3 }),
      ),
    );
    expect(results.map((r) => r.state).sort()).toEqual(['capped', 'capped', 'queued', 'queued', 'queued']);
    await t.runJobs();
    expect(acs.sends.filter((send) => send.to.startsWith('+45203001'))).toHaveLength(3);
    t.clock.set('2026-11-25T09:00:00Z');
    expect((await enqueue('cap-next-day', '+4520300109', { scope: 'municipality:999', limit: 3 })).state).toBe(
      'queued',
    );
    await t.runJobs();
    t.clock.set('2026-11-24T09:00:00Z');
  });

  it('retries a passing provider failure later and sends the message once', async () => {
    acs.failNext = { status: 503, times: 1 };
    await enqueue('retry', '+4520300201');
    await t.runJobs();
    expect(acs.to('+4520300201')).toHaveLength(0);
    expect(await state('retry')).toBe('queued');
    t.clock.set('2026-11-24T09:01:00Z');
    await t.runJobs();
    expect(acs.to('+4520300201')).toHaveLength(1);
    expect(await state('retry')).toBe('sent');
  });

  it("tells the batch's owner about a refused message and an undelivered one, once each", async () => {
    acs.invalidNumbers.add('+4520300301');
    await enqueue('refused', '+4520300301');
    await enqueue('undelivered', '+4520300302');
    await t.runJobs();
    const [sent] = acs.to('+4520300302');
    await acs.deliveryReport(webhookOf(t), sent, 'Failed', 'Number not in service');
    await acs.deliveryReport(webhookOf(t), sent, 'Failed', 'Number not in service');
    await t.runJobs();
    expect(outcomes.filter((o) => ['refused', 'undelivered'].includes(o.key))).toEqual([
      {
        key: 'refused',
        batch: 'test:refused',
        personId: null,
        status: 'failed',
        reason: expect.stringContaining('Invalid To'),
      },
      {
        key: 'undelivered',
        batch: 'test:undelivered',
        personId: null,
        status: 'undelivered',
        reason: 'Failed: Number not in service',
      },
    ]);
  });

  it('reports per batch what was delivered, failed, capped or is still waiting, with the reasons', async () => {
    const [sent] = acs.to('+4520300001');
    await acs.deliveryReport(webhookOf(t), sent, 'Delivered');
    await t.runJobs();
    const report = await smsDeliveryReport(t.deps.db, {
      since: new Date('2026-11-24T00:00:00Z'),
      until: new Date('2026-11-25T00:00:00Z'),
      batchPrefix: 'test:',
    });
    const of = (batch: string) => report.find((row) => row.batch === batch);
    expect(of('test:once')).toEqual({
      batch: 'test:once',
      firstAt: expect.any(Date),
      pending: 0,
      delivered: 1,
      failed: 0,
      capped: 0,
      reasons: [],
    });
    expect(of('test:undelivered')).toMatchObject({
      failed: 1,
      reasons: [{ reason: 'Failed: Number not in service', count: 1 }],
    });
    expect(report.filter((row) => row.capped === 1)).toHaveLength(2);
  });

  it('blanks the numbers and texts of a forgotten person; the counts stay', async () => {
    const person = await addPerson(t.deps.db, { name: 'Glemt Kontakt', mobile: '+4520300401' });
    await enqueue('forget-me', '+4520300401', undefined, person.id);
    await t.runJobs();
    expect(await forgetPerson(t.deps.db, person.email)).toBe(true);
    const rows = await t.deps.db.query('SELECT to_number, body, state FROM sms_messages WHERE person_id = $1', [
      person.id,
    ]);
    expect(rows.rows).toEqual([{ to_number: null, body: null, state: 'sent' }]);
    const people = await t.deps.db.query('SELECT mobile FROM people WHERE id = $1', [person.id]);
    expect(people.rows).toEqual([{ mobile: null }]);
  });
});
