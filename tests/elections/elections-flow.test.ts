import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { activeTerm } from '../../src/registry/registry-repository.js';
import { importPopulation } from '../../src/registry/population-import.js';
import { ELECTION_VERBS } from '../../src/elections/elections-cards.js';
import { REGIONS } from '../../src/registry/municipalities.js';

const json = (x: unknown) => JSON.stringify(x);
// One member municipality per region plus Aarhus; invented populations.
const MEMBERS = { Hovedstaden: 147, Sjælland: 265, Syddanmark: 461, Midtjylland: 791, Nordjylland: 851 } as const;

describe('a steering-committee election in chat', () => {
  let t: TestApp;
  const sec = 'e0000000-0000-4000-8000-000000000001';
  const viborgRep = 'e0000000-0000-4000-8000-000000000002';
  const odenseRep = 'e0000000-0000-4000-8000-000000000003';
  const mid = { conversationId: '19:midt@thread.v2', conversationType: 'groupChat' as const };

  beforeAll(async () => {
    t = await startTestApp({ now: '2027-10-01T09:00:00Z' });
    const db = t.deps.db;
    await addMembers(db, [751, ...Object.values(MEMBERS)]);
    await importPopulation(
      db,
      [751, ...Object.values(MEMBERS)].map((code, i) => ({
        municipalityCode: code,
        quarter: '2027K3',
        population: 100_000 + i * 37_000,
      })),
      true,
    );
    await addPerson(db, { name: 'Selma Sekretær', objectId: sec, secretariat: true });
    await addPerson(db, { name: 'Aage Aarhus', roles: [[751, 'repraesentant']] });
    await addPerson(db, { name: 'Vibe Viborg', objectId: viborgRep, roles: [[791, 'repraesentant']] });
    await addPerson(db, { name: 'Ole Odense', objectId: odenseRep, roles: [[461, 'repraesentant']] });
    for (const r of REGIONS) {
      await addConversation(db, t.connector.url, { id: `19:${r}@thread.v2`, type: 'groupChat' });
      await setNamedConversation(db, `region:${r}`, `19:${r}@thread.v2`);
    }
    await addConversation(db, t.connector.url, { id: mid.conversationId, type: 'groupChat' });
    await setNamedConversation(db, 'region:Midtjylland', mid.conversationId);
  });
  afterAll(() => t.stop());

  it('shows the key (marked as demo figures) and starts the election', async () => {
    const key = await t.execute(sec, ELECTION_VERBS.key);
    expect(json(key.body.value)).toContain('OBS: demotal');
    expect(json(key.body.value)).toContain('Region Midtjylland');
    expect(json((await t.execute(viborgRep, ELECTION_VERBS.start)).body)).toContain('Kun DDH-sekretariatet');
    expect(json((await t.execute(sec, ELECTION_VERBS.start)).body)).toContain('Valget er startet');
  });

  it("runs the round in the region's chat: nominate, one vote per municipality, outsiders refused", async () => {
    await t.execute(sec, ELECTION_VERBS.openRound, {}, mid);
    expect(
      json((await t.execute(viborgRep, ELECTION_VERBS.nominate, { region: 'Midtjylland' }, mid)).body.value),
    ).toContain('Vibe Viborg');
    const viborgId = (await t.deps.db.query<{ person_id: number }>('SELECT person_id FROM election_candidates')).rows[0]
      .person_id;
    await t.execute(viborgRep, ELECTION_VERBS.vote, { region: 'Midtjylland', candidateId: viborgId }, mid);
    await t.execute(viborgRep, ELECTION_VERBS.vote, { region: 'Midtjylland', candidateId: viborgId }, mid);
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM election_votes')).rows[0].n).toBe(1);
    expect(
      json(
        (await t.execute(odenseRep, ELECTION_VERBS.vote, { region: 'Midtjylland', candidateId: viborgId }, mid)).body,
      ),
    ).toContain('Kun repræsentanter for medlemskommuner i Region Midtjylland');
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM election_votes')).rows[0].n).toBe(1);
  });

  it("becomes the registry's committee on its start date once the secretariat confirms, after every region has closed", async () => {
    for (const r of REGIONS)
      await t.execute(
        sec,
        ELECTION_VERBS.close,
        { region: r },
        r === 'Midtjylland' ? mid : { conversationId: `19:${r}@thread.v2`, conversationType: 'groupChat' },
      );
    const before = await activeTerm(t.deps.db);
    expect(before).toBeNull();
    const proposal = await t.execute(sec, ELECTION_VERBS.proposal);
    expect(json(proposal.body.value)).toContain('Viborg: Vibe Viborg (valgt i Region Midtjylland)');
    expect(json(proposal.body.value)).toContain('Aarhus: Aage Aarhus (fast plads)');
    expect(json((await t.execute(viborgRep, ELECTION_VERBS.confirm)).body)).toContain('Kun DDH-sekretariatet');
    const confirmed = json((await t.execute(sec, ELECTION_VERBS.confirm)).body.value);
    expect(confirmed).toContain('er nu bekræftet og træder til 01.01.2028');
    expect(confirmed).toContain('ikke valgt endnu (konstitueres på første møde)');
    expect(await activeTerm(t.deps.db)).toBeNull();
    // On 1 January 2028 (00:00 Copenhagen) the job lets it take office.
    t.clock.set('2027-12-31T23:00:00Z');
    await t.runJobs();
    const term = await activeTerm(t.deps.db);
    expect(term?.seats.map((s) => s.municipalityCode).sort()).toEqual([751, 791]);
  });
});
