/**
 * VotingService's contract, on each test database: who may start, cast and close (and the DomainError code of
 * each refusal), what it writes (votes, seat snapshot, ballots, audit, decisions), what it sends (outbox rows,
 * the shared card's reference) and schedules (timers), and the views it returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addPerson, setCommittee } from '../support/registry-fixtures.js';
import { upsertConversation } from '../../src/registry/conversation-repository.js';
import type { Actor } from '../../src/registry/registry-types.js';
import type { VotingService, StartInput } from '../../src/voting/voting-service.js';
import { DomainError } from '../../src/shared/errors.js';

const CHAT = { id: '19:styregruppe-kontrakt@thread.v2', type: 'groupChat' };

/** The DomainError code a call is refused with (fails the test when it is not refused). */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

const input = (over: Partial<StartInput> = {}): StartInput => ({
  question: 'Godkendelse af budget 2027',
  recommendation: 'Det indstilles, at budgettet godkendes.',
  closesAt: null,
  anonymous: false,
  showDuring: true,
  itemId: null,
  ...over,
});

describe.each(testDatabases())('VotingService (%s)', (database) => {
  let t: TestApp;
  let service: VotingService;
  const actors = {} as Record<'chair' | 'secretary' | 'member' | 'deputy' | 'other' | 'outsider', Actor>;
  const count = async (sql: string, params: unknown[] = []) =>
    (await t.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database });
    service = t.app.modules.voting.service;
    const db = t.deps.db;
    const chair = await addPerson(db, { name: 'Carla Formand', roles: [[751, 'repraesentant']] });
    const secretary = await addPerson(db, { name: 'Svend Sekretær', secretariat: true });
    const member = await addPerson(db, { name: 'Mette Medlem', roles: [[791, 'repraesentant']] });
    const deputy = await addPerson(db, { name: 'Dorte Suppleant' });
    const other = await addPerson(db, { name: 'Ole Odense', roles: [[461, 'repraesentant']] });
    const outsider = await addPerson(db, { name: 'Ulla Udenfor', roles: [[461, 'primaer_kontakt']] });
    await setCommittee(db, {
      chairId: chair.id,
      seats: [
        { code: 751, memberId: chair.id },
        { code: 791, memberId: member.id, deputyId: deputy.id },
        { code: 461, memberId: other.id },
      ],
    });
    // The member's 1:1 chat with the bot: Teams refreshes the shared card for this user id.
    await upsertConversation(db, {
      id: 'a:personal-mette',
      type: 'personal',
      tenantId: 'tenant-test',
      serviceUrl: t.connector.url,
      reference: { conversation: { id: 'a:personal-mette' }, user: { id: '29:mette' } },
      personId: member.id,
      aadObjectId: null,
    });
    const people = { chair, secretary, member, deputy, other, outsider };
    for (const [role, person] of Object.entries(people))
      actors[role as keyof typeof actors] = (await t.deps.registry.identify(person.entraObjectId))!;
  });
  afterAll(() => t.stop());

  describe('newVoteForm', () => {
    it('gives the chair and the secretariat an empty form, optionally for an agenda item', async () => {
      expect(await service.newVoteForm(actors.chair, null)).toEqual({ question: '', recommendation: '', itemId: null });
      expect((await service.newVoteForm(actors.secretary, 12)).itemId).toBe(12);
    });

    it('refuses everyone else with FORBIDDEN', async () => {
      expect(await refusal(service.newVoteForm(actors.member, null))).toBe('FORBIDDEN');
    });
  });

  describe('start', () => {
    it('refuses, writing nothing: FORBIDDEN, INVALID_INPUT, NOT_FOUND', async () => {
      expect(await refusal(service.start(actors.member, CHAT, input()))).toBe('FORBIDDEN');
      expect(await refusal(service.start(actors.chair, { id: 'a:1', type: 'personal' }, input()))).toBe(
        'INVALID_INPUT',
      );
      expect(await refusal(service.start(actors.chair, CHAT, input({ question: 'Ja' })))).toBe('INVALID_INPUT');
      const past = new Date('2026-11-24T08:59:00Z');
      expect(await refusal(service.start(actors.chair, CHAT, input({ closesAt: past })))).toBe('INVALID_INPUT');
      expect(await refusal(service.start(actors.chair, CHAT, input({ itemId: 999999 })))).toBe('NOT_FOUND');
      expect(await count('votes')).toBe(0);
    });

    it('takes question and recommendation from an accepted (B) item, never from the card', async () => {
      const meeting = await addMeeting(t.deps.db, { startsAt: '2026-12-10T09:00:00Z' });
      const item = await t.deps.db.query<{ id: number }>(
        `INSERT INTO agenda_items (meeting_id, title, markers, presenter, recommendation, status, submitted_at)
         VALUES ($1, 'Ny vagtplan', '{B}', 'Carla Formand', 'Planen godkendes.', 'godkendt', now()) RETURNING id`,
        [meeting.id],
      );
      const vote = await service.start(
        actors.secretary,
        CHAT,
        input({ question: 'Forfalsket', recommendation: 'Forfalsket', itemId: item.rows[0].id }),
      );
      expect(vote).toMatchObject({ question: 'Ny vagtplan', recommendation: 'Planen godkendes.' });
      await service.close(actors.secretary, vote.id);
    });

    it('writes the vote with a snapshot of the seats, sends the shared card and schedules close and reminder', async () => {
      const closesAt = new Date('2026-11-26T15:00:00Z');
      const vote = await service.start(actors.chair, CHAT, input({ closesAt }));
      expect(vote).toMatchObject({ status: 'open', anonymous: false, showDuring: true, closesAt });
      expect(await count('vote_seats WHERE vote_id = $1', [vote.id])).toBe(3);
      const sent = await t.deps.db.query('SELECT recipient, card_ref FROM outbox WHERE key = $1', [
        `vote:${vote.id}:card`,
      ]);
      expect(sent.rows).toEqual([
        { recipient: { kind: 'conversation', conversationId: CHAT.id }, card_ref: `vote:${vote.id}` },
      ]);
      const timers = await t.deps.db.query<{ key: string; due_at: Date }>(
        `SELECT key, due_at FROM timers WHERE key LIKE $1 ORDER BY key`,
        [`vote:${vote.id}:%`],
      );
      expect(timers.rows.map((r) => [r.key, new Date(r.due_at).toISOString()])).toEqual([
        [`vote:${vote.id}:close`, '2026-11-26T15:00:00.000Z'],
        [`vote:${vote.id}:remind`, expect.any(String)],
      ]);
    });
  });

  describe('cast, voterView, close', () => {
    let voteId = 0;

    beforeAll(async () => {
      voteId = (await service.start(actors.chair, CHAT, input({ question: 'Åben afstemning' }))).id;
    });

    it("returns the voter's view: their seat and ballot, the count, and who may close", async () => {
      const view = await service.cast(actors.member, voteId, 'for');
      expect(view.voter).toEqual({
        seat: { municipalityCode: 791, asDeputy: false, choice: 'for', voted: true, castByDeputy: false },
        canClose: false,
        notice: null,
      });
      expect(view.tally).toMatchObject({ for: 1, voted: 1, seats: 3 });
      expect(view.seatCodes).toEqual([461, 751, 791]);
      expect(view.userIds).toEqual(['29:mette']);
      expect((await service.voterView(actors.chair, voteId)).voter).toEqual({
        seat: { municipalityCode: 751, asDeputy: false, choice: null, voted: false, castByDeputy: null },
        canClose: true,
        notice: null,
      });
      expect((await service.voterView(actors.secretary, voteId)).voter.seat).toBeNull();
    });

    it('shows a vote only to its seat holders, the chair and the secretariat (FORBIDDEN, also for a missing vote)', async () => {
      expect(await refusal(service.voterView(actors.outsider, voteId))).toBe('FORBIDDEN');
      expect(await refusal(service.voterView(actors.outsider, 999999))).toBe('FORBIDDEN');
      expect(await refusal(service.voterView(actors.secretary, 999999))).toBe('NOT_FOUND');
    });

    it("refuses the deputy's ballot once the member has voted, says why, and audits every attempt", async () => {
      const view = await service.cast(actors.deputy, voteId, 'imod');
      expect(view.voter.seat).toEqual({
        municipalityCode: 791,
        asDeputy: true,
        choice: 'for',
        voted: true,
        castByDeputy: false,
      });
      expect(view.voter.notice).toEqual({ kind: 'refused', reason: 'member-voted' });
      await service.cast(actors.member, voteId, 'for');
      const audit = await t.deps.db.query(
        'SELECT choice, as_deputy, outcome, reason FROM ballot_audit WHERE vote_id = $1 ORDER BY id',
        [voteId],
      );
      expect(audit.rows).toEqual([
        { choice: 'for', as_deputy: false, outcome: 'counted', reason: null },
        { choice: 'imod', as_deputy: true, outcome: 'refused', reason: 'member-voted' },
        { choice: 'for', as_deputy: false, outcome: 'unchanged', reason: null },
      ]);
      const shared = await t.deps.db.query<{ card: unknown }>('SELECT card FROM card_refs WHERE card_ref = $1', [
        `vote:${voteId}`,
      ]);
      expect(JSON.stringify(shared.rows[0].card)).toContain('Viborg: For');
    });

    it('refuses a person without a seat with FORBIDDEN, whether or not the vote exists', async () => {
      expect(await refusal(service.cast(actors.outsider, voteId, 'for'))).toBe('FORBIDDEN');
      expect(await refusal(service.cast(actors.outsider, 999999, 'for'))).toBe('FORBIDDEN');
      expect(await refusal(service.cast(actors.member, 999999, 'for'))).toBe('FORBIDDEN');
      expect(await count('ballots WHERE vote_id = $1', [voteId])).toBe(1);
    });

    it('refuses closing to others with FORBIDDEN, whether or not the vote exists; NOT_FOUND for the chair', async () => {
      expect(await refusal(service.close(actors.member, voteId))).toBe('FORBIDDEN');
      expect(await refusal(service.close(actors.member, 999999))).toBe('FORBIDDEN');
      expect(await refusal(service.close(actors.chair, 999999))).toBe('NOT_FOUND');
    });

    it('closes once: the decision in the register, an Engage post requested, a late ballot not counted', async () => {
      await service.cast(actors.chair, voteId, 'for');
      await service.cast(actors.other, voteId, 'for');
      const view = await service.close(actors.secretary, voteId);
      expect(view.vote).toMatchObject({ status: 'closed', result: 'vedtaget' });
      await service.closeAtDeadline(voteId);
      await service.close(actors.chair, voteId);
      const decisions = await t.deps.db.query(
        'SELECT result, votes_for, votes_against, votes_abstain, seats FROM decisions WHERE vote_id = $1',
        [voteId],
      );
      expect(decisions.rows).toEqual([
        { result: 'vedtaget', votes_for: 3, votes_against: 0, votes_abstain: 0, seats: 3 },
      ]);
      expect(await count('timers WHERE key = $1', [`engage:post:decision:${voteId}`])).toBe(1);
      const late = await service.cast(actors.member, voteId, 'undlader');
      expect(late.voter.notice).toEqual({ kind: 'refused', reason: 'closed' });
      expect(late.tally).toMatchObject({ for: 3, undlader: 0 });
    });
  });

  describe('anonymous votes', () => {
    it('store only that the seat voted and the totals; a second secret ballot for the seat is refused', async () => {
      const vote = await service.start(actors.chair, CHAT, input({ question: 'Hemmelig', anonymous: true }));
      const view = await service.cast(actors.member, vote.id, 'imod');
      expect(view.voter.seat).toEqual({
        municipalityCode: 791,
        asDeputy: false,
        choice: null,
        voted: true,
        castByDeputy: false,
      });
      expect((await service.cast(actors.member, vote.id, 'for')).voter.notice).toEqual({
        kind: 'refused',
        reason: 'secret-final',
      });
      const ballots = await t.deps.db.query('SELECT choice, cast_by, as_deputy FROM ballots WHERE vote_id = $1', [
        vote.id,
      ]);
      expect(ballots.rows).toEqual([{ choice: null, cast_by: null, as_deputy: false }]);
      expect(view.tally).toMatchObject({ imod: 1, voted: 1 });
      expect(await count('ballot_audit WHERE vote_id = $1 AND choice IS NULL', [vote.id])).toBe(2);
    });
  });

  describe('a vote past its closing time', () => {
    it('does not count ballots after the time before the job has run; the job closes it; reminders only while open', async () => {
      const closesAt = new Date('2026-11-24T12:00:00Z');
      const vote = await service.start(actors.chair, CHAT, input({ question: 'Med frist', closesAt }));
      await service.remind(vote.id);
      const reminded = await t.deps.db.query<{ key: string }>('SELECT key FROM outbox WHERE batch = $1 ORDER BY key', [
        `vote:${vote.id}:remind`,
      ]);
      expect(reminded.rows.map((r) => r.key).sort()).toEqual(
        [actors.chair, actors.member, actors.deputy, actors.other].map((a) => `vote:${vote.id}:remind:${a.id}`).sort(),
      );
      t.clock.set(new Date('2026-11-24T12:00:01Z'));
      expect((await service.cast(actors.member, vote.id, 'for')).voter.notice).toEqual({
        kind: 'refused',
        reason: 'closed',
      });
      expect(await count('ballots WHERE vote_id = $1', [vote.id])).toBe(0);
      await service.closeAtDeadline(vote.id);
      expect((await service.voterView(actors.chair, vote.id)).vote.result).toBe('ikke beslutningsdygtig');
      await service.remind(vote.id);
      expect(await count('outbox WHERE batch = $1', [`vote:${vote.id}:remind`])).toBe(4);
    });
  });
});
