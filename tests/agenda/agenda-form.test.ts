/**
 * The submission form through the real server: "Tilføj underpunkt" adds one sub-item slot at a time and keeps what
 * was typed (for a new item as the draft, for a submitted item on the form), any number of sub-items each with its
 * own title, markers and text, and nothing on the form blocks that button (no required inputs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { testDatabases } from '../support/databases.js';
import { pressData, startAgendaWorld, type AgendaWorld } from './agenda-fixtures.js';

const inputIds = (card: unknown): string[] =>
  JSON.stringify(card)
    .match(/"id":"sub\d+(Title|Markers|Text)"/g)!
    .map((m) => m.slice(6, -1));

describe.each(testDatabases())('the agenda form on %s', (kind) => {
  let w: AgendaWorld;
  let rep: string;
  beforeAll(async () => {
    w = await startAgendaWorld(kind);
    rep = w.rep.entraObjectId!;
  });
  afterAll(() => w.t.stop());

  it('adds sub-items one at a time, keeping what was typed, and submits them all with their own text', async () => {
    let form = (await w.t.execute(rep, AGENDA_VERBS.open)).body.value;
    expect(JSON.stringify(form)).not.toContain('"isRequired":true');
    expect(JSON.stringify(form)).not.toContain('sub1Title');
    const typed: Record<string, string> = {
      meetingId: String(w.openMeeting.id),
      title: 'Chatbot udbud',
      markers: 'O,D',
    };
    const subs = [
      ['Status for udbudsprocessen', 'O', 'Der gives en status.'],
      ['Finansieringsplan', 'O,D', 'Planen gennemgås.'],
      ['Tilslutningsaftaler', 'O', ''],
    ];
    for (const [n, [title, markers, text]] of subs.entries()) {
      // Only the title of the item is filled in so far: the button is not blocked and what was typed comes back.
      form = (await w.t.execute(rep, AGENDA_VERBS.addSubItem, pressData(form, AGENDA_VERBS.addSubItem, typed))).body
        .value;
      expect(inputIds(form)).toHaveLength(3 * (n + 1));
      expect(JSON.stringify(form)).toContain('"value":"Chatbot udbud"');
      Object.assign(typed, { [`sub${n + 1}Title`]: title, [`sub${n + 1}Markers`]: markers, [`sub${n + 1}Text`]: text });
    }
    const draft = await w.db.query<{ data: Record<string, string> }>(
      'SELECT data FROM agenda_drafts WHERE person_id = $1',
      [w.rep.id],
    );
    expect(draft.rows[0].data).toMatchObject({ subCount: '3', sub2Title: 'Finansieringsplan' });
    const answer = (
      await w.t.execute(
        rep,
        AGENDA_VERBS.submit,
        pressData(form, AGENDA_VERBS.submit, { ...typed, presenter: 'Rikke, Viborg' }),
      )
    ).body.value;
    expect(JSON.stringify(answer)).toContain('Kvittering');
    const item = await w.db.query<{ sub_items: unknown }>(
      `SELECT sub_items FROM agenda_items WHERE title = 'Chatbot udbud'`,
    );
    expect(item.rows[0].sub_items).toEqual(
      subs.map(([title, markers, text]) => ({ title, markers: markers.split(','), text })),
    );
  });

  it('adds a slot to the form of a submitted item without saving anything until it is sent', async () => {
    const [{ id }] = (await w.db.query<{ id: number }>(`SELECT id FROM agenda_items WHERE title = 'Chatbot udbud'`))
      .rows;
    const receipt = (await w.t.execute(rep, AGENDA_VERBS.editOpen, { itemId: id, version: 1 })).body.value;
    expect(inputIds(receipt)).toHaveLength(9);
    const more = (
      await w.t.execute(
        rep,
        AGENDA_VERBS.addSubItem,
        pressData(receipt, AGENDA_VERBS.addSubItem, { title: 'Chatbot udbud, rettet' }),
      )
    ).body.value;
    expect(inputIds(more)).toHaveLength(12);
    expect(JSON.stringify(more)).toContain('"value":"Chatbot udbud, rettet"');
    expect(pressData(more, AGENDA_VERBS.edit)).toMatchObject({ itemId: id, version: 1 });
    const stored = await w.db.query('SELECT title, version FROM agenda_items WHERE id = $1', [id]);
    expect(stored.rows[0]).toEqual({ title: 'Chatbot udbud', version: 1 });
  });
});
