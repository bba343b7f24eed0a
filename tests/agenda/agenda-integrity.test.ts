/**
 * Issue 17 for the agenda, through the real server: "Send til næste møde" pressed twice makes one item and answers
 * with its receipt both times; the card that replaces the form is the submitter's only copy and every copy shows the
 * outcome; a decided review card has no inputs left; a second reviewer or a stale copy gets the current card; the
 * work queue "Til behandling" shows each waiting item as its review card does and deciding there updates the copies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addMembers, addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { FakeConnector } from '../support/fake-connector.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { MENU_VERB } from '../../src/platform/bot-app.js';
import { CARD_TOKEN_FIELD } from '../../src/platform/card-stamp.js';
import { pressData, verbsOf } from './agenda-fixtures.js';

const SEK = '19:sekretariat@thread.v2';
const text = (x: unknown) => JSON.stringify(x);

describe.each(testDatabases())('agenda integrity on %s', (kind) => {
  let t: TestApp;
  const rep = '71000000-0000-4000-8000-000000000001';
  const sec = '71000000-0000-4000-8000-000000000002';
  const sec2 = '71000000-0000-4000-8000-000000000003';
  const chair = '71000000-0000-4000-8000-000000000004';
  const meetings: Record<'late' | 'open' | 'later', number> = { late: 0, open: 0, later: 0 };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database: kind });
    const db = t.deps.db;
    await addMembers(db, [791, 751]);
    await addPerson(db, { name: 'Rita Repræsentant', objectId: rep, roles: [[791, 'repraesentant']] });
    await addPerson(db, { name: 'Sune Sekretær', objectId: sec, secretariat: true });
    await addPerson(db, { name: 'Selma Sekretær', objectId: sec2, secretariat: true });
    const c = await addPerson(db, { name: 'Frida Formand', objectId: chair, roles: [[751, 'repraesentant']] });
    await setCommittee(db, { chairId: c.id, seats: [{ code: 751, memberId: c.id }] });
    await addConversation(db, t.connector.url, { id: SEK, type: 'groupChat' });
    await setNamedConversation(db, 'sekretariat', SEK);
    meetings.late = (await addMeeting(db, { startsAt: '2026-12-05T09:00:00Z', place: 'Viborg Rådhus', host: 791 })).id;
    meetings.open = (await addMeeting(db, { startsAt: '2026-12-20T09:00:00Z', place: 'Aarhus Rådhus', host: 751 })).id;
    meetings.later = (await addMeeting(db, { startsAt: '2027-01-14T09:00:00Z', place: 'Aarhus Rådhus', host: 751 })).id;
  });
  afterAll(() => t.stop());

  const typed = (title: string, meetingId = meetings.open) => ({
    meetingId: String(meetingId),
    title,
    markers: 'O',
    presenter: 'Rita Repræsentant, Viborg',
    introduction: 'Forslag.',
  });
  const inRepChat = (replyToId: string) => ({ replyToId });
  const inSek = (replyToId: string) => ({ conversationId: SEK, conversationType: 'groupChat' as const, replyToId });
  const itemIdOf = async (title: string) =>
    (await t.deps.db.query<{ id: number }>('SELECT id FROM agenda_items WHERE title = $1', [title])).rows.map(
      (r) => r.id,
    );
  /** Submits from a fresh form in the representative's chat; the answer replaced the form in message `formId`. */
  const submitted = async (title: string, formId: string, meetingId = meetings.open) => {
    const form = (await t.execute(rep, AGENDA_VERBS.open, {}, inRepChat(formId))).body.value;
    const res = await t.execute(
      rep,
      AGENDA_VERBS.submit,
      pressData(form, AGENDA_VERBS.submit, typed(title, meetingId)),
      inRepChat(formId),
    );
    const [itemId] = await itemIdOf(title);
    return { itemId, card: res.body.value };
  };
  /** The review card as delivered to the secretariat's chat, and the message it is in. */
  const reviewCopy = async (itemId: number) => {
    await t.runJobs();
    const row = await t.deps.db.query<{ activity_id: string; card: unknown }>(
      `SELECT s.activity_id, r.card FROM sent_cards s JOIN card_refs r USING (card_ref) WHERE s.card_ref = $1 AND s.conversation_id = $2`,
      [`agenda-review:${itemId}`, SEK],
    );
    const call = t.connector.sent(SEK).find((c) => text(FakeConnector.cardOf(c)).includes(`"itemId":${itemId},`));
    return { activityId: row.rows[0].activity_id, card: FakeConnector.cardOf(call!) };
  };

  it('turns "Send til næste møde" pressed on two copies of the refusal into one item and the receipt twice', async () => {
    const late = typed('Sent forslag om vagtplan', meetings.late);
    const copies = [];
    for (const formId of ['form-late-1', 'form-late-2']) {
      const form = (await t.execute(rep, AGENDA_VERBS.open, {}, inRepChat(formId))).body.value;
      const refusal = (
        await t.execute(rep, AGENDA_VERBS.submit, pressData(form, AGENDA_VERBS.submit, late), inRepChat(formId))
      ).body.value;
      expect(text(refusal)).toContain('Fristen er overskredet');
      copies.push({ formId, data: pressData(refusal, AGENDA_VERBS.nextMeeting) });
    }
    expect(copies[0].data[CARD_TOKEN_FIELD]).not.toBe(copies[1].data[CARD_TOKEN_FIELD]);
    const answers = await Promise.all(
      copies.map((copy) => t.execute(rep, AGENDA_VERBS.nextMeeting, copy.data, inRepChat(copy.formId))),
    );
    expect(await itemIdOf('Sent forslag om vagtplan')).toHaveLength(1);
    for (const answer of answers) {
      expect(text(answer.body.value)).toContain('Kvittering');
      expect(text(answer.body.value)).toContain('Sent forslag om vagtplan');
      expect(text(answer.body.value)).not.toContain('Ret venligst');
    }
    // And once more, later, on the first copy's message: still the receipt.
    const again = await t.execute(
      rep,
      AGENDA_VERBS.nextMeeting,
      { meetingId: meetings.open },
      inRepChat('form-late-1'),
    );
    expect(text(again.body.value)).toContain('Kvittering');
  });

  it('makes the receipt that replaces the form the only copy; a rejection updates every copy and leaves no inputs', async () => {
    const before = t.connector.sent(`personal-${rep}`).length;
    const { itemId, card } = await submitted('Forslag om telefontider', 'form-receipt');
    expect(text(card)).toContain('Kvittering');
    const review = await reviewCopy(itemId);
    // No second receipt was posted beside the one in place of the form.
    expect(t.connector.sent(`personal-${rep}`).length).toBe(before);
    expect(text(review.card)).toContain('Begrundelse (kræves ved afvisning)');

    const reason = 'Hører under et andet forum.';
    const reject = pressData(review.card, AGENDA_VERBS.reject, { [`reason-${itemId}`]: reason });
    const decided = (await t.execute(sec, AGENDA_VERBS.reject, reject, inSek(review.activityId))).body.value;
    for (const card of [decided]) {
      expect(text(card)).toContain('Status: afvist');
      expect(text(card)).toContain(`Begrundelse: ${reason}`);
      expect(text(card)).not.toContain('Begrundelse (kræves');
      expect(text(card)).not.toContain('Flyt til møde');
      expect(verbsOf(card)).toEqual([]);
    }
    await t.runJobs();
    const receiptUpdate = t.connector
      .updates(`personal-${rep}`)
      .filter((c) => c.activityId === 'form-receipt')
      .at(-1)!;
    expect(text(FakeConnector.cardOf(receiptUpdate))).toContain('Status: afvist');
    expect(verbsOf(FakeConnector.cardOf(receiptUpdate))).toEqual([]);
    const reviewUpdate = t.connector
      .updates(SEK)
      .filter((c) => c.activityId === review.activityId)
      .at(-1)!;
    expect(text(FakeConnector.cardOf(reviewUpdate))).toContain('Status: afvist');
    expect(text(FakeConnector.cardOf(reviewUpdate))).not.toContain('Begrundelse (kræves');
  });

  it('answers a second reviewer and a stale copy with the current card, never an error', async () => {
    const { itemId } = await submitted('Forslag om nyt kursus', 'form-second');
    const review = await reviewCopy(itemId);
    const accept = pressData(review.card, AGENDA_VERBS.accept);
    const first = (await t.execute(sec, AGENDA_VERBS.accept, accept, inSek(review.activityId))).body.value;
    expect(text(first)).toContain('Status: godkendt til dagsordenen');
    // The other secretary presses Afvis on the same (now outdated) copy, with a reason.
    const late = await t.execute(
      sec2,
      AGENDA_VERBS.reject,
      pressData(review.card, AGENDA_VERBS.reject, { [`reason-${itemId}`]: 'Vi har ikke tid.' }),
      inSek(review.activityId),
    );
    expect(late.status).toBe(200);
    expect(text(late.body.value)).toContain('Status: godkendt til dagsordenen');
    expect(text(late.body.value)).not.toContain('Det kunne ikke lade sig gøre');
    const stored = await t.deps.db.query('SELECT status, version FROM agenda_items WHERE id = $1', [itemId]);
    expect(stored.rows[0]).toEqual({ status: 'godkendt', version: 2 });
    // The submitter's stale receipt: Træk tilbage answers with the current receipt.
    const receipt = await t.execute(rep, AGENDA_VERBS.withdraw, { itemId, version: 1 }, inRepChat('form-second'));
    expect(text(receipt.body.value)).toContain('Status: godkendt til dagsordenen');
  });

  it('offers "Til behandling" to the secretariat and the chair only, per meeting, as the review cards show each item', async () => {
    const open = await submitted('Punkt til køen', 'form-queue-1');
    const later = await submitted('Senere punkt til køen', 'form-queue-2', meetings.later);
    for (const who of [sec, chair])
      expect(verbsOf((await t.execute(who, MENU_VERB)).body.value)).toContain(AGENDA_VERBS.queue);
    expect(verbsOf((await t.execute(rep, MENU_VERB)).body.value)).not.toContain(AGENDA_VERBS.queue);
    expect(text((await t.execute(rep, AGENDA_VERBS.queue)).body)).toContain('Kun formanden og DDH-sekretariatet');

    const queue = (await t.execute(chair, AGENDA_VERBS.queue)).body.value;
    const page = text(queue);
    const order = [
      'Styregruppemøde 20.12.2026 kl. 10:00 (frist 06.12.2026 kl. 23:59)',
      'Punkt til køen',
      'Styregruppemøde 14.01.2027 kl. 10:00 (frist 31.12.2026 kl. 23:59)',
      'Senere punkt til køen',
    ].map((heading) => page.indexOf(heading));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const verb of [AGENDA_VERBS.accept, AGENDA_VERBS.reject, AGENDA_VERBS.move])
      pressData(queue, verb, {}, (data) => data.itemId === open.itemId);

    // The queue's entry and the delivered review card come from one builder: the same content.
    const review = await reviewCopy(open.itemId);
    const entryOf = (card: any): unknown =>
      JSON.parse(
        text(card)
          .replace(/,"(queue|ddhCard)":("[^"]*"|true)/g, '')
          .replace(/"ddhCard":"[^"]*",?/g, ''),
      );
    const delivered = (entryOf(review.card) as any).body[1].items;
    const queued = (entryOf(queue) as any).body
      .flatMap((el: any) => el.items ?? [])
      .flatMap((el: any) =>
        Array.isArray(el.items) && text(el).includes('Punkt til køen') && !text(el).includes('Senere')
          ? [el.items]
          : [],
      )[0];
    expect(queued).toEqual(delivered);
    void later;
  });

  it('approves from the queue: the queue says so and drops the item, and every delivered copy is updated', async () => {
    const [itemId] = await itemIdOf('Punkt til køen');
    const review = await reviewCopy(itemId);
    const queue = (await t.execute(sec, AGENDA_VERBS.queue)).body.value;
    const accept = pressData(queue, AGENDA_VERBS.accept, {}, (data) => data.itemId === itemId);
    const after = (await t.execute(sec, AGENDA_VERBS.accept, accept)).body.value;
    expect(text(after)).toContain(`Punkt ${itemId} «Punkt til køen» er godkendt til dagsordenen.`);
    expect(() => pressData(after, AGENDA_VERBS.accept, {}, (data) => data.itemId === itemId)).toThrow();
    await t.runJobs();
    const reviewUpdate = t.connector
      .updates(SEK)
      .filter((c) => c.activityId === review.activityId)
      .at(-1)!;
    expect(text(FakeConnector.cardOf(reviewUpdate))).toContain('Status: godkendt til dagsordenen');
    const receiptUpdate = t.connector
      .updates(`personal-${rep}`)
      .filter((c) => c.activityId === 'form-queue-1')
      .at(-1)!;
    expect(text(FakeConnector.cardOf(receiptUpdate))).toContain('Status: godkendt til dagsordenen');
    // The same button on the old queue card, pressed by the other secretary: the queue as it is now.
    const stale = (await t.execute(sec2, AGENDA_VERBS.reject, { ...accept, [`reason-${itemId}`]: 'Nej tak' })).body
      .value;
    expect(text(stale)).toContain('var allerede behandlet eller ændret');
  });

  it('rejects from the queue with the reason typed under that item', async () => {
    const [itemId] = await itemIdOf('Senere punkt til køen');
    const queue = (await t.execute(sec, AGENDA_VERBS.queue)).body.value;
    const reject = pressData(
      queue,
      AGENDA_VERBS.reject,
      { [`reason-${itemId}`]: 'Passer bedre i forummet' },
      (data) => data.itemId === itemId,
    );
    const after = (await t.execute(sec, AGENDA_VERBS.reject, reject)).body.value;
    expect(text(after)).toContain('er afvist');
    const stored = await t.deps.db.query('SELECT status, reason FROM agenda_items WHERE id = $1', [itemId]);
    expect(stored.rows[0]).toEqual({ status: 'afvist', reason: 'Passer bedre i forummet' });
  });

  it('lets a reviewer who submits keep one card: the review card in place of the form, no receipt beside it', async () => {
    const form = (await t.execute(sec, AGENDA_VERBS.open, {}, { replyToId: 'sec-form' })).body.value;
    const answer = (
      await t.execute(sec, AGENDA_VERBS.submit, pressData(form, AGENDA_VERBS.submit, typed('Sekretariatets punkt')), {
        replyToId: 'sec-form',
      })
    ).body.value;
    expect(verbsOf(answer)).toEqual([AGENDA_VERBS.accept, AGENDA_VERBS.reject, AGENDA_VERBS.move]);
    await t.runJobs();
    const [itemId] = await itemIdOf('Sekretariatets punkt');
    const copies = await t.deps.db.query<{ card_ref: string; conversation_id: string; activity_id: string }>(
      `SELECT card_ref, conversation_id, activity_id FROM sent_cards WHERE card_ref LIKE $1 ORDER BY conversation_id`,
      [`agenda-%:${itemId}`],
    );
    expect(copies.rows).toEqual([
      { card_ref: `agenda-review:${itemId}`, conversation_id: SEK, activity_id: expect.any(String) },
      { card_ref: `agenda-review:${itemId}`, conversation_id: `personal-${sec}`, activity_id: 'sec-form' },
    ]);
    expect(
      t.connector.sent(`personal-${sec}`).filter((c) => text(FakeConnector.cardOf(c)).includes('Sekretariatets punkt')),
    ).toEqual([]);
  });
});
