/**
 * The local demo shows every message (issue 17 point 6): with DEMO_INBOX (on in `npm start`), a message to a demo
 * person without a chat of their own reaches the playground user's chat marked "Til: <navn> (<rolle>)", so a newcomer
 * submits an item as a representative, switches to the secretariat and approves it from the review card, without
 * workarounds. The real bot over HTTP; delivery through the fake Bot Connector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { ConfigError, loadConfig, loadLocalConfig } from '../../src/app/config.js';
import { MENU_VERBS } from '../../src/menu/menu-cards.js';
import { buildMessageCard } from '../../src/ui/message-card.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const USER = '00000000-0000-4000-8000-00000000d001';
const INBOX = `personal-${USER}`;
const text = (x: unknown) => JSON.stringify(x);

describe('the demo inbox (npm start)', () => {
  let t: TestApp;
  let sofie: number;
  let anne: number;
  let peter: number;
  let meetingId: number;

  beforeAll(async () => {
    t = await startTestApp({ env: { DEMO_INBOX: '1' }, now: '2026-11-24T09:00:00Z' });
    const db = t.deps.db;
    await addMembers(db, [751]);
    sofie = (await addPerson(db, { name: 'Sofie Kjær', objectId: USER, secretariat: true })).id;
    await addPerson(db, { name: 'Jakob Lindholm', secretariat: true });
    anne = (await addPerson(db, { name: 'Anne Dalgaard', roles: [[751, 'repraesentant']] })).id;
    peter = (await addPerson(db, { name: 'Peter Vinther', roles: [[751, 'primaer_kontakt']] })).id;
    meetingId = (await addMeeting(db, { startsAt: '2026-12-21T09:00:00Z', place: 'Aarhus Rådhus', host: 751 })).id;
    await t.message(USER, 'menu');
  });
  afterAll(() => t.stop());

  const inboxCards = () => t.connector.sent(INBOX).map((call) => FakeConnector.cardOf(call));

  it('is on in npm start and refused outside the local demo', () => {
    expect(loadLocalConfig({}).DEMO_INBOX).toBe(true);
    expect(loadLocalConfig({ DEMO_INBOX: '0' }).DEMO_INBOX).toBe(false);
    expect(loadConfig({ DDH_LOCAL: '1' }).DEMO_INBOX).toBe(false);
    expect(() =>
      loadConfig({
        DEMO_INBOX: '1',
        DATABASE_URL: 'postgres://ddh@db.example/ddh',
        MICROSOFT_APP_ID: 'app',
        MICROSOFT_APP_TENANT_ID: 'tenant',
        MICROSOFT_APP_PASSWORD: 'secret',
      }),
    ).toThrow(ConfigError);
  });

  it("shows the secretariat's review card to a newcomer who submitted as a representative, marked for whom", async () => {
    await t.execute(USER, MENU_VERBS.switchRoleSave, { personId: String(anne) });
    const submitted = await t.execute(USER, AGENDA_VERBS.submit, {
      meetingId: String(meetingId),
      title: 'Fælles vagtplan for julen',
      markers: 'B',
      presenter: 'Anne Dalgaard',
      introduction: 'Forslag til en fælles vagtplan.',
      recommendation: 'Det indstilles, at vagtplanen godkendes.',
    });
    expect(text(submitted.body)).toContain('Kvittering');
    await t.runJobs();

    const reviews = inboxCards().filter((card) => text(card).includes('Godkend'));
    // One review card for the item, though it went to both members of the secretariat.
    expect(reviews).toHaveLength(1);
    expect(reviews[0].body[0].items[0].inlines[0].text).toBe('Til: Sofie Kjær (DDH-sekretariatet)');
    // The representative's own receipt arrives unmarked: the user is Anne now.
    expect(text(inboxCards().filter((card) => text(card).includes('Kvittering')))).not.toContain('Til: ');
  });

  it('lets the user switch to the secretariat and approve the item on that card', async () => {
    const item = await t.deps.db.query<{ id: number }>('SELECT id FROM agenda_items');
    const itemId = item.rows[0].id;
    const shown = await t.deps.db.query<{ activity_id: string }>(
      'SELECT activity_id FROM sent_cards WHERE card_ref = $1 AND conversation_id = $2',
      [`agenda-review:${itemId}`, INBOX],
    );
    await t.execute(USER, MENU_VERBS.switchRoleSave, { personId: String(sofie) });
    const approved = await t.execute(
      USER,
      AGENDA_VERBS.accept,
      { itemId, version: 1 },
      { replyToId: shown.rows[0].activity_id },
    );
    expect(text(approved.body.value)).toContain('godkendt');
    await t.runJobs();
    const status = await t.deps.db.query<{ status: string }>('SELECT status FROM agenda_items WHERE id = $1', [itemId]);
    expect(status.rows[0].status).toBe('godkendt');
  });

  it("marks a message to a contact person with the person's name and role, on its updates too", async () => {
    await t.deps.delivery.enqueue([
      {
        key: 'demo-inbox:alert',
        to: { kind: 'person', personId: peter },
        card: buildMessageCard({ title: 'Udeblivelse', text: 'Aarhus mangler en agent.' }),
        cardRef: 'demo-inbox:alert',
        batch: 'demo-inbox',
      },
      {
        key: 'demo-inbox:text',
        to: { kind: 'role', municipalityCode: 751, role: 'primaer_kontakt' },
        text: 'Hej',
        batch: 'demo-inbox',
      },
    ]);
    await t.runJobs();
    const alert = inboxCards().find((card) => text(card).includes('Aarhus mangler en agent'));
    expect(alert.body[0].items[0].inlines[0].text).toBe('Til: Peter Vinther (Primær kontaktperson, Aarhus)');
    const texts = t.connector
      .sent(INBOX)
      .map((call) => call.body?.text)
      .filter(Boolean);
    expect(texts).toContain('Til: Peter Vinther (Primær kontaktperson, Aarhus)\n\nHej');

    await t.deps.delivery.updateCard(
      'demo-inbox:alert',
      buildMessageCard({ title: 'Udeblivelse', text: 'Agenten er logget ind.' }),
    );
    await t.runJobs();
    const update = FakeConnector.cardOf(t.connector.updates(INBOX).at(-1)!);
    expect(text(update)).toContain('Agenten er logget ind.');
    expect(update.body[0].items[0].inlines[0].text).toBe('Til: Peter Vinther (Primær kontaktperson, Aarhus)');
  });

  it('leaves messages to the person the user acts as unmarked', async () => {
    await t.deps.delivery.enqueue([
      { key: 'demo-inbox:own', to: { kind: 'person', personId: sofie }, text: 'Til dig selv', batch: 'demo-inbox' },
    ]);
    await t.runJobs();
    expect(t.connector.sent(INBOX).map((call) => call.body?.text)).toContain('Til dig selv');
  });
});
