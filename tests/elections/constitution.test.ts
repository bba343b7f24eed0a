/**
 * The constitution after an election (issue 20 point 6), on each test database: confirming gives each seat its
 * municipality's deputy (from the ranked list when a candidate of the same municipality is on it, else another
 * representative), keeps the ranked lists, and proposes "Konstituering" for the term's first meeting. The new term
 * takes office on its start date (a job at 00:00 Copenhagen): until then the sitting committee keeps its seats, chair
 * and votes, and the chair vote is refused. Then the term has no chair until "Valg af formand" (a vote in the
 * committee's chat) is adopted; a rejected vote leaves none. A deputy votes for a member who has not voted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addMembers, addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { activeTerm } from '../../src/registry/registry-repository.js';
import { REGIONS } from '../../src/registry/municipalities.js';
import type { Actor, Person } from '../../src/registry/registry-types.js';
import type { Db } from '../../src/db/database.js';
import { DomainError } from '../../src/shared/errors.js';
import { menuNotices } from '../../src/app/capabilities.js';
import { buildConstitutionCard } from '../../src/elections/elections-cards.js';

const COMMITTEE_CHAT = '19:styregruppen@thread.v2';

async function refusal(call: Promise<unknown>): Promise<string> {
  return (await refusalOf(call)).code;
}

async function refusalOf(call: Promise<unknown>): Promise<DomainError> {
  try {
    await call;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

type Who = 'sec' | 'anker' | 'vagn' | 'vibe' | 'hanne' | 'oda' | 'sven' | 'olga';

/**
 * A closed election (Midtjylland and Syddanmark elect one each, the other regions none), written as the rounds leave
 * it: Viborg's Vagn beats Herning's Hanne; Odense's Oda beats Svendborg's Sven and Odense's Olga (ranked 1. Sven,
 * 2. Olga). Viborg's other representative Vibe did not stand.
 */
async function closedElection(db: Db): Promise<{ electionId: number; people: Record<Who, Person> }> {
  await addMembers(db, [751, 791, 657, 461, 479]);
  const people = {
    sec: await addPerson(db, { name: 'Sofie Sekretær', secretariat: true }),
    anker: await addPerson(db, { name: 'Anker Aarhus', roles: [[751, 'repraesentant']] }),
    vagn: await addPerson(db, { name: 'Vagn Viborg', roles: [[791, 'repraesentant']] }),
    vibe: await addPerson(db, { name: 'Vibe Viborg', roles: [[791, 'repraesentant']] }),
    hanne: await addPerson(db, { name: 'Hanne Herning', roles: [[657, 'repraesentant']] }),
    oda: await addPerson(db, { name: 'Oda Odense', roles: [[461, 'repraesentant']] }),
    sven: await addPerson(db, { name: 'Sven Svendborg', roles: [[479, 'repraesentant']] }),
    olga: await addPerson(db, { name: 'Olga Odense', roles: [[461, 'repraesentant']] }),
  };
  const seats = { Hovedstaden: 0, Sjælland: 0, Syddanmark: 1, Midtjylland: 1, Nordjylland: 0 };
  const electionId = (
    await db.query<{ id: number }>(
      `INSERT INTO elections (term_name, starts_on, ends_on, method, quarter, key, created_at)
       VALUES ('Styregruppen 2028-2029', '2028-01-01', '2029-12-31', 'largest-remainder', '2027K3', $1, now()) RETURNING id`,
      [JSON.stringify({ seats, electable: seats, order: ['Midtjylland', 'Syddanmark'] })],
    )
  ).rows[0].id;
  for (const region of REGIONS)
    await db.query(`INSERT INTO election_regions (election_id, region, seats, status) VALUES ($1, $2, $3, 'closed')`, [
      electionId,
      region,
      seats[region],
    ]);
  const stand = (region: string, p: Person, code: number) =>
    db.query(
      'INSERT INTO election_candidates (election_id, region, person_id, municipality_code) VALUES ($1, $2, $3, $4)',
      [electionId, region, p.id, code],
    );
  await stand('Midtjylland', people.vagn, 791);
  await stand('Midtjylland', people.hanne, 657);
  await stand('Syddanmark', people.oda, 461);
  await stand('Syddanmark', people.sven, 479);
  await stand('Syddanmark', people.olga, 461);
  const vote = (code: number, p: Person) =>
    db.query(
      'INSERT INTO election_votes (election_id, municipality_code, candidate_person_id, cast_at) VALUES ($1, $2, $3, now())',
      [electionId, code, p.id],
    );
  await vote(791, people.vagn);
  await vote(657, people.vagn);
  await vote(751, people.hanne);
  await vote(461, people.oda);
  await vote(479, people.oda);
  return { electionId, people };
}

