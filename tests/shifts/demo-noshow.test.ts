/**
 * The playground demo's no-show (issue 24 h): with the demo data (demo roster, Lederposten, Teams then SMS), the demo
 * user reports a no-show as the secretariat; the demo contacts have no chat, so their SMS and the leader's appear in
 * the demo user's chat as "SMS til <navn> (<nummer>)", and the link in one acknowledges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../src/demo/demo-data.js';
import { SHIFT_VERBS } from '../../src/shifts/shifts-cards.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { cardTexts } from './shifts-support.js';
import { linkIn, page } from './sms-support.js';

const DEMO_USER = '00000000-0000-0000-0000-0000000000020';

describe('the demo shows each SMS in the playground', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:20:00Z', env: { SMS_PROVIDER: 'demo' } });
    expect(await loadDemoData(t.deps, t.app.modules.shifts)).toBe(true);
    await t.runJobs();
  });
  afterAll(() => t?.stop());

  it('reports the demo shift of Aarhus and shows the SMS to the contact and the leader on duty', async () => {
    expect((await t.message(DEMO_USER, 'hej')).status).toBe(200);
    expect(await t.deps.db.query(`SELECT 1 FROM noshow_incidents`)).toMatchObject({ rows: [] });
    const pick = await t.execute(DEMO_USER, SHIFT_VERBS.reportPick, { municipalityCode: '751' });
    const choices = JSON.stringify(pick.body.value);
    const shiftId = /"title":"[^"]*Lars Hviid","value":"(\d+)"/.exec(choices)![1];
    const saved = await t.execute(DEMO_USER, SHIFT_VERBS.reportSave, {
      municipalityCode: '751',
      shiftId,
      note: 'Demo',
    });
    expect(cardTexts(saved.body.value).join('\n')).toContain('Udeblivelse fra vagt: Aarhus');
    await t.runJobs();
    const texts = t.connector
      .sent(`personal-${DEMO_USER}`)
      .map((call) => call.body?.text as string | undefined)
      .filter((text): text is string => !!text?.startsWith('**SMS til'));
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\*\*SMS til Tina Bruun \(\+45 20 \d\d \d\d \d\d\):\*\*\n\nDDH udeblivelse: Aarhus/),
        expect.stringMatching(/^\*\*SMS til Emil Nørgaard \(\+45 20 \d\d \d\d \d\d\):\*\*/),
      ]),
    );
    const done = await page(linkIn(t, texts[0]), 'POST');
    expect(done.html).toContain('Tak, du har kvitteret');
  });
});
