/**
 * Interaction integrity for votes (issue 17): every state-changing press acts once, also when pressed twice at the
 * same moment or on a stale copy by a second person, and is answered with the vote's current card, never an error;
 * "Luk afstemningen" is on the shared card and stays there when it is updated; a closed vote shows its outcome with
 * no buttons; the chair's and the secretariat's queue "Åbne afstemninger" shows the same card body as the chat.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { VOTING_VERBS } from '../../src/voting/voting-cards.js';
import { CARD_TOKEN_FIELD } from '../../src/platform/card-stamp.js';
import { decisionsReportCommand } from '../../src/voting/voting-cli.js';
import { addMeeting } from '../support/registry-fixtures.js';

const json = (x: unknown) => JSON.stringify(x);
const chat = { conversationId: '19:styregruppe-integritet@thread.v2', conversationType: 'groupChat' as const };
const oid = (n: number) => `c1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const who = { chair: oid(1), member: oid(2), deputy: oid(3), odense: oid(4), secretary: oid(5), secretary2: oid(6) };

/** Every Action.Execute on a card. */
function actionsOf(card: any): any[] {
  const found: any[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.type === 'Action.Execute') found.push(v);
      Object.entries(v).forEach(([k, x]) => k !== 'refresh' && walk(x));
    }
  };
  walk(card);
  return found;
}
const titles = (card: any) => actionsOf(card).map((a) => a.title);
/** The data a press of the button sends (with the card instance's token). */
const pressData = (card: any, verb: string, title?: string) => {
  const action = actionsOf(card).find((a) => a.verb === verb && (!title || a.title === title));
  if (!action) throw new Error(`no ${verb} ${title ?? ''} on the card`);
  return { ...action.data };
};

