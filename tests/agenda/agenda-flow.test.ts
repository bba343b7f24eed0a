import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';

const cardOf = (res: { body: any }) => res.body?.value;
const textOf = (x: unknown) => JSON.stringify(x);

describe('agenda items by card', () => {
  let t: TestApp;
  const rep = '55555555-0000-4000-8000-000000000001';
  const sec = '55555555-0000-4000-8000-000000000002';
  const agent = '55555555-0000-4000-8000-000000000003';
  let lateMeeting: number;
  let openMeeting: number;
  let itemId: number;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z' });
    const db = t.deps.db;
    await addMembers(db, [791, 751]);
    const r = await addPerson(db, { name: 'Rikke Repræsentant', objectId: rep, roles: [[791, 'repraesentant']] });
    const s = await addPerson(db, { name: 'Søren Sekretær', objectId: sec, secretariat: true });
    await addPerson(db, { name: 'Aske Agent', objectId: agent, roles: [[791, 'agent']] });
    await addConversation(db, t.connector.url, { id: `personal-${rep}`, personId: r.id, objectId: rep });
    await addConversation(db, t.connector.url, { id: `personal-${sec}`, personId: s.id, objectId: sec });
    await addConversation(db, t.connector.url, { id: '19:sekretariat@thread.v2', type: 'groupChat' });
    await addConversation(db, t.connector.url, { id: '19:styregruppe@thread.v2', type: 'groupChat' });
    await setNamedConversation(db, 'sekretariat', '19:sekretariat@thread.v2');
    await setNamedConversation(db, 'styregruppe', '19:styregruppe@thread.v2');
    lateMeeting = (await addMeeting(db, { startsAt: '2026-12-05T09:00:00Z', place: 'Viborg Rådhus', host: 791 })).id;
    openMeeting = (await addMeeting(db, { startsAt: '2026-12-20T09:00:00Z', place: 'Aarhus Rådhus', host: 751 })).id;
  });
  afterAll(() => t.stop());

  const fields = (meetingId: number) => ({
    meetingId: String(meetingId),
    title: 'Vagtplanen ${1+1} <b>2027</b>',
    markers: 'O,B',
    presenter: 'Rikke Repræsentant, Viborg',
    introduction: 'Forslag til ny vagtplan.',
    recommendation: 'Det indstilles, at vagtplanen godkendes.',
    attachment1Name: 'Vagtplan',
    attachment1Url: 'https://eksempel.dk/vagtplan.xlsx',
  });

  it('offers the form only to those who may submit, with the meetings still open', async () => {
    const form = await t.execute(rep, AGENDA_VERBS.open);
    const card = cardOf(form);
    expect(textOf(card)).toContain('Nyt dagsordenspunkt');
    expect(textOf(card)).toContain(String(openMeeting));
    expect(textOf(card)).not.toContain(`"value":"${lateMeeting}"`);
    expect(textOf((await t.execute(agent, AGENDA_VERBS.open)).body)).toContain('Kun repræsentanter');
  });

  it('refuses a late item, shows the deadline, keeps the draft and offers the next meeting', async () => {
    const res = await t.execute(rep, AGENDA_VERBS.submit, fields(lateMeeting));
    const card = cardOf(res);
    expect(textOf(card)).toContain('Fristen er overskredet');
    expect(textOf(card)).toContain('21.11.2026');
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM agenda_items')).rows[0].n).toBe(0);
    const draft = await t.deps.db.query<{ data: any }>('SELECT data FROM agenda_drafts');
    expect(draft.rows[0].data.title).toBe('Vagtplanen ${1+1} <b>2027</b>');
    const form = cardOf(await t.execute(rep, AGENDA_VERBS.open));
    expect(textOf(form)).toContain('Vagtplanen ${1+1} <b>2027</b>');
  });

  it('sends the kept draft to the next open meeting with one press', async () => {
    const res = await t.execute(rep, AGENDA_VERBS.nextMeeting, { meetingId: openMeeting });
    expect(textOf(cardOf(res))).toContain('Kvittering');
    const row = await t.deps.db.query<{ id: number; meeting_id: number; title: string; late: boolean }>(
      'SELECT id, meeting_id, title, late FROM agenda_items',
    );
    expect(row.rows).toEqual([
      { id: expect.any(Number), meeting_id: openMeeting, title: 'Vagtplanen ${1+1} <b>2027</b>', late: false },
    ]);
    itemId = row.rows[0].id;
    await t.runJobs();
    expect(textOf(FakeConnector.cardOf(t.connector.sent('19:sekretariat@thread.v2')[0]))).toContain('Godkend');
    expect(t.connector.sent(`personal-${rep}`)).toHaveLength(1);
  });

  it('refuses forged and invalid submissions without changing anything', async () => {
    const before = (await t.deps.db.query('SELECT count(*)::int AS n FROM agenda_items')).rows[0].n;
    expect(textOf((await t.execute(agent, AGENDA_VERBS.submit, fields(openMeeting))).body)).toContain(
      'Kun repræsentanter',
    );
    expect(
      textOf((await t.execute(rep, AGENDA_VERBS.submit, { ...fields(openMeeting), meetingId: '999999' })).body),
    ).toContain('Mødet blev ikke fundet');
    const invalid = cardOf(
      await t.execute(rep, AGENDA_VERBS.submit, {
        ...fields(openMeeting),
        attachment1Url: 'http://usikker.dk',
        recommendation: '',
      }),
    );
    expect(textOf(invalid)).toContain('https-link');
    expect(textOf(invalid)).toContain('indstilling');
    expect(textOf((await t.execute(rep, AGENDA_VERBS.accept, { itemId, version: 1 })).body)).toContain(
      'Kun formanden og DDH-sekretariatet',
    );
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM agenda_items')).rows[0].n).toBe(before);
  });

  it("lets the secretariat accept, updating the submitter's receipt in place; a stale card changes nothing", async () => {
    const res = await t.execute(sec, AGENDA_VERBS.accept, { itemId, version: 1 });
    expect(textOf(cardOf(res))).toContain('godkendt');
    const stale = cardOf(await t.execute(sec, AGENDA_VERBS.reject, { itemId, version: 1, reason: 'for sent' }));
    expect(textOf(stale)).toContain('godkendt til dagsordenen');
    expect(textOf(stale)).not.toContain('Begrundelse');
    await t.runJobs();
    const update = t.connector.updates(`personal-${rep}`).at(-1)!;
    expect(textOf(FakeConnector.cardOf(update))).toContain('godkendt til dagsordenen');
  });

  it("publishes the agenda as a Word document in seed 003's layout, to the committee and the representatives", async () => {
    const res = await t.execute(sec, AGENDA_VERBS.publish, { meetingId: openMeeting });
    const card = cardOf(res);
    expect(textOf(card)).toContain('Vagtplanen ${1+1} <b>2027</b> (O, B)');
    await t.runJobs();
    expect(t.connector.sent('19:styregruppe@thread.v2')).toHaveLength(1);
    expect(t.connector.sent(`personal-${rep}`).length).toBeGreaterThanOrEqual(2);
    const url = new URL(textOf(card).match(/"url":"([^"]+dagsorden\.docx[^"]+)"/)![1]);
    const doc = await fetch(`${t.url}${url.pathname}${url.search}`);
    expect(doc.status).toBe(200);
    const xml = await (
      await JSZip.loadAsync(Buffer.from(await doc.arrayBuffer()))
    )
      .file('word/document.xml')!
      .async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('Dagsorden Styregruppemøde – Den Digitale Hotline');
    const order = [
      '1. Velkomst',
      '2. Godkendelse af dagens dagsorden',
      '4. Vagtplanen ${1+1} &lt;b&gt;2027&lt;/b&gt; (O, B)',
      '5. Evt.',
    ].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Det indstilles, at vagtplanen godkendes.');
    expect((await fetch(`${t.url}${url.pathname}?v=1&sig=forfalsket`)).status).toBe(403);
    const engage = await t.deps.db.query("SELECT count(*)::int AS n FROM timers WHERE key LIKE 'engage:post:agenda:%'");
    expect(engage.rows[0].n).toBe(1);
  });
});
