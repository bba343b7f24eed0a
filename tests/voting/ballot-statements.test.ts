/**
 * What a ballot costs in SQL (issue 22 point 3: at most 4, one read per card), counted with the test database's
 * statement counter on the real bot: the turn's actor (1), the vote read once with everything its cards show (1), the
 * attempt written once (1), and the shared card's update through delivery in one statement whatever the number of
 * copies (1). A press from a card adds the platform's once-only record of the press (claim and answer). Before
 * issue 22's second round the card update cost 2 + 2 per copy (7 in all with one copy).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { VOTING_VERBS } from '../../src/voting/voting-cards.js';

const chat = { conversationId: '19:styregruppe-sql@thread.v2', conversationType: 'groupChat' as const };
const chair = 'd1000000-0000-4000-8000-000000000001';
const member = 'd1000000-0000-4000-8000-000000000002';
const deputy = 'd1000000-0000-4000-8000-000000000003';

/** Issue 22's budget for a ballot, the press's claim and answer not counted. */
const BUDGET = 4;

const kindOf = (sql: string) =>
  /card_presses/.test(sql)
    ? 'press'
    : /FROM people p JOIN target/.test(sql)
      ? 'actor'
      : /FROM votes v WHERE v\.id/.test(sql)
        ? 'vote read'
        : /ballot_audit/.test(sql)
          ? 'attempt written'
          : /card_refs|sent_cards|outbox|delivery_update_card/.test(sql)
            ? 'card update'
            : sql;

describe.each(testDatabases())('what a ballot costs on %s', (database) => {
  let t: TestApp;
  let voteId = 0;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database });
    const db = t.deps.db;
    const c = await addPerson(db, { name: 'Cæcilie Formand', objectId: chair });
    const m = await addPerson(db, { name: 'Morten Medlem', objectId: member });
    const d = await addPerson(db, { name: 'Dina Suppleant', objectId: deputy });
    await setCommittee(db, {
      chairId: c.id,
      seats: [
        { code: 751, memberId: c.id },
        { code: 791, memberId: m.id, deputyId: d.id },
      ],
    });
    await addConversation(db, t.connector.url, { id: chat.conversationId, type: 'groupChat' });
    await t.execute(chair, VOTING_VERBS.start, { question: 'Hvad koster en stemme?' }, chat);
    voteId = (await t.deps.db.query<{ id: number }>('SELECT max(id) AS id FROM votes')).rows[0].id;
    await t.runJobs(); // the shared card is in the chat: a ballot updates one copy
    await t.execute(member, VOTING_VERBS.cast, { voteId, choice: 'imod' }, chat); // the turn state exists
  });
  afterAll(() => t.stop());

  it(`costs at most ${BUDGET} statements: the actor, the vote read once, the attempt written once, the card updated in one`, async () => {
    const sql = await t.db.counting(() => t.execute(member, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat));
    expect(sql.map(kindOf)).toEqual(['actor', 'vote read', 'attempt written', 'card update']);
    expect(sql.length).toBeLessThanOrEqual(BUDGET);
  });

  it('costs three statements when the ballot is refused or repeats the standing one (no card update)', async () => {
    const refused = await t.db.counting(() => t.execute(deputy, VOTING_VERBS.cast, { voteId, choice: 'imod' }, chat));
    expect(refused.map(kindOf)).toEqual(['actor', 'vote read', 'attempt written']);
    const repeated = await t.db.counting(() => t.execute(member, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat));
    expect(repeated.map(kindOf)).toEqual(['actor', 'vote read', 'attempt written']);
  });

  it('adds the press claim and its answer for a press from a card', async () => {
    const sql = await t.db.counting(() =>
      t.execute(member, VOTING_VERBS.cast, { voteId, choice: 'undlader', ddhCard: 'kort-1' }, chat),
    );
    expect(sql.map(kindOf)).toEqual(['actor', 'press', 'vote read', 'attempt written', 'card update', 'press']);
    expect(sql.filter((statement) => !statement.includes('card_presses')).length).toBeLessThanOrEqual(BUDGET);
  });

  it('updates every copy of the shared card in the same one statement', async () => {
    const other = '19:styregruppe-kopi@thread.v2';
    await addConversation(t.deps.db, t.connector.url, { id: other, type: 'groupChat' });
    await t.deps.db.query('INSERT INTO sent_cards (card_ref, conversation_id, activity_id) VALUES ($1, $2, $3)', [
      `vote:${voteId}`,
      other,
      'kopi-1',
    ]);
    const sql = await t.db.counting(() => t.execute(member, VOTING_VERBS.cast, { voteId, choice: 'imod' }, chat));
    expect(sql.map(kindOf)).toEqual(['actor', 'vote read', 'attempt written', 'card update']);
    const queued = await t.deps.db.query<{ conversation_id: string; target_activity_id: string }>(
      `SELECT conversation_id, target_activity_id FROM outbox
       WHERE kind = 'update' AND card_ref = $1 AND card->>'type' = 'AdaptiveCard' AND card::text LIKE '%imod%'
       ORDER BY id DESC LIMIT 2`,
      [`vote:${voteId}`],
    );
    expect(queued.rows.map((r) => r.conversation_id).sort()).toEqual([chat.conversationId, other].sort());
    expect(queued.rows.find((r) => r.conversation_id === other)?.target_activity_id).toBe('kopi-1');
  });
});
