/**
 * Ballot precedence (issue 21 point 3, DOMAIN.md "Steering-committee decisions"): one ballot per seat; the member's
 * own ballot always stands; a deputy's ballot counts only while the member has not voted, and a member who votes
 * later replaces it; the deputy's card says why a refused ballot was refused; the audit keeps every attempt. Through
 * the real bot, on each test database, open and anonymous votes alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { VOTING_VERBS } from '../../src/voting/voting-cards.js';
import { VotingService } from '../../src/voting/voting-service.js';
import { DEFAULT_RULES } from '../../src/voting/voting-domain.js';

const json = (x: unknown) => JSON.stringify(x);
const chat = { conversationId: '19:styregruppe-praecedens@thread.v2', conversationType: 'groupChat' as const };
const oid = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const who = {
  chair: oid(1), // member for Aarhus (751)
  member: oid(2), // member for Viborg (791)
  deputy: oid(3), // deputy for Viborg
  odense: oid(4), // member for Odense (461)
  both: oid(5), // member for København (101) and, by a registry slip, deputy for Odense
};

describe.each(testDatabases())('ballot precedence on %s', (database) => {
  let t: TestApp;
  const personIds: Record<keyof typeof who, number> = {} as never;

  const startVote = async (question: string, anonymous = false) => {
    await t.execute(who.chair, VOTING_VERBS.start, { question, anonymous: String(anonymous) }, chat);
    return (await t.deps.db.query<{ id: number }>('SELECT max(id) AS id FROM votes')).rows[0].id;
  };
  const cast = (person: keyof typeof who, voteId: number, choice: string) =>
    t.execute(who[person], VOTING_VERBS.cast, { voteId, choice }, chat);
  const ballots = async (voteId: number) =>
    (
      await t.deps.db.query(
        'SELECT municipality_code AS seat, choice, cast_by, as_deputy FROM ballots WHERE vote_id = $1 ORDER BY 1',
        [voteId],
      )
    ).rows;
  const audit = async (voteId: number) =>
    (
      await t.deps.db.query(
        'SELECT municipality_code AS seat, person_id, as_deputy, choice, outcome, reason FROM ballot_audit WHERE vote_id = $1 ORDER BY id',
        [voteId],
      )
    ).rows;
  const sharedCard = async (voteId: number) =>
    json(
      (await t.deps.db.query('SELECT card FROM card_refs WHERE card_ref = $1', [`vote:${voteId}`])).rows[0]?.card ?? {},
    );

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database });
    const db = t.deps.db;
    const people = {
      chair: await addPerson(db, { name: 'Carl Formand', objectId: who.chair, roles: [[751, 'repraesentant']] }),
      member: await addPerson(db, { name: 'Maja Medlem', objectId: who.member, roles: [[791, 'repraesentant']] }),
      deputy: await addPerson(db, { name: 'Dan Suppleant', objectId: who.deputy }),
      odense: await addPerson(db, { name: 'Olga Odense', objectId: who.odense, roles: [[461, 'repraesentant']] }),
      both: await addPerson(db, { name: 'Bo Begge', objectId: who.both, roles: [[101, 'repraesentant']] }),
    };
    for (const [role, person] of Object.entries(people)) personIds[role as keyof typeof who] = person.id;
    await setCommittee(db, {
      chairId: people.chair.id,
      seats: [
        { code: 751, memberId: people.chair.id },
        { code: 791, memberId: people.member.id, deputyId: people.deputy.id },
        { code: 461, memberId: people.odense.id, deputyId: people.both.id },
        { code: 101, memberId: people.both.id },
      ],
    });
    await addConversation(db, t.connector.url, { id: chat.conversationId, type: 'groupChat' });
  });
  afterAll(() => t.stop());

  describe('an open vote', () => {
    let voteId = 0;
    beforeAll(async () => {
      voteId = await startVote('Godkendelse af åbningstider 2027');
    });

    it("counts a deputy's ballot while the member has not voted", async () => {
      const answer = await cast('deputy', voteId, 'imod');
      expect(json(answer.body.value)).toContain('Din stemme for Viborg (som suppleant): Imod');
      expect(await ballots(voteId)).toEqual([
        { seat: 791, choice: 'imod', cast_by: personIds.deputy, as_deputy: true },
      ]);
      expect(await sharedCard(voteId)).toContain('Viborg: Imod (stemt af suppleant)');
    });

    it("replaces the deputy's ballot with the member's own, and tells the member", async () => {
      const answer = await cast('member', voteId, 'for');
      expect(json(answer.body.value)).toContain('Din stemme for Viborg: For');
      expect(json(answer.body.value)).toContain('erstatter suppleantens');
      expect(await ballots(voteId)).toEqual([
        { seat: 791, choice: 'for', cast_by: personIds.member, as_deputy: false },
      ]);
      expect(await sharedCard(voteId)).toContain('Viborg: For');
      expect(await sharedCard(voteId)).not.toContain('stemt af suppleant');
    });

    it("refuses the deputy once the member has voted, says why on the deputy's card, and changes nothing", async () => {
      const answer = await cast('deputy', voteId, 'imod');
      expect(answer.status).toBe(200);
      const card = json(answer.body.value);
      expect(card).toContain('Din stemme blev ikke talt');
      expect(card).toContain('medlemmet for Viborg har selv stemt');
      expect(card).toContain('Medlemmet har stemt for Viborg: For');
      expect(await ballots(voteId)).toEqual([
        { seat: 791, choice: 'for', cast_by: personIds.member, as_deputy: false },
      ]);
      expect(await sharedCard(voteId)).toContain('Viborg: For');
    });

    it('lets the member change their own ballot; the deputy still cannot', async () => {
      await cast('member', voteId, 'undlader');
      await cast('deputy', voteId, 'for');
      expect(await ballots(voteId)).toEqual([
        { seat: 791, choice: 'undlader', cast_by: personIds.member, as_deputy: false },
      ]);
    });

    it('keeps every attempt in the audit log, accepted and refused', async () => {
      expect(await audit(voteId)).toEqual([
        { seat: 791, person_id: personIds.deputy, as_deputy: true, choice: 'imod', outcome: 'counted', reason: null },
        {
          seat: 791,
          person_id: personIds.member,
          as_deputy: false,
          choice: 'for',
          outcome: 'counted',
          reason: 'replaces-deputy',
        },
        {
          seat: 791,
          person_id: personIds.deputy,
          as_deputy: true,
          choice: 'imod',
          outcome: 'refused',
          reason: 'member-voted',
        },
        {
          seat: 791,
          person_id: personIds.member,
          as_deputy: false,
          choice: 'undlader',
          outcome: 'counted',
          reason: null,
        },
        {
          seat: 791,
          person_id: personIds.deputy,
          as_deputy: true,
          choice: 'for',
          outcome: 'refused',
          reason: 'member-voted',
        },
      ]);
    });

    it('gives a person who is member of one seat and deputy of another one ballot, for their own seat', async () => {
      const answer = await cast('both', voteId, 'for');
      expect(json(answer.body.value)).toContain('Din stemme for København: For');
      expect((await ballots(voteId)).map((b: any) => b.seat)).toEqual([101, 791]);
      // Odense's own member is not refused or replaced by it.
      await cast('odense', voteId, 'imod');
      expect((await ballots(voteId)).find((b: any) => b.seat === 461)).toMatchObject({ cast_by: personIds.odense });
    });
  });

  describe('an anonymous vote', () => {
    let voteId = 0;
    beforeAll(async () => {
      voteId = await startVote('Hemmelig: valg af leverandør', true);
    });

    it('does not let the deputy who voted first lock the member out', async () => {
      await cast('deputy', voteId, 'imod');
      const answer = await cast('member', voteId, 'for');
      expect(json(answer.body.value)).not.toContain('ikke talt');
      expect(json(answer.body.value)).toContain('erstatter suppleantens');
      expect(await ballots(voteId)).toEqual([{ seat: 791, choice: null, cast_by: null, as_deputy: false }]);
    });

    it('refuses the deputy afterwards and a second secret ballot from the member, each with its reason', async () => {
      expect(json((await cast('deputy', voteId, 'imod')).body.value)).toContain('medlemmet for Viborg har selv stemt');
      expect(json((await cast('member', voteId, 'imod')).body.value)).toContain('hemmelig stemme kan ikke ændres');
    });

    it("counts only the member's choice, keeps no choice per seat, and audits every attempt without the choice", async () => {
      await cast('odense', voteId, 'for');
      await t.execute(who.chair, VOTING_VERBS.close, { voteId }, chat);
      const totals = await t.deps.db.query(
        'SELECT choice, count FROM anonymous_totals WHERE vote_id = $1 ORDER BY choice',
        [voteId],
      );
      expect(totals.rows).toEqual([{ choice: 'for', count: 2 }]);
      const secrets = await t.deps.db.query(
        'SELECT count(*)::int AS n FROM ballots WHERE vote_id = $1 AND (choice IS NOT NULL OR secret_choice IS NOT NULL)',
        [voteId],
      );
      expect(secrets.rows[0].n).toBe(0);
      const attempts = await audit(voteId);
      expect(attempts.map((a: any) => [a.as_deputy, a.outcome, a.reason])).toEqual([
        [true, 'counted', null],
        [false, 'counted', 'replaces-deputy'],
        [true, 'refused', 'member-voted'],
        [false, 'refused', 'secret-final'],
        [false, 'counted', null],
      ]);
      expect(attempts.every((a: any) => a.choice === null)).toBe(true);
    });

    it("counts a deputy's secret ballot at closing when the member never voted", async () => {
      const id = await startVote('Hemmelig: kun suppleanten stemmer', true);
      await cast('deputy', id, 'imod');
      await cast('chair', id, 'imod');
      await t.execute(who.chair, VOTING_VERBS.close, { voteId: id }, chat);
      const totals = await t.deps.db.query('SELECT choice, count FROM anonymous_totals WHERE vote_id = $1', [id]);
      expect(totals.rows).toEqual([{ choice: 'imod', count: 2 }]);
    });
  });
});

describe.each(testDatabases())('ballot precedence with attendance, through the seam (%s)', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database });
  });
  afterAll(() => t.stop());

  it("asks the attendance source for a deputy's ballot only, and follows it", async () => {
    const db = t.deps.db;
    const chair = await addPerson(db, { name: 'Connie Formand', secretariat: true });
    const member = await addPerson(db, { name: 'Mikkel Medlem' });
    const deputy = await addPerson(db, { name: 'Dorit Suppleant' });
    const other = await addPerson(db, { name: 'Otto Anden' });
    const otherDeputy = await addPerson(db, { name: 'Dagny Anden Suppleant' });
    await setCommittee(db, {
      chairId: chair.id,
      seats: [
        { code: 791, memberId: member.id, deputyId: deputy.id },
        { code: 461, memberId: other.id, deputyId: otherDeputy.id },
      ],
    });
    const asked: number[] = [];
    // Viborg's member attends; Odense's member has sent afbud.
    const service = new VotingService({
      db,
      clock: t.clock,
      delivery: t.deps.delivery,
      scheduler: t.deps.scheduler,
      reminderMinutesBefore: 60,
      rules: DEFAULT_RULES,
      attendance: async (_q, _vote, code) => {
        asked.push(code);
        return code === 791 ? 'present' : 'absent';
      },
    });
    const actor = async (p: { entraObjectId: string | null }) => (await t.deps.registry.identify(p.entraObjectId))!;
    const vote = await service.start(
      await actor(chair),
      { id: '19:moede@thread.v2', type: 'groupChat' },
      {
        question: 'Afstemning på mødet',
        recommendation: '',
        closesAt: null,
        anonymous: false,
        showDuring: true,
        itemId: null,
      },
    );
    expect((await service.cast(await actor(deputy), vote.id, 'for')).voter.notice).toEqual({
      kind: 'refused',
      reason: 'member-present',
    });
    expect((await service.cast(await actor(otherDeputy), vote.id, 'imod')).voter.notice).toBeNull();
    await service.cast(await actor(member), vote.id, 'for');
    expect(asked).toEqual([791, 461]);
  });
});
