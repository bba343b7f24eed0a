import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { VOTING_VERBS } from '../../src/voting/voting-cards.js';

const json = (x: unknown) => JSON.stringify(x);

describe('voting in the committee chat', () => {
  let t: TestApp;
  const chat = { conversationId: '19:styregruppe@thread.v2', conversationType: 'groupChat' as const };
  const ids = {
    chair: 'v0000000-0000-4000-8000-000000000001',
    viborg: 'v0000000-0000-4000-8000-000000000002',
    viborgDeputy: 'v0000000-0000-4000-8000-000000000003',
    odense: 'v0000000-0000-4000-8000-000000000004',
    outsider: 'v0000000-0000-4000-8000-000000000005',
  };
  let voteId = 0;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z' });
    const db = t.deps.db;
    const chair = await addPerson(db, {
      name: 'Cecilie Formand',
      objectId: ids.chair,
      roles: [[751, 'repraesentant']],
    });
    const viborg = await addPerson(db, { name: 'Villads Viborg', objectId: ids.viborg });
    const deputy = await addPerson(db, { name: 'Vera Suppleant', objectId: ids.viborgDeputy });
    const odense = await addPerson(db, { name: 'Otto Odense', objectId: ids.odense });
    await addPerson(db, { name: 'Uffe Udenfor', objectId: ids.outsider, roles: [[461, 'primaer_kontakt']] });
    await setCommittee(db, {
      chairId: chair.id,
      seats: [
        { code: 751, memberId: chair.id },
        { code: 791, memberId: viborg.id, deputyId: deputy.id },
        { code: 461, memberId: odense.id },
      ],
    });
    await addConversation(db, t.connector.url, { id: chat.conversationId, type: 'groupChat' });
  });
  afterAll(() => t.stop());

  it('lets only the chair or the secretariat start a vote, in the group chat', async () => {
    expect(json((await t.execute(ids.viborg, VOTING_VERBS.start, { question: 'Skal vi?' }, chat)).body)).toContain(
      'Kun formanden',
    );
    const res = await t.execute(
      ids.chair,
      VOTING_VERBS.start,
      {
        question: 'Godkendelse af vagtplan 2027',
        recommendation: 'Det indstilles, at planen godkendes.',
        anonymous: 'false',
        showDuring: 'true',
      },
      chat,
    );
    expect(json(res.body)).toContain('er startet');
    voteId = (await t.deps.db.query<{ id: number }>('SELECT id FROM votes')).rows[0].id;
    await t.runJobs();
    expect(json(FakeConnector.cardOf(t.connector.sent(chat.conversationId)[0]))).toContain('0 af 3 har stemt');
  });

  it("counts one ballot per seat, the member's own over the deputy's, and says why the deputy's did not count", async () => {
    const r1 = await t.execute(ids.viborg, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat);
    expect(json(r1.body.value)).toContain('Din stemme for Viborg: For');
    await t.execute(ids.viborg, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat);
    const r2 = await t.execute(ids.viborgDeputy, VOTING_VERBS.cast, { voteId, choice: 'imod' }, chat);
    expect(json(r2.body.value)).toContain('Viborg: For');
    expect(json(r2.body.value)).toContain('medlemmet for Viborg har selv stemt');
    expect(json(r2.body.value)).toContain('1 af 3 har stemt');
    const audit = await t.deps.db.query('SELECT choice, as_deputy, outcome FROM ballot_audit ORDER BY id');
    expect(audit.rows).toEqual([
      { choice: 'for', as_deputy: false, outcome: 'counted' },
      { choice: 'for', as_deputy: false, outcome: 'unchanged' },
      { choice: 'imod', as_deputy: true, outcome: 'refused' },
    ]);
  });

  it('refuses people without a seat and forged choices, changing nothing', async () => {
    expect(json((await t.execute(ids.outsider, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat)).body)).toContain(
      'ikke en plads',
    );
    expect(json((await t.execute(ids.odense, VOTING_VERBS.cast, { voteId, choice: 'ja' }, chat)).body)).toContain(
      'Kortet mangler',
    );
    expect((await t.deps.db.query('SELECT count(*)::int AS n FROM ballots')).rows[0].n).toBe(1);
  });

  it('closes at the set time through the job queue, records the decision and refuses late ballots', async () => {
    await t.execute(ids.chair, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat);
    await t.execute(ids.odense, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat);
    const closed = await t.execute(ids.chair, VOTING_VERBS.close, { voteId }, chat);
    expect(json(closed.body.value)).toContain('Resultat: vedtaget');
    expect(json((await t.execute(ids.viborg, VOTING_VERBS.cast, { voteId, choice: 'for' }, chat)).body)).toContain(
      'lukket',
    );
    const d = await t.deps.db.query('SELECT result, votes_for, votes_against FROM decisions WHERE vote_id = $1', [
      voteId,
    ]);
    expect(d.rows).toEqual([{ result: 'vedtaget', votes_for: 3, votes_against: 0 }]);
    await t.runJobs();
    expect(json(FakeConnector.cardOf(t.connector.updates(chat.conversationId).at(-1)!))).toContain(
      'Resultat: vedtaget',
    );
  });

  it('keeps anonymous votes anonymous: totals only, one ballot per seat, no choice in the audit', async () => {
    await t.execute(
      ids.chair,
      VOTING_VERBS.start,
      { question: 'Hemmelig prøve', anonymous: 'true', showDuring: 'false', closesOn: '2026-11-25', closesAt: '12:00' },
      chat,
    );
    const id = (await t.deps.db.query<{ id: number }>('SELECT max(id) AS id FROM votes')).rows[0].id;
    await t.execute(ids.viborg, VOTING_VERBS.cast, { voteId: id, choice: 'imod' }, chat);
    expect(
      json((await t.execute(ids.viborgDeputy, VOTING_VERBS.cast, { voteId: id, choice: 'for' }, chat)).body),
    ).toContain('medlemmet for Viborg har selv stemt');
    const ballots = await t.deps.db.query('SELECT choice, cast_by, as_deputy FROM ballots WHERE vote_id = $1', [id]);
    expect(ballots.rows).toEqual([{ choice: null, cast_by: null, as_deputy: false }]);
    const audit = await t.deps.db.query('SELECT choice, outcome FROM ballot_audit WHERE vote_id = $1 ORDER BY id', [
      id,
    ]);
    expect(audit.rows).toEqual([
      { choice: null, outcome: 'counted' },
      { choice: null, outcome: 'refused' },
    ]);
    t.clock.set(new Date('2026-11-25T11:00:01Z'));
    await t.runJobs();
    expect((await t.deps.db.query('SELECT status, result FROM votes WHERE id = $1', [id])).rows[0]).toEqual({
      status: 'closed',
      result: 'ikke beslutningsdygtig',
    });
  });
});
