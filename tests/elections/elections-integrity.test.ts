/**
 * Interaction integrity for the region rounds and the new committee (issue 17): one shared round card per region
 * chat, updated in place; "Stil op" and "Luk regionsvalget" never wait for the candidate list; every state-changing
 * press (stand, vote, close the round, record a lot, confirm) acts once when pressed twice at the same moment, and a
 * press on a stale copy or by a second person is answered with the current card; a closed round shows its outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { importPopulation } from '../../src/registry/population-import.js';
import { ELECTION_VERBS } from '../../src/elections/elections-cards.js';
import { REGIONS } from '../../src/registry/municipalities.js';

const json = (x: unknown) => JSON.stringify(x);
const oid = (n: number) => `e1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const who = { sec: oid(1), sec2: oid(2), viborg: oid(3), herning: oid(4), skive: oid(5) };
/** Invented populations that give Midtjylland two seats, one of them Aarhus's: the region elects one. */
const POPULATION: Record<number, number> = {
  147: 400_000,
  265: 250_000,
  461: 350_000,
  851: 200_000,
  751: 60_000,
  791: 90_000,
  657: 80_000,
  779: 40_000,
};
const MEMBERS = Object.keys(POPULATION).map(Number);
const room = (region: string) => ({
  conversationId: `19:region-${region}@thread.v2`,
  conversationType: 'groupChat' as const,
});
const midt = room('Midtjylland');

function actionsOf(card: any): any[] {
  const found: any[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.type === 'Action.Execute') found.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  return found;
}
const pressData = (card: any, verb: string, extra: Record<string, unknown> = {}) => {
  const action = actionsOf(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`no ${verb} on the card`);
  return { ...action.data, ...extra };
};
const count = async (t: TestApp, sql: string) =>
  (await t.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0].n;

