/**
 * The Viva Engage status (issue 18 point 2): the secretariat's menu says whether Engage is set up, logged in or its
 * login lapsed; typing "engage", "viva engage" or "yammer" answers with that status and what to do; people outside
 * the secretariat hear what Engage is for, without the administration. The real bot over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGAGE_WORDS } from '../../src/engage/engage-handlers.js';
import { engageStatusView } from '../../src/engage/engage-status.js';
import type { Actor } from '../../src/registry/registry-types.js';
import { testDatabases } from '../support/databases.js';
import { addPerson } from '../support/registry-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SECRETARY = '11111111-2222-4333-8444-0000000000f1';
const AGENT = '11111111-2222-4333-8444-0000000000f2';
const ENGAGE_ENV = {
  ENGAGE_CLIENT_ID: '6f1c1d2e-0000-4000-8000-00000000e001',
  ENGAGE_TENANT_ID: '6f1c1d2e-0000-4000-8000-00000000e002',
  ENGAGE_TOKEN_KEY: 'en-lang-hemmelig-nøgle-til-test',
  ENGAGE_NEWS_GROUP_ID: '1001',
};
const text = (x: unknown) => JSON.stringify(x);

describe('typed words about Viva Engage', () => {
  it.each(['engage', 'Engage?', 'viva engage', 'Viva Engage virker ikke', 'VivaEngage', 'yammer', 'Hvad med Yammer'])(
    '"%s" asks about it',
    (typed) => expect(ENGAGE_WORDS.test(typed)).toBe(true),
  );
  it.each(['engagement', 'engageret', 'menu', 'Nyt dagsordenspunkt'])('"%s" does not', (typed) =>
    expect(ENGAGE_WORDS.test(typed)).toBe(false),
  );
});

describe('the status in words', () => {
  const secretary = { secretariat: true } as Actor;
  const setup = { configured: true, newsGroup: true, shiftGroup: false, postTypes: ['agenda', 'decision'] };
  it('names each state and what to do, for the secretariat', () => {
    expect(engageStatusView(secretary, { ...setup, configured: false }, 'missing').title).toBe(
      'Viva Engage: ikke sat op',
    );
    const lapsed = engageStatusView(secretary, setup, 'expired');
    expect(lapsed.title).toBe('Viva Engage: login udløbet');
    expect(lapsed.text).toContain('npm run engage:login');
    expect(lapsed.tone).toBe('warning');
    const ok = engageStatusView(secretary, setup, 'ok');
    expect(ok.title).toBe('Viva Engage: logget ind');
    expect(ok.lines).toEqual([
      'Opslag i nyhedsfællesskabet: udgivne dagsordener, beslutninger.',
      'Vagtgruppen læses ikke (ENGAGE_SHIFT_GROUP_ID mangler).',
    ]);
  });
  it('spares everyone else the administration', () => {
    const view = engageStatusView({ secretariat: false } as Actor, setup, 'expired');
    expect(view.text).not.toContain('npm run');
    expect(view.text).toContain('DDH-sekretariatet ved besked');
  });
});

describe.each(testDatabases())('Viva Engage status over HTTP on %s', (kind) => {
  describe('not set up (the local demo)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ database: kind });
      await addPerson(t.deps.db, { name: 'Sara Sekretær', objectId: SECRETARY, secretariat: true });
      await addPerson(t.deps.db, { name: 'Aksel Agent', objectId: AGENT, roles: [[751, 'agent']] });
    });
    afterAll(() => t.stop());

    it("puts it under the secretariat's menu, and not under anyone else's", async () => {
      await t.message(SECRETARY, 'menu');
      await t.message(AGENT, 'menu');
      await t.connector.waitFor(() => t.connector.sent().length >= 2);
      expect(text(t.connector.sent(`personal-${SECRETARY}`).at(-1)!.body)).toContain('Viva Engage: ikke sat op.');
      expect(text(t.connector.sent(`personal-${AGENT}`).at(-1)!.body)).not.toContain('Viva Engage');
    });

    it('answers "engage" with the status and what is missing', async () => {
      await t.message(SECRETARY, 'Viva Engage?');
      await t.connector.waitFor(() => t.connector.sent(`personal-${SECRETARY}`).length >= 2);
      const answer = text(t.connector.sent(`personal-${SECRETARY}`).at(-1)!.body);
      expect(answer).toContain('Viva Engage: ikke sat op');
      expect(answer).toContain('ENGAGE_CLIENT_ID, ENGAGE_TENANT_ID og ENGAGE_TOKEN_KEY mangler');
      expect(answer).not.toContain('Det forstod jeg ikke');
    });
  });

  describe('set up', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ database: kind, env: ENGAGE_ENV });
      await addPerson(t.deps.db, { name: 'Sara Sekretær', objectId: SECRETARY, secretariat: true });
    });
    afterAll(() => t.stop());

    const menuLine = async () => {
      const before = t.connector.sent(`personal-${SECRETARY}`).length;
      await t.message(SECRETARY, 'menu');
      await t.connector.waitFor(() => t.connector.sent(`personal-${SECRETARY}`).length > before);
      return text(t.connector.sent(`personal-${SECRETARY}`).at(-1)!.body);
    };

    it('says not logged in yet, logged in, and login lapsed as the stored login changes', async () => {
      expect(await menuLine()).toContain('Viva Engage: ikke logget ind endnu.');
      await t.deps.db.query(`INSERT INTO engage_token_cache (id, ciphertext, status) VALUES (1, 'x', 'ok')`);
      expect(await menuLine()).toContain('Viva Engage: logget ind.');
      await t.deps.db.query(`UPDATE engage_token_cache SET status = 'expired' WHERE id = 1`);
      expect(await menuLine()).toContain('Viva Engage: login udløbet.');

      const before = t.connector.sent(`personal-${SECRETARY}`).length;
      await t.message(SECRETARY, 'yammer');
      await t.connector.waitFor(() => t.connector.sent(`personal-${SECRETARY}`).length > before);
      const answer = text(t.connector.sent(`personal-${SECRETARY}`).at(-1)!.body);
      expect(answer).toContain('Viva Engage: login udløbet');
      expect(answer).toContain('npm run engage:login');
    });
  });
});