describe.each(testDatabases())('constitution after an election (%s)', (database) => {
  let t: TestApp;
  let electionId = 0;
  let people: Record<Who, Person>;
  const actors = {} as Record<Who, Actor>;
  let termId = 0;
  let sittingTermId = 0;
  let firstMeeting = 0;
  const identify = async (who: Who) => (await t.deps.registry.identify(people[who].entraObjectId!))!;
  const constitution = () => t.app.modules.elections.constitution;
  const voting = () => t.app.modules.voting.service;
  const chairVoteId = async () =>
    (await t.deps.db.query<{ vote_id: number }>(`SELECT vote_id FROM chair_votes WHERE status = 'open'`)).rows[0]
      ?.vote_id;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-11-01T09:00:00Z', database });
    ({ electionId, people } = await closedElection(t.deps.db));
    // The sitting committee (2026-2027): Hanne Herning chairs it; Vagn Viborg sits on both.
    sittingTermId = await setCommittee(t.deps.db, {
      name: 'Styregruppen 2026-2027',
      chairId: people.hanne.id,
      seats: [
        { code: 657, memberId: people.hanne.id },
        { code: 791, memberId: people.vagn.id },
      ],
    });
    for (const who of Object.keys(people) as Who[]) actors[who] = await identify(who);
    await addMeeting(t.deps.db, { startsAt: '2027-12-09T09:00:00Z' }); // the old term's last meeting
    firstMeeting = (await addMeeting(t.deps.db, { startsAt: '2028-01-27T09:00:00Z' })).id;
    await addMeeting(t.deps.db, { startsAt: '2028-03-02T09:00:00Z' });
  });
  afterAll(() => t.stop());

  it("confirming gives seats and their municipality's deputies, keeps the ranked lists, and proposes Konstituering", async () => {
    const confirmed = await t.app.modules.elections.service.confirm(actors.sec, electionId);
    termId = confirmed.constitution.termId;
    expect(confirmed.constitution).toMatchObject({
      termName: 'Styregruppen 2028-2029',
      chairName: null,
      notice: 'confirmed',
      item: { meetingStartsAt: new Date('2028-01-27T09:00:00Z'), inTerm: true },
      seats: [
        { municipalityCode: 461, member: 'Oda Odense', deputy: 'Olga Odense' },
        { municipalityCode: 751, member: 'Anker Aarhus', deputy: null },
        { municipalityCode: 791, member: 'Vagn Viborg', deputy: 'Vibe Viborg' },
      ],
      reserves: [
        { region: 'Midtjylland', rank: 1, municipalityCode: 657, name: 'Hanne Herning' },
        { region: 'Syddanmark', rank: 1, municipalityCode: 479, name: 'Sven Svendborg' },
        { region: 'Syddanmark', rank: 2, municipalityCode: 461, name: 'Olga Odense' },
      ],
    });
    // Stored, not active: the sitting committee stays the registry's until 1 January 2028.
    expect((await activeTerm(t.deps.db))?.id).toBe(sittingTermId);
    const stored = await t.deps.db.query('SELECT active, chair_person_id FROM committee_terms WHERE id = $1', [termId]);
    expect(stored.rows).toEqual([{ active: false, chair_person_id: null }]);
    const seats = await t.deps.db.query(
      'SELECT municipality_code, member_person_id, deputy_person_id FROM committee_seats WHERE term_id = $1 ORDER BY 1',
      [termId],
    );
    expect(seats.rows).toEqual([
      { municipality_code: 461, member_person_id: people.oda.id, deputy_person_id: people.olga.id },
      { municipality_code: 751, member_person_id: people.anker.id, deputy_person_id: null },
      { municipality_code: 791, member_person_id: people.vagn.id, deputy_person_id: people.vibe.id },
    ]);
    // Its start is a durable job at 00:00 Copenhagen on its start date, keyed by the term.
    const timers = await t.deps.db.query<{ key: string; due_at: Date; state: string }>(
      `SELECT key, due_at, state FROM timers WHERE name = 'elections.term-start'`,
    );
    expect(timers.rows).toEqual([
      { key: `elections:term-start:${termId}`, due_at: new Date('2027-12-31T23:00:00Z'), state: 'pending' },
    ]);
    const items = await t.deps.db.query<{ meeting_id: number; title: string; markers: string[]; status: string }>(
      'SELECT meeting_id, title, markers, status FROM agenda_items',
    );
    expect(items.rows).toEqual([
      {
        meeting_id: firstMeeting,
        title: 'Konstituering af ny DDH-styregruppe (Styregruppen 2028-2029) (genereret af DDH-botten)',
        markers: ['B'],
        status: 'indsendt',
      },
    ]);
    // Pressed again: the same term, no second item.
    const again = await t.app.modules.elections.service.confirm(actors.sec, electionId);
    expect(again).toMatchObject({ alreadyConfirmed: true, constitution: { termId, notice: 'already-confirmed' } });
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM agenda_items')).rows[0].n).toBe(1);
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM committee_terms')).rows[0].n).toBe(2);
    expect(
      (await t.deps.db.query(`SELECT count(*)::int AS n FROM timers WHERE name = 'elections.term-start'`)).rows[0].n,
    ).toBe(1);
  });

  it('until its start date the sitting committee keeps its seats, chair and votes; the chair vote waits', async () => {
    const waiting =
      'Styregruppen 2028-2029 træder til 01.01.2028. Formand: ikke valgt endnu (konstitueres på første møde).';
    for (const who of ['sec', 'vagn', 'hanne'] as const)
      expect(await menuNotices(t.app.modules, false, await identify(who))).toContain(waiting);
    // Without a seat yet (the menu reads nothing more for them): the committee's chat tells them on the day.
    for (const who of ['olga', 'sven'] as const)
      expect(await menuNotices(t.app.modules, false, await identify(who))).toEqual([]);
    const view = await constitution().view(actors.sec);
    expect(view).toMatchObject({ termId, waiting: true, startsOn: '2028-01-01', candidates: [] });
    expect(JSON.stringify(buildConstitutionCard(view))).toContain('Træder til 01.01.2028.');
    const refused = await refusalOf(constitution().startChairVote(actors.sec, termId, people.vagn.id));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.userMessage).toBe(
      'Den nye styregruppe træder til 1. januar 2028; formanden vælges, når den er trådt til.',
    );
    expect((await identify('hanne')).chair).toBe(true);

    // A vote on the sitting committee's business: its member votes; a newly elected member not on it cannot.
    const vote = await voting().start(
      actors.hanne,
      { id: COMMITTEE_CHAT, type: 'groupChat' },
      {
        question: 'Godkendelse af budget 2028',
        recommendation: '',
        closesAt: null,
        anonymous: false,
        showDuring: true,
        itemId: null,
      },
    );
    expect((await voting().cast(actors.hanne, vote.id, 'for')).tally).toMatchObject({ for: 1 });
    expect(await refusal(voting().cast(actors.oda, vote.id, 'for'))).toBe('FORBIDDEN');
    await voting().close(actors.hanne, vote.id);

    // The minute before midnight nothing has changed.
    t.clock.set('2027-12-31T22:59:00Z');
    await t.runJobs();
    expect((await activeTerm(t.deps.db))?.id).toBe(sittingTermId);
  });

  it('on its start date the job makes it the active term and tells the committee and the secretariat, once', async () => {
    t.clock.set('2027-12-31T23:00:00Z');
    await t.runJobs();
    const term = await activeTerm(t.deps.db);
    expect(term).toMatchObject({ id: termId, chairPersonId: null });
    expect(term?.seats.map((s) => s.memberPersonId)).toEqual([people.oda.id, people.anker.id, people.vagn.id]);
    const hanne = await identify('hanne');
    expect(hanne).toMatchObject({ chair: false, seats: [] });
    const told = await t.deps.db.query<{ key: string; card: unknown }>(
      'SELECT key, card FROM outbox WHERE batch = $1 ORDER BY key',
      [`term-start:${termId}`],
    );
    expect(told.rows.map((r) => r.key)).toEqual([`term-start:${termId}:committee`, `term-start:${termId}:secretariat`]);
    expect(JSON.stringify(told.rows[0].card)).toContain(
      'Den nye styregruppe (Styregruppen 2028-2029) er trådt til i dag. Formanden vælges på det første møde (Konstituering).',
    );
    // Running again (a retried job) changes nothing and tells nobody again.
    expect(await t.app.modules.elections.termStart.start(termId)).toBe(false);
    expect(await t.app.modules.elections.termStart.start(sittingTermId)).toBe(false);
    expect((await activeTerm(t.deps.db))?.id).toBe(termId);
    expect(
      (await t.deps.db.query('SELECT count(*)::int AS n FROM outbox WHERE batch = $1', [`term-start:${termId}`]))
        .rows[0].n,
    ).toBe(2);
    expect((await constitution().view(actors.sec)).waiting).toBe(false);
  });

  it('shows that no chair is elected yet, to the secretariat and the seat holders', async () => {
    for (const who of ['sec', 'vagn', 'olga'] as const)
      expect(await menuNotices(t.app.modules, false, await identify(who))).toContain(
        'Styregruppen 2028-2029: Formand: ikke valgt endnu (konstitueres på første møde).',
      );
    expect(await menuNotices(t.app.modules, false, await identify('hanne'))).toEqual([]);
    expect((await constitution().view(actors.sec)).chairName).toBeNull();
    expect(await refusal(constitution().view(actors.vagn))).toBe('FORBIDDEN');
  });

  it('starts "Valg af formand" for the secretariat only, on a seat member, in the committee chat', async () => {
    // Refused before any lookup: the same answer for the term and for a term that does not exist.
    expect(await refusal(constitution().startChairVote(actors.vagn, termId, people.vagn.id))).toBe('FORBIDDEN');
    expect(await refusal(constitution().startChairVote(actors.vagn, 999_999, 999_999))).toBe('FORBIDDEN');
    expect(await refusal(constitution().startChairVote(actors.sec, termId, people.hanne.id))).toBe('INVALID_INPUT');
    expect(await refusal(constitution().startChairVote(actors.sec, termId, people.olga.id))).toBe('INVALID_INPUT');
    // Without the committee's chat there is nowhere to vote.
    expect(await refusal(constitution().startChairVote(actors.sec, termId, people.vagn.id))).toBe('INVALID_INPUT');
    await addConversation(t.deps.db, t.connector.url, { id: COMMITTEE_CHAT, type: 'groupChat' });
    await setNamedConversation(t.deps.db, 'styregruppe', COMMITTEE_CHAT);
    const votesBefore = (await t.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM votes')).rows[0].n;

    const started = await constitution().startChairVote(actors.sec, termId, people.vagn.id);
    expect(started).toMatchObject({
      notice: 'vote-started',
      chairName: null,
      chairVote: { candidateName: 'Vagn Viborg', status: 'open' },
      candidates: [],
    });
    const votes = await t.deps.db.query<{ question: string; conversation_id: string; agenda_item_id: number }>(
      `SELECT question, conversation_id, agenda_item_id FROM votes WHERE question LIKE 'Valg af formand%'`,
    );
    expect(votes.rows).toEqual([
      {
        question: 'Valg af formand: Forslag: Vagn Viborg, Viborg som formand for styregruppen',
        conversation_id: COMMITTEE_CHAT,
        agenda_item_id: expect.any(Number),
      },
    ]);
    // Pressed again (another copy, another secretary): the vote already open is the answer.
    expect(await constitution().startChairVote(actors.sec, termId, people.oda.id)).toMatchObject({
      notice: 'vote-open',
    });
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM votes')).rows[0].n).toBe(votesBefore + 1);
  });

  it('a rejected vote leaves no chair, and the secretariat can propose another', async () => {
    const voteId = await chairVoteId();
    // The sitting committee has stepped down: its member who was not elected has no vote now.
    expect(await refusal(voting().cast(actors.hanne, voteId, 'for'))).toBe('FORBIDDEN');
    await voting().cast(actors.anker, voteId, 'imod');
    await voting().cast(actors.vagn, voteId, 'imod');
    await voting().cast(actors.oda, voteId, 'for');
    await voting().close(actors.sec, voteId);
    expect((await activeTerm(t.deps.db))?.chairPersonId).toBeNull();
    const view = await constitution().view(actors.sec);
    expect(view).toMatchObject({ chairName: null, chairVote: { candidateName: 'Vagn Viborg', status: 'forkastet' } });
    expect(view.candidates.map((c) => c.name)).toEqual(['Oda Odense', 'Anker Aarhus', 'Vagn Viborg']);
    const told = await t.deps.db.query<{ card: unknown }>('SELECT card FROM outbox WHERE batch = $1', [
      `chair-vote:${voteId}`,
    ]);
    expect(JSON.stringify(told.rows)).toContain('Forslaget om Vagn Viborg som formand blev forkastet');
  });

  it("an adopted vote makes the person chair; a deputy's ballot counts for the member who has not voted", async () => {
    await constitution().startChairVote(actors.sec, termId, people.oda.id);
    const voteId = await chairVoteId();
    await voting().cast(actors.anker, voteId, 'for');
    await voting().cast(actors.vagn, voteId, 'undlader');
    // Oda (Odense's member) does not vote; Olga, Odense's deputy from the ranked list, votes for the seat.
    const deputy = await voting().cast(actors.olga, voteId, 'for');
    expect(deputy.tally).toMatchObject({ for: 2, undlader: 1 });
    const ballots = await t.deps.db.query('SELECT municipality_code, as_deputy FROM ballots WHERE vote_id = $1', [
      voteId,
    ]);
    expect(ballots.rows).toContainEqual({ municipality_code: 461, as_deputy: true });
    expect((await activeTerm(t.deps.db))?.chairPersonId).toBeNull();
    await voting().close(actors.sec, voteId);

    expect((await activeTerm(t.deps.db))?.chairPersonId).toBe(people.oda.id);
    const oda = await identify('oda');
    expect(oda.chair).toBe(true);
    expect(await constitution().view(actors.sec)).toMatchObject({ chairName: 'Oda Odense', candidates: [] });
    expect(await menuNotices(t.app.modules, false, oda)).toEqual([]);
    // The chair role now works for voting: the new chair may see the open votes.
    expect(await voting().openVotes(oda)).toMatchObject({ votes: [] });
    expect(await constitution().startChairVote(actors.sec, termId, people.vagn.id)).toMatchObject({
      notice: 'chair-elected',
      chairName: 'Oda Odense',
    });
    const told = await t.deps.db.query<{ card: unknown }>('SELECT card FROM outbox WHERE batch = $1', [
      `chair-vote:${voteId}`,
    ]);
    expect(JSON.stringify(told.rows)).toContain('Oda Odense er valgt som formand for Styregruppen 2028-2029');
  });
});

