/**
 * A batch of messages is enqueued in two statements (issue 22: statements per action), one resolving read and one
 * write, and leaves the outbox as writing them one by one did: rows in the batch's order, a repeated key written
 * once, each named card's first version kept, a copy the recipient already sees recorded, unreachable recipients
 * reported at once with the same reasons (roles in one more read); recipients the reads cannot settle are resolved as
 * before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { measured } from '../support/counting-db.js';
import { addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { resolveRecipient, resolveRecipients } from '../../src/delivery/recipient-resolver.js';
import type { Recipient } from '../../src/delivery/delivery.js';
import { buildMessageCard } from '../../src/ui/message-card.js';

const card = (title: string) => buildMessageCard({ title, text: 'Testbesked' });

describe.each(testDatabases())('enqueueing a batch on %s', (kind) => {
  let t: TestApp;
  let withChat: number;
  let withoutChat: number;

  beforeAll(async () => {
    t = await startTestApp({ database: kind });
    const db = t.deps.db;
    withChat = (await addPerson(db, { roles: [[751, 'primaer_kontakt']] })).id;
    await addConversation(db, t.connector.url, { id: `chat-${withChat}`, personId: withChat });
    withoutChat = (
      await addPerson(db, {
        roles: [
          [751, 'primaer_kontakt'],
          [751, 'leder'],
        ],
      })
    ).id;
    await addConversation(db, t.connector.url, { id: '19:gruppe@thread.v2', type: 'groupChat' });
    await setNamedConversation(db, 'test-gruppe', '19:gruppe@thread.v2');
    await addConversation(db, t.connector.url, { id: '19:lukket@thread.v2', type: 'groupChat' });
    await db.query(`UPDATE conversations SET dead_at = now() WHERE id = '19:lukket@thread.v2'`);
  });
  afterAll(() => t.stop());

  it('writes the batch in two statements, as writing the messages one by one would', async () => {
    let result: Awaited<ReturnType<TestApp['deps']['delivery']['enqueue']>> | undefined;
    const sql = await t.db.counting(() =>
      measured(async () => {
        result = await t.deps.delivery.enqueue([
          {
            key: 'b:1',
            to: { kind: 'person', personId: withChat },
            card: card('Første'),
            cardRef: 'ref-a',
            batch: 'b',
          },
          { key: 'b:2', to: { kind: 'named', purpose: 'test-gruppe' }, text: 'Til gruppen', batch: 'b' },
          {
            key: 'b:3',
            to: { kind: 'conversation', conversationId: '19:gruppe@thread.v2' },
            card: card('Vist'),
            cardRef: 'ref-b',
            batch: 'b',
            shownIn: { conversationId: '19:gruppe@thread.v2', activityId: 'act-1' },
          },
          { key: 'b:4', to: { kind: 'conversation', conversationId: '19:lukket@thread.v2' }, text: 'x', batch: 'b' },
          { key: 'b:1', to: { kind: 'person', personId: withChat }, card: card('Anden'), cardRef: 'ref-a', batch: 'b' },
          { key: 'b:5', to: { kind: 'named', purpose: 'findes-ikke' }, text: 'x', batch: 'b' },
        ]);
      }),
    );
    expect(sql, sql.join('\n')).toHaveLength(2);
    expect(result).toEqual({
      queued: ['b:1', 'b:2'],
      unreachable: [
        {
          key: 'b:4',
          batch: 'b',
          to: { kind: 'conversation', conversationId: '19:lukket@thread.v2' },
          status: 'unreachable',
          reason: 'Samtalen er ukendt eller lukket for botten',
        },
        {
          key: 'b:5',
          batch: 'b',
          to: { kind: 'named', purpose: 'findes-ikke' },
          status: 'unreachable',
          reason: 'Ingen chat er sat op til "findes-ikke"',
        },
      ],
    });
    const rows = await t.deps.db.query<{ key: string; conversation_id: string | null; activity_id: string | null }>(
      `SELECT key, conversation_id, activity_id FROM outbox WHERE batch = 'b' ORDER BY id`,
    );
    expect(rows.rows.map((r) => r.key)).toEqual(['b:1', 'b:2', 'b:3', 'b:4', 'b:5']);
    expect(rows.rows[0].conversation_id).toBe(`chat-${withChat}`);
    expect(rows.rows[2]).toMatchObject({ conversation_id: '19:gruppe@thread.v2', activity_id: 'act-1' });
    const ref = await t.deps.db.query<{ card: unknown }>(`SELECT card FROM card_refs WHERE card_ref = 'ref-a'`);
    expect(JSON.stringify(ref.rows[0].card)).toContain('Første');
    const shown = await t.deps.db.query(`SELECT conversation_id, activity_id FROM sent_cards WHERE card_ref = 'ref-b'`);
    expect(shown.rows).toEqual([{ conversation_id: '19:gruppe@thread.v2', activity_id: 'act-1' }]);
  });

  it('resolves every kind of recipient as resolving them one by one does', async () => {
    const tos: Recipient[] = [
      { kind: 'person', personId: withChat },
      { kind: 'person', personId: withoutChat },
      { kind: 'person', personId: 99_999_999 },
      { kind: 'role', municipalityCode: 751, role: 'primaer_kontakt' },
      { kind: 'role', municipalityCode: 751, role: 'kvalitetskoordinator' },
      { kind: 'role', municipalityCode: 751, role: 'leder' },
      { kind: 'named', purpose: 'test-gruppe' },
      { kind: 'named', purpose: 'findes-ikke', orElse: 'secretariat' },
      { kind: 'conversation', conversationId: '19:lukket@thread.v2' },
      { kind: 'conversation', conversationId: '19:gruppe@thread.v2' },
    ];
    for (const canInstall of [false, true]) {
      const reach = { canInstall };
      const oneByOne = [];
      for (const to of tos) oneByOne.push(await resolveRecipient(t.deps.db, to, reach));
      expect(await resolveRecipients(t.deps.db, tos, reach)).toEqual(oneByOne);
    }
  });
});
