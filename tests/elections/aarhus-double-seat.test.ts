/**
 * Regression (issue 20 point 7): when Aarhus's representative also stands in Region Midtjylland and is elected there,
 * the proposal listed them twice (fixed seat and elected) and confirming silently dropped one, so the committee got a
 * seat fewer. Aarhus's representative takes the fixed seat; Midtjylland's elected seat goes to the next candidate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { activeTerm } from '../../src/registry/registry-repository.js';
import { importPopulation } from '../../src/registry/population-import.js';
import { REGIONS } from '../../src/registry/municipalities.js';
import type { Actor } from '../../src/registry/registry-types.js';
import type { ElectionsService } from '../../src/elections/elections-service.js';

/** Midtjylland gets two seats, one of them Aarhus's: the region elects one. */
const POPULATION: Record<number, number> = {
  147: 400_000,
  265: 250_000,
  461: 350_000,
  851: 200_000,
  751: 60_000,
  791: 90_000,
  657: 80_000,
};

describe.each(testDatabases())("Aarhus's representative standing in Midtjylland (%s)", (database) => {
  let t: TestApp;
  let service: ElectionsService;
  const actors = {} as Record<'secretary' | 'aarhus' | 'viborg' | 'herning', Actor>;

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-10-01T09:00:00Z', database });
    service = t.app.modules.elections.service;
    const db = t.deps.db;
    await addMembers(db, Object.keys(POPULATION).map(Number));
    await importPopulation(
      db,
      Object.entries(POPULATION).map(([code, population]) => ({
        municipalityCode: Number(code),
        quarter: '2027K3',
        population,
      })),
      true,
    );
    const people = {
      secretary: await addPerson(db, { name: 'Siri Sekretær', secretariat: true }),
      aarhus: await addPerson(db, { name: 'Asta Aarhus', roles: [[751, 'repraesentant']] }),
      viborg: await addPerson(db, { name: 'Villy Viborg', roles: [[791, 'repraesentant']] }),
      herning: await addPerson(db, { name: 'Helle Herning', roles: [[657, 'repraesentant']] }),
    };
    for (const [role, person] of Object.entries(people))
      actors[role as keyof typeof actors] = (await t.deps.registry.identify(person.entraObjectId))!;
    await addConversation(db, t.connector.url, { id: '19:midt-aarhus@thread.v2', type: 'groupChat' });
    await setNamedConversation(db, 'region:Midtjylland', '19:midt-aarhus@thread.v2');
  });
  afterAll(() => t.stop());

  it('gives Aarhus its fixed seat once and Midtjylland its elected seat, and confirms every seat', async () => {
    await service.start(actors.secretary);
    for (const person of [actors.aarhus, actors.viborg, actors.herning])
      await service.nominate(person, null, 'Midtjylland');
    // Aarhus's representative gets the most votes in the region.
    await service.vote(actors.aarhus, null, 'Midtjylland', actors.aarhus.id);
    await service.vote(actors.viborg, null, 'Midtjylland', actors.aarhus.id);
    await service.vote(actors.herning, null, 'Midtjylland', actors.viborg.id);
    for (const region of REGIONS) await service.closeRound(actors.secretary, null, region);

    const proposal = await service.proposal(actors.secretary);
    expect(proposal.blocking).toEqual([]);
    expect(proposal.notes).toEqual([
      'Asta Aarhus stillede op i Region Midtjylland, men Aarhus har sin faste plads; regionens pladser går til de næste kandidater.',
    ]);
    expect(proposal.seats.map((s) => [s.municipalityCode, s.name, s.via])).toEqual([
      [751, 'Asta Aarhus', 'fast plads'],
      [791, 'Villy Viborg', 'valgt i Region Midtjylland'],
      [657, 'Helle Herning', 'suppleant fra Region Midtjylland'],
    ]);

    // Confirmed late, on the term's start date (Copenhagen): it takes office at once, and no job is left to do it.
    t.clock.set('2027-12-31T23:30:00Z');
    const confirmed = await service.confirm(actors.secretary, proposal.electionId);
    expect(confirmed.seats).toBe(proposal.seats.length);
    expect(confirmed.constitution.waiting).toBe(false);
    expect(
      (await t.deps.db.query(`SELECT count(*)::int AS n FROM timers WHERE name = 'elections.term-start'`)).rows[0].n,
    ).toBe(0);
    const term = await activeTerm(t.deps.db);
    expect(term?.seats.map((s) => [s.municipalityCode, s.memberPersonId]).sort()).toEqual(
      [
        [751, actors.aarhus.id],
        [791, actors.viborg.id],
        [657, actors.herning.id],
      ].sort(),
    );
  });
});
