import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideBallot, DEFAULT_RULES, outcome, seatOf, tally, type Choice } from '../../src/voting/voting-domain.js';

const choice = fc.constantFrom<Choice>('for', 'imod', 'undlader');

describe('decision rules', () => {
  it('needs more than half the seats to vote', () => {
    expect(outcome(tally(['for', 'for', 'for', 'for', 'for', 'for'], 13))).toBe('ikke beslutningsdygtig');
    expect(outcome(tally(['for', 'for', 'for', 'for', 'for', 'for', 'undlader'], 13))).toBe('vedtaget');
  });

  it('passes with more for than against; abstentions do not count; a tie fails', () => {
    expect(outcome(tally(['for', 'imod', 'undlader', 'undlader', 'undlader'], 5))).toBe('forkastet');
    expect(outcome(tally(['for', 'for', 'imod', 'undlader', 'undlader'], 5))).toBe('vedtaget');
  });

  it('holds for any set of ballots', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 13 })
          .chain((seats) => fc.tuple(fc.constant(seats), fc.array(choice, { maxLength: seats }))),
        ([seats, ballots]) => {
          const t = tally(ballots, seats);
          expect(t.for + t.imod + t.undlader).toBe(t.voted);
          const r = outcome(t);
          if (t.voted * 2 <= seats) expect(r).toBe('ikke beslutningsdygtig');
          else expect(r).toBe(t.for > t.imod ? 'vedtaget' : 'forkastet');
          // Turning one "imod" into "for" never makes a passed proposal fail.
          const i = ballots.indexOf('imod');
          if (i >= 0 && r === 'vedtaget')
            expect(
              outcome(
                tally(
                  ballots.map((b, j) => (j === i ? 'for' : b)),
                  seats,
                ),
              ),
            ).toBe('vedtaget');
        },
      ),
    );
  });
});

describe('configured rules (VOTE_QUORUM_SHARE, VOTE_TIE_RULE)', () => {
  it('takes the quorum share from configuration: strictly more than that share must vote', () => {
    const twoThirds = { quorumShare: 2 / 3, tieRule: 'fails' as const };
    expect(outcome(tally(['for', 'for', 'for', 'for', 'for', 'for', 'for', 'for'], 12), twoThirds)).toBe(
      'ikke beslutningsdygtig',
    );
    expect(outcome(tally(['for', 'for', 'for', 'for', 'for', 'for', 'for', 'for', 'imod'], 12), twoThirds)).toBe(
      'vedtaget',
    );
  });

  it("lets a tie fail by default, or be decided by the chair's own ballot when so configured", () => {
    const tie = tally(['for', 'imod', 'for', 'imod'], 5);
    expect(outcome(tie)).toBe('forkastet');
    expect(outcome(tie, DEFAULT_RULES, 'for')).toBe('forkastet');
    const chairDecides = { ...DEFAULT_RULES, tieRule: 'chair' as const };
    expect(outcome(tie, chairDecides, 'for')).toBe('vedtaget');
    expect(outcome(tie, chairDecides, 'imod')).toBe('forkastet');
    expect(outcome(tie, chairDecides, 'undlader')).toBe('forkastet');
    expect(outcome(tie, chairDecides, null)).toBe('forkastet');
    // Not a tie: the chair's ballot is one like the others.
    expect(outcome(tally(['for', 'imod', 'imod'], 5), chairDecides, 'for')).toBe('forkastet');
  });
});

describe('ballot precedence (decideBallot)', () => {
  const base = { choice: 'for' as Choice, anonymous: false, open: true, memberAttendance: 'unknown' as const };
  const member = { asDeputy: false, choice: 'imod' as Choice };
  const deputy = { asDeputy: true, choice: 'imod' as Choice };

  it("always counts the member's own ballot, replacing the deputy's", () => {
    expect(decideBallot({ ...base, asDeputy: false, standing: null })).toEqual({
      kind: 'count',
      replacesDeputy: false,
    });
    expect(decideBallot({ ...base, asDeputy: false, standing: deputy })).toEqual({
      kind: 'count',
      replacesDeputy: true,
    });
    expect(decideBallot({ ...base, asDeputy: false, standing: member })).toEqual({
      kind: 'count',
      replacesDeputy: false,
    });
    expect(decideBallot({ ...base, asDeputy: false, standing: { ...member, choice: 'for' } })).toEqual({
      kind: 'unchanged',
    });
  });

  it("counts the deputy's ballot only while the member has not voted", () => {
    expect(decideBallot({ ...base, asDeputy: true, standing: null })).toEqual({ kind: 'count', replacesDeputy: false });
    expect(decideBallot({ ...base, asDeputy: true, standing: deputy })).toEqual({
      kind: 'count',
      replacesDeputy: false,
    });
    expect(decideBallot({ ...base, asDeputy: true, standing: member })).toEqual({
      kind: 'refused',
      reason: 'member-voted',
    });
  });

  it('takes attendance as input: a deputy may not vote for a member who attends; an absent member still outranks', () => {
    const present = { ...base, memberAttendance: 'present' as const };
    const absent = { ...base, memberAttendance: 'absent' as const };
    expect(decideBallot({ ...present, asDeputy: true, standing: null })).toEqual({
      kind: 'refused',
      reason: 'member-present',
    });
    expect(decideBallot({ ...present, asDeputy: false, standing: null })).toEqual({
      kind: 'count',
      replacesDeputy: false,
    });
    expect(decideBallot({ ...absent, asDeputy: true, standing: null })).toEqual({
      kind: 'count',
      replacesDeputy: false,
    });
    expect(decideBallot({ ...absent, asDeputy: true, standing: member })).toEqual({
      kind: 'refused',
      reason: 'member-voted',
    });
    expect(decideBallot({ ...absent, asDeputy: false, standing: deputy })).toEqual({
      kind: 'count',
      replacesDeputy: true,
    });
  });

  it('never lets the first secret ballot lock the member out; a secret ballot is not changed by its caster', () => {
    const secret = { ...base, anonymous: true };
    const secretDeputy = { asDeputy: true, choice: null };
    const secretMember = { asDeputy: false, choice: null };
    expect(decideBallot({ ...secret, asDeputy: false, standing: secretDeputy })).toEqual({
      kind: 'count',
      replacesDeputy: true,
    });
    expect(decideBallot({ ...secret, asDeputy: false, standing: secretMember })).toEqual({
      kind: 'refused',
      reason: 'secret-final',
    });
    expect(decideBallot({ ...secret, asDeputy: true, standing: secretDeputy })).toEqual({
      kind: 'refused',
      reason: 'secret-final',
    });
  });

  it('refuses every ballot on a closed vote', () => {
    expect(decideBallot({ ...base, open: false, asDeputy: false, standing: null })).toEqual({
      kind: 'refused',
      reason: 'closed',
    });
  });

  it('gives a person on two seats one ballot, for the seat they are member of', () => {
    const seats = [
      { municipalityCode: 101, memberPersonId: 7, deputyPersonId: null },
      { municipalityCode: 461, memberPersonId: 8, deputyPersonId: 7 },
    ];
    expect(seatOf({ id: 7 }, seats)).toEqual({ municipalityCode: 101, asDeputy: false });
    expect(seatOf({ id: 7 }, [...seats].reverse())).toEqual({ municipalityCode: 101, asDeputy: false });
  });
});
