/** The menu's own verbs through the real bot: the demo role switch and naming a chat, as Teams sends them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENU_VERBS } from '../../src/menu/menu-cards.js';
import { MENU_VERB } from '../../src/platform/bot-app.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addPerson } from '../support/registry-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('menu verbs over HTTP (local demo)', () => {
  let app: TestApp;
  const secretary = '11111111-2222-4333-8444-0000000000a1';
  const group = { conversationId: '19:menu-flow@thread.v2', conversationType: 'groupChat' as const };
  let representativeId: number;

  beforeAll(async () => {
    app = await startTestApp();
    await addPerson(app.deps.db, { name: 'Sigrid Sekretær', objectId: secretary, secretariat: true });
    representativeId = (await addPerson(app.deps.db, { name: 'Rolf Repræsentant', roles: [[791, 'repraesentant']] }))
      .id;
  });
  afterAll(() => app.stop());

  const lastCard = (conversationId: string) => FakeConnector.cardOf(app.connector.sent(conversationId).at(-1)!);

  it('offers every demo person with a menu button carrying the platform verb', async () => {
    await app.execute(secretary, MENU_VERBS.switchRole);
    await app.connector.waitFor(() => app.connector.sent(`personal-${secretary}`).length > 0);
    const card = lastCard(`personal-${secretary}`);
    const choices = JSON.stringify(card.body);
    expect(choices).toContain('Rolf Repræsentant: Repræsentant, Viborg');
    expect(choices).toContain('Sigrid Sekretær: DDH-sekretariatet');
    expect(card.actions.map((action: { verb: string }) => action.verb)).toEqual([MENU_VERBS.switchRoleSave, MENU_VERB]);
  });

  it('switches the person and turns the card into the switcher with the new person chosen (issue 17 point 7)', async () => {
    const answer = await app.execute(secretary, MENU_VERBS.switchRoleSave, { personId: String(representativeId) });
    const card = answer.body.value;
    expect(JSON.stringify(card)).toContain('Rolf Repræsentant (Repræsentant, Viborg)');
    expect(JSON.stringify(card)).toContain('Du optræder nu som ');
    const choice = card.body.find((element: { id?: string }) => element.id === 'personId');
    expect(choice.value).toBe(String(representativeId));
    expect(card.actions.map((action: { verb: string }) => action.verb)).toEqual([MENU_VERBS.switchRoleSave, MENU_VERB]);
    // Opened again from the menu, the switcher still shows the person the user is now.
    await app.execute(secretary, MENU_VERBS.switchRole);
    await app.connector.waitFor(() => app.connector.sent(`personal-${secretary}`).length > 1);
    const reopened = lastCard(`personal-${secretary}`);
    expect(reopened.body.find((element: { id?: string }) => element.id === 'personId').value).toBe(
      String(representativeId),
    );
    expect((await app.deps.registry.identify(secretary))?.name).toBe('Rolf Repræsentant');
    await app.execute(secretary, MENU_VERBS.switchRoleSave, { personId: 'ikke et tal' });
    expect((await app.deps.registry.identify(secretary))?.name).toBe('Rolf Repræsentant');
  });

  it('names a group chat for a purpose when the secretariat asks', async () => {
    const signe = '11111111-2222-4333-8444-0000000000a2';
    await addPerson(app.deps.db, { name: 'Signe Sekretær', objectId: signe, secretariat: true });
    await app.execute(signe, MENU_VERBS.registerChat, {}, group);
    await app.connector.waitFor(() => app.connector.sent(group.conversationId).length > 0);
    expect(JSON.stringify(lastCard(group.conversationId))).toContain('"text":"ingen"');
    const answer = await app.execute(signe, MENU_VERBS.registerChatSave, { purpose: 'vagt' }, group);
    expect(JSON.stringify(answer.body)).toContain('Gemt: denne chat bruges nu som Sekretariatets vagtkanal');
    const named = await app.deps.db.query('SELECT purpose, conversation_id FROM named_conversations');
    expect(named.rows).toEqual([{ purpose: 'vagt', conversation_id: group.conversationId }]);
    // The card names the purpose by its Danish title, never by its key (issue 18: "Nuværende: sekretariat").
    await app.execute(signe, MENU_VERBS.registerChat, {}, group);
    await app.connector.waitFor(() => app.connector.sent(group.conversationId).length > 1);
    const card = lastCard(group.conversationId);
    const current = JSON.stringify(card.body[2]);
    expect(current).toContain('Nuværende: ');
    expect(current).toContain('Sekretariatets vagtkanal (udeblivelser)');
    expect(current).not.toContain('"vagt"');
    expect(card.body.find((element: { id?: string }) => element.id === 'purpose').value).toBe('vagt');
  });
});
