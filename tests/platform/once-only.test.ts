/**
 * Every press counts once: the same button on the same card instance by the same person is acted on once, whether it
 * arrives twice at the same moment (double-click, two devices) or again later (Teams retries), and the repeat gets the
 * first press's answer, never an error or an empty form. Tested through the real server with real card verbs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { CARD_TOKEN_FIELD } from '../../src/platform/card-stamp.js';
import { FakeConnector } from '../support/fake-connector.js';

/** The data a press of the button with `verb` sends: the card's own data plus what the person typed. */
function pressData(card: any, verb: string, typed: Record<string, unknown> = {}): Record<string, unknown> {
  const found: any[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ((v.type === 'Action.Execute' || v.type === 'Action.Submit') && v.verb === verb) found.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  if (!found.length) throw new Error(`no button ${verb} on the card`);
  return { ...found[0].data, ...typed };
}

describe.each(testDatabases())('once-only card presses on %s', (kind) => {
  let t: TestApp;
  const rep = '66666666-0000-4000-8000-000000000001';
  const sec = '66666666-0000-4000-8000-000000000002';
  const sec2 = '66666666-0000-4000-8000-000000000003';
  let meetingId: number;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database: kind });
    const db = t.deps.db;
    await addMembers(db, [791]);
    const r = await addPerson(db, { name: 'Rita Repræsentant', objectId: rep, roles: [[791, 'repraesentant']] });
    await addPerson(db, { name: 'Sune Sekretær', objectId: sec, secretariat: true });
    await addPerson(db, { name: 'Selma Sekretær', objectId: sec2, secretariat: true });
    await addConversation(db, t.connector.url, { id: `personal-${rep}`, personId: r.id, objectId: rep });
    await addConversation(db, t.connector.url, { id: '19:sek@thread.v2', type: 'groupChat' });
    await setNamedConversation(db, 'sekretariat', '19:sek@thread.v2');
    meetingId = (await addMeeting(db, { startsAt: '2026-12-20T09:00:00Z', place: 'Viborg Rådhus', host: 791 })).id;
  });
  afterAll(() => t.stop());

  const typed = () => ({
    meetingId: String(meetingId),
    title: 'Ny vagtplan',
    markers: 'O',
    presenter: 'Rita Repræsentant, Viborg',
    introduction: 'Forslag.',
  });
  const items = async () =>
    (await t.deps.db.query<{ id: number }>('SELECT id FROM agenda_items ORDER BY id')).rows.map((r) => r.id);

  it('stamps every button of every card it answers with a card instance token', async () => {
    const form = (await t.execute(rep, AGENDA_VERBS.open)).body.value;
    const token = pressData(form, AGENDA_VERBS.submit)[CARD_TOKEN_FIELD];
    expect(token).toEqual(expect.any(String));
    const again = (await t.execute(rep, AGENDA_VERBS.open)).body.value;
    expect(pressData(again, AGENDA_VERBS.submit)[CARD_TOKEN_FIELD]).not.toBe(token);
  });

  it('turns a double-click on "Send til sekretariatet" into one item, one receipt and the same answer twice', async () => {
    const before = await items();
    const form = (await t.execute(rep, AGENDA_VERBS.open)).body.value;
    const data = pressData(form, AGENDA_VERBS.submit, typed());
    const [first, second] = await Promise.all([
      t.execute(rep, AGENDA_VERBS.submit, data),
      t.execute(rep, AGENDA_VERBS.submit, data),
    ]);
    const created = (await items()).filter((id) => !before.includes(id));
    expect(created).toHaveLength(1);
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body.value)).toContain('Kvittering');
      expect(JSON.stringify(res.body.value)).not.toContain('Ret venligst');
    }
    await t.runJobs();
    const reviews = t.connector.sent('19:sek@thread.v2').filter((c) => {
      const card = FakeConnector.cardOf(c);
      return card && JSON.stringify(card).includes('Ny vagtplan');
    });
    expect(reviews).toHaveLength(1);

    // Teams retrying the same press a while later gets the same answer and changes nothing.
    const retry = await t.execute(rep, AGENDA_VERBS.submit, data);
    expect(JSON.stringify(retry.body.value)).toContain('Kvittering');
    expect((await items()).filter((id) => !before.includes(id))).toHaveLength(1);
  });

  it('acts on a corrected press of a button whose first press was refused', async () => {
    const before = await items();
    const form = (await t.execute(rep, AGENDA_VERBS.open)).body.value;
    const data = pressData(form, AGENDA_VERBS.submit, typed());
    await t.execute(rep, AGENDA_VERBS.submit, data);
    const [itemId] = (await items()).filter((id) => !before.includes(id));
    await t.runJobs();
    const review = FakeConnector.cardOf(
      t.connector
        .sent('19:sek@thread.v2')
        .filter((c) => JSON.stringify(FakeConnector.cardOf(c) ?? {}).includes(`"itemId":${itemId}`))
        .at(-1)!,
    );
    const reject = pressData(review, AGENDA_VERBS.reject);
    const refused = await t.execute(sec, AGENDA_VERBS.reject, { ...reject, reason: '' });
    expect(JSON.stringify(refused.body)).toContain('begrundelse');
    const done = await t.execute(sec, AGENDA_VERBS.reject, { ...reject, reason: 'Hører under et andet forum.' });
    expect(JSON.stringify(done.body.value)).toContain('afvist');
    const status = await t.deps.db.query<{ status: string }>('SELECT status FROM agenda_items WHERE id = $1', [itemId]);
    expect(status.rows[0].status).toBe('afvist');
  });

  it("opens a menu button's card again when pressed again later, but not on a double-click", async () => {
    const menu = (await t.execute(sec, 'menu.show')).body.value;
    const posted = () => t.connector.sent(`personal-${sec}`).length;
    const press = () => t.execute(sec, 'agenda.overview', pressData(menu, 'agenda.overview'));
    // The overview is a new message: a double-click posts it once.
    const before = posted();
    await Promise.all([press(), press()]);
    expect(posted() - before).toBe(1);
    // A minute later the same button on the same menu card opens it again.
    await t.deps.db.query(`UPDATE card_presses SET done_at = now() - interval '1 minute'`);
    await press();
    expect(posted() - before).toBe(2);
  });

  it('lets two people press the same button on one shared card, each once', async () => {
    const before = await items();
    const form = (await t.execute(rep, AGENDA_VERBS.open)).body.value;
    await t.execute(rep, AGENDA_VERBS.submit, pressData(form, AGENDA_VERBS.submit, typed()));
    const [itemId] = (await items()).filter((id) => !before.includes(id));
    await t.runJobs();
    const review = FakeConnector.cardOf(
      t.connector
        .sent('19:sek@thread.v2')
        .filter((c) => JSON.stringify(FakeConnector.cardOf(c) ?? {}).includes(`"itemId":${itemId}`))
        .at(-1)!,
    );
    const accept = pressData(review, AGENDA_VERBS.accept);
    const [a, b] = await Promise.all([
      t.execute(sec, AGENDA_VERBS.accept, accept),
      t.execute(sec2, AGENDA_VERBS.accept, accept),
    ]);
    // One of them approved it; the other one's press was acted on too and found it already approved.
    const bodies = [a, b].map((r) => JSON.stringify(r.body));
    expect(bodies.some((x) => x.includes('godkendt'))).toBe(true);
    const presses = await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM card_presses WHERE done');
    expect(presses.rows[0].n).toBeGreaterThanOrEqual(1);
  });
});
