/** Typed text: button titles work as commands, and what the bot does not understand is said, in Danish. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandFor, foldCommand } from '../../src/platform/typed-commands.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { FakeConnector } from '../support/fake-connector.js';

describe('folding typed commands', () => {
  it.each([
    ['Nyt dagsordenspunkt', 'nyt dagsordenspunkt'],
    ['  NYT   dagsordenspunkt! ', 'nyt dagsordenspunkt'],
    ['Skift rolle (demo)', 'skift rolle demo'],
    ['Åbne udeblivelser', 'aabne udeblivelser'],
    ['Hvem kan vi nå?', 'hvem kan vi naa'],
    ['Møde', 'moede'],
    ['🙂', ''],
  ])('%s → %s', (typed, folded) => expect(foldCommand(typed)).toBe(folded));

  it('finds the button a text names, and nothing for text that names none', () => {
    const items = [{ title: 'Nyt dagsordenspunkt' }, { title: 'Skift rolle (demo)' }];
    expect(commandFor('nyt dagsordenspunkt', items)).toBe(items[0]);
    expect(commandFor('skift rolle demo', items)).toBe(items[1]);
    expect(commandFor('nyt', items)).toBeUndefined();
    expect(commandFor('   ', items)).toBeUndefined();
  });
});

describe('typed text through the bot', () => {
  let t: TestApp;
  const rep = '77777777-0000-4000-8000-000000000001';
  const agent = '77777777-0000-4000-8000-000000000002';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z' });
    await addMembers(t.deps.db, [791]);
    await addPerson(t.deps.db, { name: 'Rosa Repræsentant', objectId: rep, roles: [[791, 'repraesentant']] });
    await addPerson(t.deps.db, { name: 'Anton Agent', objectId: agent, roles: [[791, 'agent']] });
    await addMeeting(t.deps.db, { startsAt: '2026-12-20T09:00:00Z', place: 'Viborg Rådhus', host: 791 });
  });
  afterAll(() => t.stop());

  const lastCard = (who: string) => FakeConnector.cardOf(t.connector.sent(`personal-${who}`).at(-1)!);
  const say = async (who: string, text: string) => {
    const before = t.connector.sent(`personal-${who}`).length;
    expect((await t.message(who, text)).status).toBe(200);
    await t.connector.waitFor(() => t.connector.sent(`personal-${who}`).length > before);
    return JSON.stringify(lastCard(who));
  };

  it('runs a menu button typed as its title, forgiving case and punctuation', async () => {
    expect(await say(rep, 'nyt dagsordenspunkt')).toContain('Send til sekretariatet');
    expect(await say(rep, 'NYT  Dagsordenspunkt!')).toContain('Send til sekretariatet');
  });

  it('answers "Det forstod jeg ikke" with the menu for nonsense, emoji and whitespace', async () => {
    for (const text of ['blabla', '🙂🙂', ' . ']) {
      const card = await say(rep, text);
      expect(card).toContain('Det forstod jeg ikke');
      expect(card).toContain('Nyt dagsordenspunkt');
    }
  });

  it('does not run a button the person may not see', async () => {
    const card = await say(agent, 'Nyt dagsordenspunkt');
    expect(card).toContain('Det forstod jeg ikke');
    expect(card).not.toContain('Send til sekretariatet');
  });

  it('shows the menu without a complaint for "menu" and "hjælp"', async () => {
    for (const text of ['menu', 'Hjælp']) expect(await say(rep, text)).not.toContain('Det forstod jeg ikke');
  });
});
