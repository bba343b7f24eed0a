import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffMs, decideOnFailure, MAX_ATTEMPTS } from '../../src/delivery/retry-policy.js';
import { conversationWindows, SlidingWindowLimiter } from '../../src/delivery/rate-limiter.js';

describe('retry policy', () => {
  it('retries what Teams says is temporary, honouring Retry-After', () => {
    for (const status of [429, 412, 502, 503, 504, 0]) expect(decideOnFailure(status, null, 1).action).toBe('retry');
    const d = decideOnFailure(429, 30_000, 1);
    expect(d.action === 'retry' && d.delayMs).toBeGreaterThanOrEqual(30_000);
  });

  it('treats blocked and missing conversations as final', () => {
    expect(decideOnFailure(403, null, 1)).toMatchObject({ action: 'dead' });
    expect(decideOnFailure(404, null, 1)).toMatchObject({ action: 'dead' });
    expect(decideOnFailure(400, null, 1)).toMatchObject({ action: 'fail' });
    expect(decideOnFailure(503, null, MAX_ATTEMPTS)).toMatchObject({ action: 'fail' });
  });

  it('backs off exponentially with jitter, within bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (attempt, r) => {
        const bound = Math.min(300_000, 1000 * 2 ** (attempt - 1));
        const ms = backoffMs(attempt, () => r);
        expect(ms).toBeGreaterThanOrEqual(bound / 2 - 1);
        expect(ms).toBeLessThanOrEqual(bound);
      }),
    );
  });
});

describe('sliding-window limiter', () => {
  it('never lets more through than any window allows, whatever the arrival pattern', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }), (gaps) => {
        const windows = conversationWindows(7);
        const limiter = new SlidingWindowLimiter(windows, 0);
        const sent: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          const wait = limiter.delayFor('c', now);
          now += wait;
          expect(limiter.delayFor('c', now)).toBe(0);
          limiter.record('c', now);
          sent.push(now);
        }
        for (const w of windows) {
          for (const t of sent) expect(sent.filter((x) => x >= t && x < t + w.ms).length).toBeLessThanOrEqual(w.limit);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps conversations apart and forgets idle ones', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, ms: 1000 }], 0);
    limiter.record('a', 0);
    expect(limiter.delayFor('a', 10)).toBe(990);
    expect(limiter.delayFor('b', 10)).toBe(0);
    limiter.prune(5000);
    expect(limiter.delayFor('a', 5000)).toBe(0);
  });
});
