/**
 * The demo's SMS (`npm start`, issue 24): no SMS leaves the machine; each one is a message in the playground user's
 * chat marked "SMS til <navn> (<nummer>)", with the link to acknowledge, and counts as delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addPerson } from '../support/registry-fixtures.js';

describe('demo SMS in the playground', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SMS_PROVIDER: 'demo' } });
  });
  afterAll(() => t?.stop());

  it("shows each SMS in the demo user's chat, marked with whom it is for", async () => {
    await t.message('00000000-0000-0000-0000-0000000000020', 'hej');
    const person = await addPerson(t.deps.db, { name: 'Tina **Bruun**', mobile: '+4520050101' });
    const sms = t.app.modules.shifts.smsChannel!;
    await t.deps.db.withTransaction((tx) =>
      sms.enqueue(tx, {
        key: 'demo-1',
        batch: 'noshow:0',
        personId: person.id,
        to: '+4520050101',
        text: () => 'DDH udeblivelse: Aarhus 24.11 kl. 08:00-12:00. Kvitter: http://127.0.0.1:3978/x',
      }),
    );
    await t.runJobs();
    const texts = t.connector
      .sent('personal-00000000-0000-0000-0000-0000000000020')
      .map((call) => call.body?.text)
      .filter(Boolean);
    expect(texts).toEqual([
      expect.stringMatching(
        /^\*\*SMS til Tina \\\*\\\*Bruun\\\*\\\* \(\+45 20 05 01 01\):\*\*\n\nDDH udeblivelse: Aarhus/,
      ),
    ]);
    const row = await t.deps.db.query('SELECT state, provider FROM sms_messages WHERE key = $1', ['demo-1']);
    expect(row.rows).toEqual([{ state: 'delivered', provider: 'demo' }]);
  });
});