describe.each(testDatabases())('vote cards stay true on %s', (database) => {
  let t: TestApp;
  const people = {} as Record<keyof typeof who, number>;
  const startVote = async (question: string) => {
    await t.execute(who.chair, VOTING_VERBS.start, { question }, chat);
    const voteId = (await t.deps.db.query<{ id: number }>('SELECT max(id) AS id FROM votes')).rows[0].id;
    await t.runJobs();
    return voteId;
  };
  /** The card the chat shows now: the last update of the vote's message, or the message as first sent. */
  const chatCard = async (voteId: number) => {
    const copy = await t.deps.db.query<{ activity_id: string }>(
      'SELECT activity_id FROM sent_cards WHERE card_ref = $1 AND conversation_id = $2',
      [`vote:${voteId}`, chat.conversationId],
    );
    const update = t.connector
      .updates(chat.conversationId)
      .filter((c) => c.activityId === copy.rows[0].activity_id)
      .at(-1);
    const sent = t.connector
      .sent(chat.conversationId)
      .find((c) => json(FakeConnector.cardOf(c) ?? {}).includes(`"voteId":${voteId}`));
    return FakeConnector.cardOf(update ?? sent!);
  };
  /** An answer without the card instance tokens the platform stamps on every card it sends. */
  const unstamped = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(unstamped)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([k]) => k !== CARD_TOKEN_FIELD)
              .map(([k, v]) => [k, unstamped(v)]),
          )
        : value;
  /** Whether some container's items in `card` equal `body` (key order aside: cards pass through jsonb). */
  const holdsBody = (card: any, body: unknown): boolean =>
    Array.isArray(card)
      ? card.some((x) => holdsBody(x, body))
      : card && typeof card === 'object'
        ? (card.type === 'Container' && isDeepStrictEqual(unstamped(card.items), unstamped(body))) ||
          Object.values(card).some((x) => holdsBody(x, body))
        : false;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database });
    const db = t.deps.db;
    people.chair = (await addPerson(db, { name: 'Cilla Formand', objectId: who.chair })).id;
    people.member = (await addPerson(db, { name: 'Mads Medlem', objectId: who.member })).id;
    people.deputy = (await addPerson(db, { name: 'Didde Suppleant', objectId: who.deputy })).id;
    people.odense = (await addPerson(db, { name: 'Ove Odense', objectId: who.odense })).id;
    people.secretary = (await addPerson(db, { name: 'Sara Sekretær', objectId: who.secretary, secretariat: true })).id;
    people.secretary2 = (
      await addPerson(db, { name: 'Sune Sekretær', objectId: who.secretary2, secretariat: true })
    ).id;
    await setCommittee(db, {
      chairId: people.chair,
      seats: [
        { code: 751, memberId: people.chair },
        { code: 791, memberId: people.member, deputyId: people.deputy },
        { code: 461, memberId: people.odense },
      ],
    });
    await addConversation(db, t.connector.url, { id: chat.conversationId, type: 'groupChat' });
  });
  afterAll(() => t.stop());

  it('has "Luk afstemningen" on the shared card, also after it is updated; every button declares its inputs', async () => {
    const voteId = await startVote('Skal vagtplanen for 2027 godkendes?');
    const shared = await chatCard(voteId);
    expect(titles(shared)).toEqual(['For', 'Imod', 'Undlader', 'Luk afstemningen']);
    expect(actionsOf(shared).every((a) => a.associatedInputs === 'none')).toBe(true);
    await t.execute(who.member, VOTING_VERBS.cast, pressData(shared, VOTING_VERBS.cast, 'For'), chat);
    await t.runJobs();
    const updated = await chatCard(voteId);
    expect(json(updated)).toContain('1 af 3 har stemt');
    expect(titles(updated)).toContain('Luk afstemningen');
    // The person's own view: a member may not close; the chair may.
    expect(titles((await t.execute(who.member, VOTING_VERBS.refresh, { voteId }, chat)).body.value)).not.toContain(
      'Luk afstemningen',
    );
    expect(titles((await t.execute(who.chair, VOTING_VERBS.refresh, { voteId }, chat)).body.value)).toContain(
      'Luk afstemningen',
    );
    // The server decides: a member pressing it on the shared card is refused and the vote stays open.
    const refused = await t.execute(who.member, VOTING_VERBS.close, pressData(updated, VOTING_VERBS.close), chat);
    expect(json(refused.body)).toContain('Kun formanden og DDH-sekretariatet');
    expect((await t.deps.db.query('SELECT status FROM votes WHERE id = $1', [voteId])).rows[0].status).toBe('open');
  });

  it('acts once on a double press of a ballot, and on a member and deputy pressing at the same moment', async () => {
    const voteId = await startVote('Dobbelttryk på en stemme');
    const shared = await chatCard(voteId);
    const data = pressData(shared, VOTING_VERBS.cast, 'Imod');
    const [first, second] = await Promise.all([
      t.execute(who.odense, VOTING_VERBS.cast, data, chat),
      t.execute(who.odense, VOTING_VERBS.cast, data, chat),
    ]);
    expect(unstamped(first.body)).toEqual(unstamped(second.body));
    const [member, deputy] = await Promise.all([
      t.execute(who.member, VOTING_VERBS.cast, pressData(shared, VOTING_VERBS.cast, 'For'), chat),
      t.execute(who.deputy, VOTING_VERBS.cast, pressData(shared, VOTING_VERBS.cast, 'Undlader'), chat),
    ]);
    for (const answer of [member, deputy]) expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const ballots = await t.deps.db.query(
      'SELECT municipality_code, choice, cast_by FROM ballots WHERE vote_id = $1 ORDER BY 1',
      [voteId],
    );
    // Whichever came first, the member's own ballot stands for Viborg.
    expect(ballots.rows).toEqual([
      { municipality_code: 461, choice: 'imod', cast_by: people.odense },
      { municipality_code: 791, choice: 'for', cast_by: people.member },
    ]);
    const counted = await t.deps.db.query(
      "SELECT count(*)::int AS n FROM ballot_audit WHERE vote_id = $1 AND person_id = $2 AND outcome = 'counted'",
      [voteId, people.odense],
    );
    expect(counted.rows[0].n).toBe(1);
  });

  it('closes once when two press "Luk afstemningen" together; both, and later stale presses, get the closed card', async () => {
    const voteId = await startVote('To lukker samtidig');
    const shared = await chatCard(voteId);
    await t.execute(who.odense, VOTING_VERBS.cast, pressData(shared, VOTING_VERBS.cast, 'For'), chat);
    await t.execute(who.chair, VOTING_VERBS.cast, pressData(shared, VOTING_VERBS.cast, 'For'), chat);
    const close = pressData(shared, VOTING_VERBS.close);
    const answers = await Promise.all([
      t.execute(who.chair, VOTING_VERBS.close, close, chat),
      t.execute(who.secretary, VOTING_VERBS.close, close, chat),
      t.execute(who.secretary, VOTING_VERBS.close, close, chat),
    ]);
    for (const answer of answers) {
      expect(json(answer.body.value)).toContain('Resultat: vedtaget');
      expect(actionsOf(answer.body.value)).toEqual([]);
    }
    const decisions = await t.deps.db.query('SELECT count(*)::int AS n FROM decisions WHERE vote_id = $1', [voteId]);
    expect(decisions.rows[0].n).toBe(1);
    // A ballot pressed on the stale copy: the current card, saying why it did not count, not an error.
    const late = await t.execute(who.member, VOTING_VERBS.cast, pressData(shared, VOTING_VERBS.cast, 'Imod'), chat);
    expect(late.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(json(late.body.value)).toContain('afstemningen er lukket');
    expect(json(late.body.value)).toContain('Resultat: vedtaget');
  });

  it('shows a closed vote on the shared card with its outcome, and no buttons, inputs or refresh', async () => {
    const voteId = (await t.deps.db.query<{ id: number }>('SELECT max(id) AS id FROM votes')).rows[0].id;
    await t.runJobs();
    const closed = await chatCard(voteId);
    expect(json(closed)).toContain('Afstemningen er lukket');
    expect(json(closed)).toContain('Resultat: vedtaget');
    expect(actionsOf(closed)).toEqual([]);
    expect(json(closed)).not.toMatch(/"Input\./);
    expect(closed.refresh).toBeUndefined();
    // The outcome's colour is the container's style, the text stays default-coloured.
    expect(json(closed)).toContain('"style":"good"');
    expect(json(closed)).not.toContain('"color":"Good"');
  });

  it('starts one vote on an agenda item when the chair and the secretariat press "Start afstemningen" together', async () => {
    const meeting = await addMeeting(t.deps.db, { startsAt: '2026-12-10T09:00:00Z' });
    const item = await t.deps.db.query<{ id: number }>(
      `INSERT INTO agenda_items (meeting_id, title, markers, presenter, recommendation, status, submitted_at)
       VALUES ($1, 'Ny leverandør', '{B}', 'Sekretariatet', 'Det indstilles, at aftalen indgås.', 'godkendt', now())
       RETURNING id`,
      [meeting.id],
    );
    const form = { question: '', itemId: String(item.rows[0].id) };
    const answers = await Promise.all([
      t.execute(who.chair, VOTING_VERBS.start, form, chat),
      t.execute(who.secretary, VOTING_VERBS.start, form, chat),
    ]);
    const votes = await t.deps.db.query('SELECT id FROM votes WHERE agenda_item_id = $1', [item.rows[0].id]);
    expect(votes.rows).toHaveLength(1);
    const said = answers.map((a) => a.body.value).sort();
    expect(said[0]).toMatch(/^Afstemning #\d+ er startet/);
    expect(said[1]).toMatch(/^Der er allerede en åben afstemning om punktet/);
  });

  it('keeps typed text a text in the decision register (CSV)', async () => {
    const voteId = await startVote('=HYPERLINK("https://evil.example";"klik")');
    await t.execute(who.chair, VOTING_VERBS.close, { voteId }, chat);
    const csv = await decisionsReportCommand(t.deps.db);
    expect(csv).toContain(`'=HYPERLINK(""https://evil.example"";""klik"")`);
    expect(csv).not.toMatch(/(^|;)"?=HYPERLINK/m);
  });

  it('lists open votes for the chair and the secretariat with the chat card\'s body and "Luk afstemningen"', async () => {
    const a = await startVote('Kø: første afstemning');
    const b = await startVote('Kø: anden afstemning');
    await t.execute(who.odense, VOTING_VERBS.cast, { voteId: a, choice: 'for' }, chat);
    await t.runJobs();
    const menu = (await t.message(who.chair, 'menu')).body;
    expect(json(t.connector.sent(`personal-${who.chair}`).at(-1)?.body ?? menu)).toContain('Åbne afstemninger');
    const memberMenu = t.connector.sent(`personal-${who.member}`);
    await t.message(who.member, 'menu');
    expect(json(t.connector.sent(`personal-${who.member}`).slice(memberMenu.length))).not.toContain(
      'Åbne afstemninger',
    );

    const queue = (await t.execute(who.secretary, VOTING_VERBS.queue)).body.value;
    const open = (await t.deps.db.query<{ id: number }>("SELECT id FROM votes WHERE status = 'open' ORDER BY id")).rows;
    expect(actionsOf(queue).map((x) => x.data.voteId)).toEqual(open.map((v) => v.id));
    expect(actionsOf(queue).every((x) => x.title === 'Luk afstemningen' && x.associatedInputs === 'none')).toBe(true);
    // Each vote in the queue is the chat's card body, built by the same builder.
    const chatBody = (await chatCard(a)).body;
    expect(holdsBody(queue, chatBody)).toBe(true);
    expect(json(queue)).toContain('For: 1 · Imod: 0 · Undlader: 0');

    const closed = (
      await t.execute(who.chair, VOTING_VERBS.queueClose, pressData(queue, VOTING_VERBS.queueClose), chat)
    ).body.value;
    expect(json(closed)).toContain('Afstemningen er lukket');
    expect(actionsOf(closed).map((x) => x.data.voteId)).not.toContain(open[0].id);
    expect(actionsOf(closed).map((x) => x.data.voteId)).toContain(b);
  });
});