describe.each(testDatabases())('election cards stay true on %s', (database) => {
  let t: TestApp;
  const ids = {} as Record<keyof typeof who, number>;
  let roundCard: any;

  /** What the region's chat shows now: the round's one message, as last updated. */
  const chatCard = async () => {
    const copy = await t.deps.db.query<{ activity_id: string }>(
      "SELECT activity_id FROM sent_cards WHERE card_ref LIKE 'election:%:round:Midtjylland' AND conversation_id = $1",
      [midt.conversationId],
    );
    expect(copy.rows).toHaveLength(1);
    const update = t.connector
      .updates(midt.conversationId)
      .filter((c) => c.activityId === copy.rows[0].activity_id)
      .at(-1);
    return FakeConnector.cardOf(update ?? t.connector.sent(midt.conversationId).at(-1)!);
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-10-01T09:00:00Z', database });
    const db = t.deps.db;
    await addMembers(db, MEMBERS);
    await importPopulation(
      db,
      MEMBERS.map((code) => ({ municipalityCode: code, quarter: '2027K3', population: POPULATION[code] })),
      true,
    );
    ids.sec = (await addPerson(db, { name: 'Signe Sekretær', objectId: who.sec, secretariat: true })).id;
    ids.sec2 = (await addPerson(db, { name: 'Sigurd Sekretær', objectId: who.sec2, secretariat: true })).id;
    ids.viborg = (
      await addPerson(db, { name: 'Vera Viborg', objectId: who.viborg, roles: [[791, 'repraesentant']] })
    ).id;
    ids.herning = (
      await addPerson(db, { name: 'Hans Herning', objectId: who.herning, roles: [[657, 'repraesentant']] })
    ).id;
    ids.skive = (await addPerson(db, { name: 'Sif Skive', objectId: who.skive, roles: [[779, 'repraesentant']] })).id;
    await addPerson(db, { name: 'Aase Aarhus', roles: [[751, 'repraesentant']] });
    for (const region of REGIONS) {
      await addConversation(db, t.connector.url, { id: room(region).conversationId, type: 'groupChat' });
      await setNamedConversation(db, `region:${region}`, room(region).conversationId);
    }
    const key = (await t.execute(who.sec, ELECTION_VERBS.key)).body.value;
    // Two of the secretariat start at the same moment: one election.
    await Promise.all([
      t.execute(who.sec, ELECTION_VERBS.start, pressData(key, ELECTION_VERBS.start)),
      t.execute(who.sec2, ELECTION_VERBS.start, pressData(key, ELECTION_VERBS.start)),
    ]);
    expect(await count(t, 'elections')).toBe(1);
    await t.execute(who.sec, ELECTION_VERBS.openRound, {}, midt);
    await t.runJobs();
    roundCard = await chatCard();
  });
  afterAll(() => t.stop());

  it('posts one shared round card whose "Stil op" and "Luk regionsvalget" need no candidate', async () => {
    const buttons = actionsOf(roundCard).map((a) => [a.title, a.associatedInputs]);
    expect(buttons).toEqual([
      ['Stil op', 'none'],
      ['Luk regionsvalget', 'none'],
    ]);
  });

  it('acts once on "Stil op" pressed twice at the same moment, and keeps "Luk regionsvalget" on the updated card', async () => {
    const data = pressData(roundCard, ELECTION_VERBS.nominate);
    const [first, second] = await Promise.all([
      t.execute(who.viborg, ELECTION_VERBS.nominate, data, midt),
      t.execute(who.viborg, ELECTION_VERBS.nominate, data, midt),
    ]);
    expect(await count(t, 'election_candidates')).toBe(1);
    for (const answer of [first, second]) expect(json(answer.body.value)).toContain('Vera Viborg');
    // The same person on a second copy (another device): the round as it stands, with a word of why.
    const again = await t.execute(who.viborg, ELECTION_VERBS.nominate, { ...data, ddhCard: 'anden-kopi' }, midt);
    expect(json(again.body.value)).toContain('Du er allerede opstillet');
    await t.execute(who.herning, ELECTION_VERBS.nominate, pressData(roundCard, ELECTION_VERBS.nominate), midt);
    await t.runJobs();
    const updated = await chatCard();
    expect(json(updated)).toContain('Hans Herning');
    expect(actionsOf(updated).map((a) => [a.title, a.associatedInputs])).toEqual([
      ['Stil op', 'none'],
      ['Stem', 'auto'],
      ['Luk regionsvalget', 'none'],
    ]);
    roundCard = updated;
  });

  it('counts one vote per municipality when a vote is pressed twice at the same moment', async () => {
    const data = pressData(roundCard, ELECTION_VERBS.vote, { candidateId: String(ids.herning) });
    await Promise.all([
      t.execute(who.skive, ELECTION_VERBS.vote, data, midt),
      t.execute(who.skive, ELECTION_VERBS.vote, { ...data, ddhCard: 'anden-kopi' }, midt),
    ]);
    expect(await count(t, 'election_votes')).toBe(1);
    await t.execute(who.viborg, ELECTION_VERBS.vote, { ...data, candidateId: String(ids.viborg) }, midt);
  });

  it('closes once when two of the secretariat press "Luk regionsvalget" together; the closed card has no inputs', async () => {
    const data = pressData(roundCard, ELECTION_VERBS.close);
    const answers = await Promise.all([
      t.execute(who.sec, ELECTION_VERBS.close, data, midt),
      t.execute(who.sec2, ELECTION_VERBS.close, data, midt),
    ]);
    for (const answer of answers) {
      expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(json(answer.body.value)).toContain('valget er lukket');
    }
    await t.runJobs();
    const closed = await chatCard();
    expect(json(closed)).not.toMatch(/"Input\./);
    // One seat, a tie between Viborg and Herning: only the lot buttons remain.
    expect(
      actionsOf(closed)
        .map((a) => a.title)
        .sort(),
    ).toEqual(['Vinder af lodtrækning: Hans Herning', 'Vinder af lodtrækning: Vera Viborg']);
    roundCard = closed;
    // A stale "Stil op" on the open card: the closed round, not an error.
    const late = await t.execute(who.skive, ELECTION_VERBS.nominate, { ...data, ddhCard: 'gammel' }, midt);
    expect(json(late.body.value)).toContain('Regionsvalget er lukket');
    expect(await count(t, 'election_candidates')).toBe(2);
  });

  it('records a lot once when two press different winners together; the settled round has no buttons', async () => {
    const [herning, viborg] = actionsOf(roundCard);
    await Promise.all([
      t.execute(who.sec, ELECTION_VERBS.lot, herning.data, midt),
      t.execute(who.sec2, ELECTION_VERBS.lot, viborg.data, midt),
    ]);
    const lots = await t.deps.db.query<{ lot_winners: number[] }>(
      "SELECT lot_winners FROM election_regions WHERE region = 'Midtjylland'",
    );
    expect(lots.rows[0].lot_winners).toHaveLength(1);
    await t.runJobs();
    const settled = await chatCard();
    expect(actionsOf(settled)).toEqual([]);
    expect(json(settled)).toMatch(/Valgt: (Hans Herning|Vera Viborg)\./);
    expect(json(settled)).toContain('"style":"good"');
  });

  it('confirms the committee once when two press "Bekræft" together; both see the committee', async () => {
    for (const region of REGIONS.filter((r) => r !== 'Midtjylland'))
      await t.execute(who.sec, ELECTION_VERBS.close, { region }, room(region));
    const proposal = (await t.execute(who.sec, ELECTION_VERBS.proposal)).body.value;
    const data = pressData(proposal, ELECTION_VERBS.confirm);
    const answers = await Promise.all([
      t.execute(who.sec, ELECTION_VERBS.confirm, data),
      t.execute(who.sec2, ELECTION_VERBS.confirm, data),
    ]);
    for (const answer of answers) expect(json(answer.body.value)).toContain('Styregruppen 2028-2029 med 3 pladser');
    expect(await count(t, 'committee_terms')).toBe(1);
    expect(await count(t, "elections WHERE status = 'confirmed'")).toBe(1);
  });
});
