import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { outcome, tally, type Choice } from '../../src/voting/voting-domain.js';

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
