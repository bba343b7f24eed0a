import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import type { DeliveryOutcome } from '../../src/delivery/delivery.js';
import { buildMessageCard } from '../../src/ui/message-card.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';

const card = (title: string) => buildMessageCard({ title, text: 'Testbesked' });

describe('delivery engine', () => {
  let t: TestApp;
  const outcomes: DeliveryOutcome[] = [];
  let seq = 0;
  const person = async (withChat = true) => {
    const p = await addPerson(t.deps.db, {});
    if (withChat) await addConversation(t.deps.db, t.connector.url, { id: `chat-${p.id}`, personId: p.id });
    return p;
  };

  beforeAll(async () => {
    t = await startTestApp({
      env: { TEAMS_RATE_PER_CONVERSATION_PER_SECOND: '7', TEAMS_RATE_PER_TENANT_PER_SECOND: '50' },
    });
    t.deps.delivery.onOutcome('test:', async (o) => {
      outcomes.push(o);
    });
  });
  beforeEach(() => {
    t.connector.reset();
    outcomes.length = 0;
    seq++;
  });
  afterAll(() => t.stop());

  it('delivers a key once, however often and concurrently it is enqueued', async () => {
    const p = await person();
    const msg = {
      key: `test:once:${seq}`,
      to: { kind: 'person' as const, personId: p.id },
      card: card('Én gang'),
      batch: `test:once:${seq}`,
    };
    await Promise.all([
      t.deps.delivery.enqueue([msg]),
      t.deps.delivery.enqueue([msg]),
      t.deps.delivery.enqueue([msg, msg]),
    ]);
    await t.runJobs();
    await t.deps.delivery.enqueue([msg]);
    await t.runJobs();
    expect(t.connector.sent(`chat-${p.id}`)).toHaveLength(1);
    expect(outcomes.map((o) => o.status)).toEqual(['sent']);
    expect(await t.deps.delivery.report(`test:once:${seq}`)).toMatchObject({
      sent: 1,
      failed: 0,
      unreachable: 0,
      pending: 0,
    });
  });

  it('sends to each secretariat member while a named chat with orElse is missing, and to the chat once it exists', async () => {
    const purpose = `test-kanal-${seq}`;
    await t.deps.db.query('DELETE FROM secretariat_members');
    const first = await addPerson(t.deps.db, { secretariat: true });
    await addConversation(t.deps.db, t.connector.url, { id: `chat-${first.id}`, personId: first.id });
    const second = await addPerson(t.deps.db, { secretariat: true });
    await addConversation(t.deps.db, t.connector.url, { id: `chat-${second.id}`, personId: second.id });
    await addPerson(t.deps.db, { secretariat: true }); // no chat with the bot: skipped, not a failure
    const to = { kind: 'named' as const, purpose, orElse: 'secretariat' as const };
    const r = await t.deps.delivery.enqueue([
      { key: `test:else:${seq}`, to, text: 'Til sekretariatet', batch: 'test:else' },
    ]);
    expect(r).toEqual({ queued: [`test:else:${seq}`], unreachable: [] });
    await t.runJobs();
    expect(t.connector.sent(`chat-${first.id}`)).toHaveLength(1);
    expect(t.connector.sent(`chat-${second.id}`)).toHaveLength(1);

    await addConversation(t.deps.db, t.connector.url, { id: `group-${seq}`, type: 'groupChat' });
    await setNamedConversation(t.deps.db, purpose, `group-${seq}`);
    await t.deps.delivery.enqueue([{ key: `test:else2:${seq}`, to, text: 'Nu i kanalen', batch: 'test:else' }]);
    await t.runJobs();
    expect(t.connector.sent(`group-${seq}`)).toHaveLength(1);
    expect(t.connector.sent(`chat-${first.id}`)).toHaveLength(1);
  });

  it('reports a named chat with orElse unreachable when no secretariat member can be reached either', async () => {
    await t.deps.db.query('DELETE FROM secretariat_members');
    const r = await t.deps.delivery.enqueue([
      {
        key: `test:else3:${seq}`,
        to: { kind: 'named', purpose: 'ingen', orElse: 'secretariat' },
        text: 'x',
        batch: 'b',
      },
    ]);
    expect(r.unreachable.map((u) => u.reason)).toEqual([
      'Ingen chat er sat op til "ingen", og ingen i sekretariatet har botten i Teams endnu',
    ]);
  });

  it('records a card the recipient already sees instead of posting it again, and updates it there', async () => {
    const p = await person();
    const ref = `test:shown:${seq}`;
    const r = await t.deps.delivery.enqueue([
      {
        key: ref,
        to: { kind: 'person', personId: p.id },
        card: card('Kvittering'),
        batch: 'test:shown',
        cardRef: ref,
        shownIn: { conversationId: `chat-${p.id}`, activityId: 'act-pressed' },
      },
    ]);
    expect(r.unreachable).toEqual([]);
    await t.runJobs();
    expect(t.connector.sent(`chat-${p.id}`)).toHaveLength(0);
    await t.deps.delivery.updateCard(ref, card('Kvittering: godkendt'));
    await t.runJobs();
    const updates = t.connector.updates(`chat-${p.id}`);
    expect(updates.map((u) => u.activityId)).toEqual(['act-pressed']);
    expect(JSON.stringify(FakeConnector.cardOf(updates[0]))).toContain('godkendt');
    expect(outcomes.filter((o) => o.key === ref).map((o) => o.status)).toEqual(['sent']);
  });

  it('keeps one copy of a card per conversation when two messages carry the same card there', async () => {
    const p = await person();
    const ref = `test:onecopy:${seq}`;
    const to = { kind: 'person' as const, personId: p.id };
    await t.deps.delivery.enqueue([
      { key: `${ref}:a`, to, card: card('Udeblivelse'), batch: 'test:one', cardRef: ref },
    ]);
    await t.runJobs();
    await t.deps.delivery.enqueue([
      { key: `${ref}:b`, to, card: card('Udeblivelse'), batch: 'test:one', cardRef: ref },
    ]);
    await t.runJobs();
    expect(t.connector.sent(`chat-${p.id}`)).toHaveLength(1);
    expect(t.connector.updates(`chat-${p.id}`)).toHaveLength(1);
  });

  it('follows a card that changed while its first copy was on the way', async () => {
    const p = await person();
    const ref = `test:inflight:${seq}`;
    t.connector.setLatency(1_500);
    await t.deps.delivery.enqueue([
      {
        key: ref,
        to: { kind: 'person', personId: p.id },
        card: card('Afventer'),
        batch: 'test:inflight',
        cardRef: ref,
      },
    ]);
    await t.connector.waitFor(() => t.connector.arrivals.some((a) => a.path.includes(`chat-${p.id}`)));
    await t.deps.delivery.updateCard(ref, card('Godkendt'));
    t.connector.setLatency(0);
    await t.runJobs();
    await t.connector.waitFor(() => t.connector.updates(`chat-${p.id}`).length === 1);
    expect(t.connector.sent(`chat-${p.id}`)).toHaveLength(1);
    expect(JSON.stringify(FakeConnector.cardOf(t.connector.updates(`chat-${p.id}`)[0]))).toContain('Godkendt');
  });

  it('tells the caller at once when a person or role cannot be reached', async () => {
    const p = await person(false);
    const r = await t.deps.delivery.enqueue([
      { key: `test:u1:${seq}`, to: { kind: 'person', personId: p.id }, text: 'hej', batch: 'test:u' },
      {
        key: `test:u2:${seq}`,
        to: { kind: 'role', municipalityCode: 860, role: 'primaer_kontakt' },
        text: 'hej',
        batch: 'test:u',
      },
      { key: `test:u3:${seq}`, to: { kind: 'named', purpose: 'vagt' }, text: 'hej', batch: 'test:u' },
    ]);
    expect(r.queued).toEqual([]);
    expect(r.unreachable.map((u) => u.reason)).toEqual([
      expect.stringContaining('har ikke botten i Teams'),
      'Hjørring har ingen primær kontaktperson i registret',
      'Ingen chat er sat op til "vagt"',
    ]);
  });

  it('resolves a role to each of its people when sent', async () => {
    const a = await addPerson(t.deps.db, { roles: [[461, 'sekundaer_kontakt']] });
    const b = await addPerson(t.deps.db, { roles: [[461, 'sekundaer_kontakt']] });
    await addConversation(t.deps.db, t.connector.url, { id: `chat-${a.id}`, personId: a.id });
    await addConversation(t.deps.db, t.connector.url, { id: `chat-${b.id}`, personId: b.id });
    await t.deps.delivery.enqueue([
      {
        key: `test:role:${seq}`,
        to: { kind: 'role', municipalityCode: 461, role: 'sekundaer_kontakt' },
        card: card('Rolle'),
        batch: `test:role:${seq}`,
      },
    ]);
    await t.runJobs();
    expect(t.connector.sent(`chat-${a.id}`)).toHaveLength(1);
    expect(t.connector.sent(`chat-${b.id}`)).toHaveLength(1);
    expect((await t.deps.delivery.report(`test:role:${seq}`)).sent).toBe(2);
  });

  it('honours Retry-After on 429 and retries 503', async () => {
    const p = await person();
    t.connector.fail({ status: 429, retryAfter: 1, match: (c) => c.conversationId === `chat-${p.id}` });
    t.connector.fail({ status: 503, match: (c) => c.conversationId === `chat-${p.id}` });
    await t.deps.delivery.enqueue([
      { key: `test:retry:${seq}`, to: { kind: 'person', personId: p.id }, text: 'igen', batch: `test:retry:${seq}` },
    ]);
    await t.runJobs();
    const calls = t.connector.calls.filter((c) => c.conversationId === `chat-${p.id}`);
    expect(calls.map((c) => c.status)).toEqual([429, 503, 200]);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1000);
    expect(outcomes.map((o) => o.status)).toEqual(['sent']);
  });

  it('marks a conversation dead on 403 and 404, reports it and does not retry', async () => {
    const blocked = await person();
    const gone = await person();
    t.connector.fail({ status: 403, times: Infinity, match: (c) => c.conversationId === `chat-${blocked.id}` });
    t.connector.fail({
      status: 404,
      times: Infinity,
      body: { error: { code: 'ConversationNotFound' } },
      match: (c) => c.conversationId === `chat-${gone.id}`,
    });
    await t.deps.delivery.enqueue([
      { key: `test:403:${seq}`, to: { kind: 'person', personId: blocked.id }, text: 'x', batch: `test:dead:${seq}` },
      { key: `test:404:${seq}`, to: { kind: 'person', personId: gone.id }, text: 'x', batch: `test:dead:${seq}` },
    ]);
    await t.runJobs();
    expect(t.connector.calls).toHaveLength(2);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['unreachable', 'unreachable']);
    const dead = await t.deps.db.query<{ id: string }>(
      'SELECT id FROM conversations WHERE dead_at IS NOT NULL AND id = ANY($1::text[]) ORDER BY id',
      [[`chat-${blocked.id}`, `chat-${gone.id}`]],
    );
    expect(dead.rows).toHaveLength(2);
    const report = await t.deps.delivery.report(`test:dead:${seq}`);
    expect(report.unreachable).toBe(2);
    expect(report.reasons.map((r) => r.reason).sort()).toEqual([
      'Botten er blokeret eller fjernet fra samtalen (403)',
      'Samtalen findes ikke længere (404)',
    ]);
    // Later messages to a dead chat are refused at once.
    const again = await t.deps.delivery.enqueue([
      { key: `test:403b:${seq}`, to: { kind: 'person', personId: blocked.id }, text: 'x', batch: 'test:dead' },
    ]);
    expect(again.unreachable).toHaveLength(1);
  });

  it('never sends more than 7 messages per second to one conversation', async () => {
    const p = await person();
    await t.deps.delivery.enqueue(
      Array.from({ length: 16 }, (_, i) => ({
        key: `test:burst:${seq}:${i}`,
        to: { kind: 'person' as const, personId: p.id },
        text: `nr. ${i}`,
        batch: `test:burst:${seq}`,
      })),
    );
    await t.runJobs();
    const times = t.connector.sent(`chat-${p.id}`).map((c) => c.at);
    expect(times).toHaveLength(16);
    for (let i = 0; i < times.length; i++)
      expect(times.filter((x) => x >= times[i] && x < times[i] + 1000).length).toBeLessThanOrEqual(7);
    expect(t.connector.sent(`chat-${p.id}`).map((c) => c.body.text)).toEqual(
      Array.from({ length: 16 }, (_, i) => `nr. ${i}`),
    );
  });

  it('updates a named card in place for everyone it was sent to', async () => {
    const a = await person();
    const b = await person();
    const ref = `test-card:${seq}`;
    await t.deps.delivery.enqueue(
      [a, b].map((p) => ({
        key: `test:card:${seq}:${p.id}`,
        to: { kind: 'person' as const, personId: p.id },
        card: card('Før'),
        cardRef: ref,
        batch: 'test:card',
      })),
    );
    await t.runJobs();
    await t.deps.delivery.updateCard(ref, card('Efter'));
    await t.runJobs();
    for (const p of [a, b]) {
      const [sent] = t.connector.sent(`chat-${p.id}`);
      const [update] = t.connector.updates(`chat-${p.id}`);
      expect(update.activityId).toBe(JSON.parse(JSON.stringify(sent)).body ? update.activityId : '');
      expect(JSON.stringify(FakeConnector.cardOf(update))).toContain('Efter');
    }
  });
});
