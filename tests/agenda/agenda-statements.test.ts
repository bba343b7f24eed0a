/**
 * Statements per agenda submission (issue 22 point 3: at most 8), counted by the test database on the real server:
 * the press of "Send til sekretariatet" on a form, from the actor's read to the press's answer. Before: 21 (the
 * meeting read 4 times, the submitter 4 times), then 12 (delivery spent 7 on the two cards: each recipient resolved,
 * each outbox row, card reference and shown copy written on its own). Now 7: the platform's 3 (actor and turn state,
 * the press claimed and completed), the agenda's 2 (the meeting with the coming meetings; the item written with its
 * draft note) and delivery's 2 for both cards (one read resolves the recipients, one statement writes the rows, the
 * cards and the copy the submitter already sees).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { pressData } from './agenda-fixtures.js';

/** Which part of the bot a statement belongs to, by the tables it names. */
function ownerOf(sql: string): 'platform' | 'agenda' | 'delivery' {
  if (/card_presses|bot_state/.test(sql)) return 'platform';
  if (/agenda_|FROM meetings/.test(sql)) return 'agenda';
  return 'delivery';
}
const BUDGET = { platform: 3, agenda: 2, delivery: 2 };
/** Issue 22's goal for the whole action. */
const TOTAL = 8;

describe.each(testDatabases())('statements per agenda submission on %s', (kind) => {
  let t: TestApp;
  const rep = '77777777-0000-4000-8000-000000000001';
  let meetingId: number;

  beforeAll(async () => {
    t = await startTestApp({ database: kind });
    const db = t.deps.db;
    await addMembers(db, [791]);
    const person = await addPerson(db, { name: 'Rita Repræsentant', objectId: rep, roles: [[791, 'repraesentant']] });
    await addConversation(db, t.connector.url, { id: `personal-${rep}`, personId: person.id, objectId: rep });
    await addConversation(db, t.connector.url, { id: '19:sek@thread.v2', type: 'groupChat' });
    await setNamedConversation(db, 'sekretariat', '19:sek@thread.v2');
    meetingId = (await addMeeting(db, { startsAt: '2026-12-20T09:00:00Z', place: 'Viborg Rådhus', host: 791 })).id;
    await t.message(rep, 'menu'); // the conversation is remembered on the first turn
  });
  afterAll(() => t.stop());

  it(`submits an item from the form in at most ${TOTAL} statements: platform ${BUDGET.platform}, agenda ${BUDGET.agenda}, delivery ${BUDGET.delivery}`, async () => {
    const form = (await t.execute(rep, AGENDA_VERBS.open, {}, { replyToId: 'form-1' })).body.value;
    const data = pressData(form, AGENDA_VERBS.submit, {
      meetingId: String(meetingId),
      title: 'Ny vagtplan',
      markers: 'O',
      presenter: 'Rita Repræsentant, Viborg',
    });
    let answer: unknown;
    const sql = await t.db.counting(async () => {
      answer = (await t.execute(rep, AGENDA_VERBS.submit, data, { replyToId: 'form-1' })).body.value;
    });
    expect(JSON.stringify(answer)).toContain('Kvittering');
    const count = { platform: 0, agenda: 0, delivery: 0 };
    for (const statement of sql) count[ownerOf(statement)]++;
    for (const part of ['platform', 'agenda', 'delivery'] as const)
      expect(count[part], `${part}: ${sql.join('\n')}`).toBeLessThanOrEqual(BUDGET[part]);
    expect(sql.length, sql.join('\n')).toBeLessThanOrEqual(TOTAL);
  });
});