describe('constitution without a meeting in the new term', () => {
  let t: TestApp;
  afterAll(() => t.stop());

  it('says no meeting is planned; once one is, "Sæt Konstituering på dagsordenen" puts the item on it, once', async () => {
    t = await startTestApp({ now: '2027-11-01T09:00:00Z' });
    const { electionId, people } = await closedElection(t.deps.db);
    const sec = (await t.deps.registry.identify(people.sec.entraObjectId!))!;
    const confirmed = await t.app.modules.elections.service.confirm(sec, electionId);
    expect(confirmed.constitution).toMatchObject({ notice: 'no-meeting', item: null });
    const termId = confirmed.constitution.termId;
    const vagn = (await t.deps.registry.identify(people.vagn.entraObjectId!))!;
    expect(await refusal(t.app.modules.elections.constitution.proposeItemAgain(vagn, termId))).toBe('FORBIDDEN');

    await addMeeting(t.deps.db, { startsAt: '2027-12-09T09:00:00Z' });
    const placed = await t.app.modules.elections.constitution.proposeItemAgain(sec, termId);
    // Only a meeting before the term starts: the item goes there, and the card says so.
    expect(placed).toMatchObject({
      notice: 'item-proposed',
      item: { meetingStartsAt: new Date('2027-12-09T09:00:00Z'), inTerm: false },
    });
    expect(await t.app.modules.elections.constitution.proposeItemAgain(sec, termId)).toMatchObject({
      notice: 'item-exists',
    });
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM agenda_items')).rows[0].n).toBe(1);
  });
});
