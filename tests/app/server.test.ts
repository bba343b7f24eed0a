import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addPerson } from '../support/registry-fixtures.js';
import { MENU_VERB } from '../../src/platform/bot-app.js';

const texts = (card: any): string =>
  JSON.stringify(card)
    .match(/"(?:text|title)":"[^"]*"/g)
    ?.join(' ') ?? '';

describe('the bot over HTTP', () => {
  let t: TestApp;
  const secretary = '11111111-2222-4333-8444-000000000001';
  const representative = '11111111-2222-4333-8444-000000000002';

  beforeAll(async () => {
    t = await startTestApp();
    await addPerson(t.deps.db, { name: 'Sigrid Sekretær', objectId: secretary, secretariat: true });
    await addPerson(t.deps.db, {
      name: 'Rolf Repræsentant',
      objectId: representative,
      roles: [[791, 'repraesentant']],
    });
  });
  afterAll(() => t.stop());

  it('answers the health probes', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('shows a registered person the menu with their roles', async () => {
    const res = await t.message(representative, 'menu');
    expect(res.status).toBe(200);
    await t.connector.waitFor(() => t.connector.sent(`personal-${representative}`).length > 0);
    const card = FakeConnector.cardOf(t.connector.sent(`personal-${representative}`).at(-1)!);
    expect(texts(card)).toContain('Rolf Repræsentant');
    expect(texts(card)).toContain('Viborg');
  });

  it('tells a stranger how to get access, and remembers the chat', async () => {
    const stranger = '11111111-2222-4333-8444-0000000000ff';
    await t.message(stranger, 'hej');
    await t.connector.waitFor(() => t.connector.sent(`personal-${stranger}`).length > 0);
    const card = FakeConnector.cardOf(t.connector.sent(`personal-${stranger}`)[0]);
    expect(texts(card)).toMatch(/sekretariat/i);
    const stored = await t.deps.db.query('SELECT type, aad_object_id FROM conversations WHERE id = $1', [
      `personal-${stranger}`,
    ]);
    expect(stored.rows[0]).toEqual({ type: 'personal', aad_object_id: stranger });
  });

  it('answers the menu button as a Universal Action with a card', async () => {
    const res = await t.execute(secretary, MENU_VERB, {});
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(200);
  });

  it('refuses a card action the person may not take, in Danish, without changing anything', async () => {
    const before = await t.deps.db.query('SELECT count(*)::int AS n FROM named_conversations');
    const res = await t.execute(
      representative,
      'menu.register-chat.save',
      { purpose: 'styregruppe' },
      { conversationId: '19:chat@thread.v2', conversationType: 'groupChat' },
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('Kun DDH-sekretariatet');
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM named_conversations')).rows).toEqual(before.rows);
  });

  it('hides stack traces from malformed requests', async () => {
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await res.text()).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('tenant allow-list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOWED_TENANT_IDS: 'tenant-ok' } });
  });
  afterAll(() => t.stop());

  it('refuses activities from other tenants before the bot sees them', async () => {
    const res = await t.message('11111111-2222-4333-8444-000000000009', 'menu', { tenantId: 'tenant-evil' });
    expect(res.status).toBe(403);
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM conversations')).rows[0].n).toBe(0);
    expect((await t.message('11111111-2222-4333-8444-000000000009', 'menu', { tenantId: 'tenant-ok' })).status).toBe(
      200,
    );
  });
});
