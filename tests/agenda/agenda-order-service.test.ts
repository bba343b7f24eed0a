/**
 * OrderService's contract: only the chair and the secretariat order an agenda, refused before any lookup; accepted
 * items move one step at a time and the published agenda follows; a press carrying an order that is no longer the
 * order moves nothing; sub-items move within their item and every copy of the item's cards shows the new order.
 * And through the real server: the overview's "Rækkefølge" and the Op/Ned buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { buildAgendaOverviewCard } from '../../src/agenda/agenda-meeting-cards.js';
import { testDatabases } from '../support/databases.js';
import { expectRefusal, itemFields, pressData, startAgendaWorld, type AgendaWorld } from './agenda-fixtures.js';

describe.each(testDatabases())('OrderService on %s', (kind) => {
  let w: AgendaWorld;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    w = await startAgendaWorld(kind);
    for (const title of ['Vagtplan', 'Budget', 'Chatbot']) {
      const outcome = await w.agenda.submissions.submit(w.rep, {
        ...itemFields(w.laterMeeting.id, title),
        ...(title === 'Chatbot'
          ? {
              subCount: '3',
              sub1Title: 'Status',
              sub1Markers: 'O',
              sub2Title: 'Finansiering',
              sub2Markers: 'B',
              sub3Title: 'Aftaler',
              sub3Markers: 'O',
              sub3Text: 'Udkast vedlagt.',
            }
          : {}),
      });
      if (outcome.kind !== 'submitted') throw new Error(outcome.kind);
      ids[title] = outcome.receipt.item.id;
      await w.agenda.reviews.review(w.chair, 'accept', { itemId: ids[title], version: 1 });
    }
  });
  afterAll(() => w.t.stop());

  const order = () => w.agenda.order;
  const titles = async () => (await order().order(w.secretary, w.laterMeeting.id)).items.map((item) => item.title);

  it('refuses everyone but the chair and the secretariat, the same for a missing meeting', async () => {
    const message = 'Kun formanden og DDH-sekretariatet kan ændre rækkefølgen på dagsordenen.';
    for (const meetingId of [w.laterMeeting.id, 999_999]) {
      await expectRefusal(order().order(w.rep, meetingId), 'FORBIDDEN', message);
      await expectRefusal(
        order().moveItem(w.agent, { meetingId, itemId: ids.Budget, direction: 'up', seenOrder: '' }),
        'FORBIDDEN',
        message,
      );
    }
    await expectRefusal(order().order(w.secretary, 999_999), 'NOT_FOUND');
  });

  it('moves an accepted item one step; the published agenda follows the order', async () => {
    expect(await titles()).toEqual(['Vagtplan', 'Budget', 'Chatbot']);
    const seenOrder = [ids.Vagtplan, ids.Budget, ids.Chatbot].join(',');
    const view = await order().moveItem(w.chair, {
      meetingId: w.laterMeeting.id,
      itemId: ids.Chatbot,
      direction: 'up',
      seenOrder,
    });
    expect(view.items.map((item) => item.title)).toEqual(['Vagtplan', 'Chatbot', 'Budget']);
    expect(await titles()).toEqual(['Vagtplan', 'Chatbot', 'Budget']);
    // The same press from the card that showed the old order moves nothing and says why.
    const stale = await order().moveItem(w.secretary, {
      meetingId: w.laterMeeting.id,
      itemId: ids.Chatbot,
      direction: 'up',
      seenOrder,
    });
    expect(stale.notice).toContain('Rækkefølgen var ændret');
    expect(await titles()).toEqual(['Vagtplan', 'Chatbot', 'Budget']);
    const published = await w.agenda.publishing.publish(w.secretary, w.laterMeeting.id);
    expect(published.items.map((item) => `${item.number}. ${item.title}`).slice(3, 6)).toEqual([
      '4. Vagtplan',
      '5. Chatbot',
      '6. Budget',
    ]);
  });

  it('moves a sub-item within its item and updates every copy of the item’s cards', async () => {
    const item = (await order().order(w.chair, w.laterMeeting.id)).items.find((it) => it.id === ids.Chatbot)!;
    const view = await order().moveSubItem(w.chair, {
      meetingId: w.laterMeeting.id,
      itemId: item.id,
      version: item.version,
      index: 2,
      direction: 'up',
    });
    const moved = view.items.find((it) => it.id === ids.Chatbot)!;
    expect(moved.subItems.map((sub) => sub.title)).toEqual(['Status', 'Aftaler', 'Finansiering']);
    expect(moved.subItems[1].text).toBe('Udkast vedlagt.');
    expect(moved.version).toBe(item.version + 1);
    const stale = await order().moveSubItem(w.chair, {
      meetingId: w.laterMeeting.id,
      itemId: item.id,
      version: item.version,
      index: 1,
      direction: 'down',
    });
    expect(stale.notice).toContain('Rækkefølgen var ændret');
    const cards = await w.db.query<{ card: unknown }>('SELECT card FROM card_refs WHERE card_ref IN ($1, $2)', [
      `agenda-receipt:${item.id}`,
      `agenda-review:${item.id}`,
    ]);
    for (const row of cards.rows) {
      const card = JSON.stringify(row.card);
      expect(card.indexOf('b. Aftaler')).toBeGreaterThan(card.indexOf('a. Status'));
      expect(card.indexOf('c. Finansiering')).toBeGreaterThan(card.indexOf('b. Aftaler'));
    }
  });

  it('offers "Rækkefølge" on the overview (with the meeting id) and moves items with Op/Ned through the server', async () => {
    const secretary = w.secretary.entraObjectId!;
    const overview = buildAgendaOverviewCard(await w.agenda.publishing.overview(w.secretary));
    expect(pressData(overview, AGENDA_VERBS.order, {}, (data) => data.meetingId === w.laterMeeting.id)).toBeTruthy();
    expect(JSON.stringify(overview)).toContain(`{"title":"Møde-id","value":"${w.laterMeeting.id}"}`);
    const card = (await w.t.execute(secretary, AGENDA_VERBS.order, { meetingId: w.laterMeeting.id })).body.value;
    expect(JSON.stringify(card)).toContain('4. Vagtplan');
    const down = pressData(
      card,
      AGENDA_VERBS.moveItem,
      {},
      (data) => data.itemId === ids.Vagtplan && data.direction === 'down',
    );
    const after = (await w.t.execute(secretary, AGENDA_VERBS.moveItem, down)).body.value;
    const text = JSON.stringify(after);
    expect(text.indexOf('4. Chatbot')).toBeGreaterThan(-1);
    expect(text.indexOf('5. Vagtplan')).toBeGreaterThan(text.indexOf('4. Chatbot'));
  });
});
