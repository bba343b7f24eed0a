/**
 * ElectionsService's contract, on each test database: who may see the key, start, open, nominate, vote, close,
 * record lots and confirm (and the DomainError code of each refusal), what it writes (the election and its
 * rounds, candidates, votes, lots, the new committee term) and the views it returns (key, round, proposal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { activeTerm } from '../../src/registry/registry-repository.js';
import { importPopulation } from '../../src/registry/population-import.js';
import { REGIONS, type Region } from '../../src/registry/municipalities.js';
import type { Actor } from '../../src/registry/registry-types.js';
import type { ElectionsService } from '../../src/elections/elections-service.js';
import { DomainError } from '../../src/shared/errors.js';

/** Invented populations that give Midtjylland two seats, one of them Aarhus's: the region elects one. */
const POPULATION: Record<number, number> = {
  147: 400_000, // Hovedstaden
  265: 250_000, // Sjælland
  461: 350_000, // Syddanmark
  851: 200_000, // Nordjylland
  751: 60_000, // Midtjylland: Aarhus, Viborg, Herning
  791: 90_000,
  657: 80_000,
};
const MIDT_CHAT = '19:region-midt-kontrakt@thread.v2';

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe.each(testDatabases())('ElectionsService (%s)', (database) => {
  let t: TestApp;
  let service: ElectionsService;
  const actors = {} as Record<'secretary' | 'aarhus' | 'viborg' | 'herning' | 'odense', Actor>;
  const names = (list: { name: string }[] | null | undefined) => list?.map((c) => c.name) ?? null;
  let electionId = 0;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-10-01T09:00:00Z', database });
    service = t.app.modules.elections.service;
    const db = t.deps.db;
    await addMembers(db, Object.keys(POPULATION).map(Number));
    const people = {
      secretary: await addPerson(db, { name: 'Sofie Sekretær', secretariat: true }),
      aarhus: await addPerson(db, { name: 'Anker Aarhus', roles: [[751, 'repraesentant']] }),
      viborg: await addPerson(db, { name: 'Vagn Viborg', roles: [[791, 'repraesentant']] }),
      herning: await addPerson(db, { name: 'Hanne Herning', roles: [[657, 'repraesentant']] }),
      odense: await addPerson(db, { name: 'Oda Odense', roles: [[461, 'repraesentant']] }),
    };
    for (const [role, person] of Object.entries(people))
      actors[role as keyof typeof actors] = (await t.deps.registry.identify(person.entraObjectId))!;
    await addConversation(db, t.connector.url, { id: MIDT_CHAT, type: 'groupChat' });
    await setNamedConversation(db, 'region:Midtjylland', MIDT_CHAT);
  });
  afterAll(() => t.stop());

  it('shows the key to the secretariat only; without 1 July figures the election cannot start (CONFLICT)', async () => {
    expect(await refusal(service.keyView(actors.viborg))).toBe('FORBIDDEN');
    expect(await service.keyView(actors.secretary)).toMatchObject({ quarter: null, canStart: false });
    expect(await refusal(service.start(actors.secretary))).toBe('CONFLICT');
    await importPopulation(
      t.deps.db,
      Object.entries(POPULATION).map(([code, population]) => ({
        municipalityCode: Number(code),
        quarter: '2027K3',
        population,
      })),
      true,
    );
    const key = await service.keyView(actors.secretary);
    expect(key).toMatchObject({ quarter: '2027K3', isDemo: true, missing: 0, tie: null, canStart: true });
    expect(key.rows.find((r) => r.region === 'Midtjylland')).toMatchObject({ seats: 2, electable: 1 });
  });

  it('starts one election for the next two years, with a round per region; a second press starts none', async () => {
    expect(await refusal(service.start(actors.viborg))).toBe('FORBIDDEN');
    expect(await service.start(actors.secretary)).toMatchObject({ notice: 'started', running: true, canStart: false });
    electionId = (await t.deps.db.query<{ id: number }>('SELECT id FROM elections')).rows[0].id;
    expect(await service.start(actors.secretary)).toMatchObject({ notice: 'already-started', canStart: false });
    const election = await t.deps.db.query('SELECT term_name, starts_on, ends_on, status FROM elections');
    expect(election.rows).toEqual([
      { term_name: 'Styregruppen 2028-2029', starts_on: '2028-01-01', ends_on: '2029-12-31', status: 'open' },
    ]);
    const rounds = await t.deps.db.query<{ region: Region; seats: number }>(
      'SELECT region, seats FROM election_regions WHERE election_id = $1',
      [electionId],
    );
    expect(Object.fromEntries(rounds.rows.map((r) => [r.region, r.seats]))).toEqual({
      Hovedstaden: 4,
      Sjælland: 2,
      Syddanmark: 3,
      Midtjylland: 1,
      Nordjylland: 2,
    });
  });

  it("opens the round in the region's own chat only (FORBIDDEN, INVALID_INPUT) and returns its view", async () => {
    expect(await refusal(service.openRound(actors.viborg, MIDT_CHAT))).toBe('FORBIDDEN');
    expect(await refusal(service.openRound(actors.secretary, '19:anden-chat@thread.v2'))).toBe('INVALID_INPUT');
    expect(await service.openRound(actors.secretary, MIDT_CHAT)).toEqual({
      electionId,
      region: 'Midtjylland',
      seats: 1,
      open: true,
      votes: 0,
      members: 3,
      candidates: [],
      result: null,
      notice: null,
    });
    const chat = await t.deps.db.query("SELECT conversation_id FROM election_regions WHERE region = 'Midtjylland'");
    expect(chat.rows).toEqual([{ conversation_id: MIDT_CHAT }]);
    // The round's card goes to the region's chat as its shared copy.
    const sent = await t.deps.db.query('SELECT recipient, card_ref FROM outbox WHERE batch = $1', [
      `election:${electionId}:round:Midtjylland`,
    ]);
    expect(sent.rows).toEqual([
      {
        recipient: { kind: 'conversation', conversationId: MIDT_CHAT },
        card_ref: `election:${electionId}:round:Midtjylland`,
      },
    ]);
  });

  it("lets the region's representatives stand once (FORBIDDEN for other regions; twice answers the round)", async () => {
    expect(await refusal(service.nominate(actors.odense, electionId, 'Midtjylland'))).toBe('FORBIDDEN');
    await service.nominate(actors.viborg, electionId, 'Midtjylland');
    const view = await service.nominate(actors.herning, null, 'Midtjylland');
    expect(names(view.candidates)?.sort()).toEqual(['Hanne Herning', 'Vagn Viborg']);
    const again = await service.nominate(actors.viborg, electionId, 'Midtjylland');
    expect(again).toMatchObject({ notice: 'already-standing', candidates: view.candidates });
  });

  it('takes one vote per municipality, a new one replacing the old; INVALID_INPUT for a non-candidate', async () => {
    expect(await refusal(service.vote(actors.odense, electionId, 'Midtjylland', actors.viborg.id))).toBe('FORBIDDEN');
    expect(await refusal(service.vote(actors.viborg, electionId, 'Midtjylland', actors.odense.id))).toBe(
      'INVALID_INPUT',
    );
    await service.vote(actors.viborg, electionId, 'Midtjylland', actors.herning.id);
    await service.vote(actors.viborg, electionId, 'Midtjylland', actors.viborg.id);
    const view = await service.vote(actors.herning, electionId, 'Midtjylland', actors.herning.id);
    expect(view.votes).toBe(2);
    expect(view.candidates.map((c) => c.votes)).toEqual([1, 1]);
    const votes = await t.deps.db.query('SELECT municipality_code, candidate_person_id FROM election_votes ORDER BY 1');
    expect(votes.rows).toEqual([
      { municipality_code: 657, candidate_person_id: actors.herning.id },
      { municipality_code: 791, candidate_person_id: actors.viborg.id },
    ]);
  });

  it('closes the round for the secretariat only; afterwards presses answer the closed round and change nothing', async () => {
    expect(await refusal(service.closeRound(actors.viborg, electionId, 'Midtjylland'))).toBe('FORBIDDEN');
    const view = await service.closeRound(actors.secretary, electionId, 'Midtjylland');
    expect(view.open).toBe(false);
    expect(names(view.result?.elected)).toEqual([]);
    expect(names(view.result?.tie)?.sort()).toEqual(['Hanne Herning', 'Vagn Viborg']);
    expect((await service.closeRound(actors.secretary, electionId, 'Midtjylland')).notice).toBe('already-closed');
    expect((await service.nominate(actors.aarhus, electionId, 'Midtjylland')).notice).toBe('closed');
    expect((await service.vote(actors.aarhus, electionId, 'Midtjylland', actors.viborg.id)).notice).toBe('closed');
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM election_candidates')).rows[0].n).toBe(2);
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM election_votes')).rows[0].n).toBe(2);
  });

  it('records a drawn lot for someone in the tie, and the winner is elected', async () => {
    expect(await refusal(service.recordLot(actors.viborg, electionId, 'Midtjylland', actors.herning.id))).toBe(
      'FORBIDDEN',
    );
    expect(await refusal(service.recordLot(actors.secretary, electionId, 'Midtjylland', actors.aarhus.id))).toBe(
      'INVALID_INPUT',
    );
    const view = await service.recordLot(actors.secretary, electionId, 'Midtjylland', actors.herning.id);
    expect(view.result).toMatchObject({ tie: null });
    expect(names(view.result?.elected)).toEqual(['Hanne Herning']);
    expect(names(view.result?.deputies)).toEqual(['Vagn Viborg']);
    // The other tied candidate's button on a stale copy: the tie is settled already.
    const stale = await service.recordLot(actors.secretary, electionId, 'Midtjylland', actors.viborg.id);
    expect(stale).toMatchObject({ notice: 'lot-recorded', result: view.result });
  });

  it('proposes the committee with names; it cannot be confirmed while a round is open (CONFLICT)', async () => {
    expect(await refusal(service.proposal(actors.viborg))).toBe('FORBIDDEN');
    const open = await service.proposal(actors.secretary);
    expect(open.blocking).toEqual(REGIONS.filter((r) => r !== 'Midtjylland').map((r) => `Region ${r} er ikke lukket`));
    expect(await refusal(service.confirm(actors.secretary, electionId))).toBe('CONFLICT');
    for (const region of REGIONS.filter((r) => r !== 'Midtjylland'))
      await service.closeRound(actors.secretary, electionId, region);
    const proposal = await service.proposal(actors.secretary);
    expect(proposal.blocking).toEqual([]);
    expect(proposal.seats).toEqual([
      { municipalityCode: 751, personId: actors.aarhus.id, name: 'Anker Aarhus', via: 'fast plads' },
      { municipalityCode: 657, personId: actors.herning.id, name: 'Hanne Herning', via: 'valgt i Region Midtjylland' },
      {
        municipalityCode: 791,
        personId: actors.viborg.id,
        name: 'Vagn Viborg',
        via: 'suppleant fra Region Midtjylland',
      },
    ]);
    expect(proposal).toMatchObject({ electionId, notes: [] });
  });

  it("makes the proposal the registry's active term on its start date after the secretariat confirms, once", async () => {
    expect(await refusal(service.confirm(actors.viborg, electionId))).toBe('FORBIDDEN');
    expect(await refusal(service.confirm(actors.viborg, 999999))).toBe('FORBIDDEN');
    expect(await activeTerm(t.deps.db)).toBeNull();
    expect(await service.confirm(actors.secretary, electionId)).toMatchObject({
      termName: 'Styregruppen 2028-2029',
      seats: 3,
      alreadyConfirmed: false,
      constitution: { chairName: null, notice: 'no-meeting', waiting: true, startsOn: '2028-01-01' },
    });
    // It takes office on 1 January 2028 at 00:00 Copenhagen (23:00 UTC the day before), by the job.
    expect(await activeTerm(t.deps.db)).toBeNull();
    t.clock.set('2027-12-31T22:59:59Z');
    await t.runJobs();
    expect(await activeTerm(t.deps.db)).toBeNull();
    t.clock.set('2027-12-31T23:00:00Z');
    await t.runJobs();
    const term = await activeTerm(t.deps.db);
    expect(term?.name).toBe('Styregruppen 2028-2029');
    expect(term?.seats.map((s) => [s.municipalityCode, s.memberPersonId]).sort()).toEqual(
      [
        [657, actors.herning.id],
        [751, actors.aarhus.id],
        [791, actors.viborg.id],
      ].sort(),
    );
    // A second press of "Bekræft" answers with the committee as confirmed; a card without the id finds no election.
    expect(await service.confirm(actors.secretary, electionId)).toMatchObject({
      termName: 'Styregruppen 2028-2029',
      seats: 3,
      alreadyConfirmed: true,
      constitution: { notice: 'already-confirmed', waiting: false },
    });
    expect(await refusal(service.confirm(actors.secretary, null))).toBe('NOT_FOUND');
    expect(await refusal(service.nominate(actors.viborg, null, 'Midtjylland'))).toBe('NOT_FOUND');
    expect((await service.nominate(actors.viborg, electionId, 'Midtjylland')).notice).toBe('closed');
  });
});
