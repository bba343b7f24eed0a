import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  alertKey,
  canActOnIncident,
  checkKey,
  checkKeyPrefix,
  escalationKey,
  escalationKeyPrefix,
  escalationSchedule,
  isPresent,
  loginCoversShift,
  minutesLate,
  policyFor,
  shiftForDelayNotice,
  trimNotice,
  DEFAULT_NOSHOW_POLICY,
} from '../../src/shifts/shifts-domain.js';
import type { Actor } from '../../src/registry/registry-types.js';

const at = (iso: string) => new Date(iso);
const START = at('2026-11-24T07:00:00Z'); // 08:00 in Copenhagen

function actor(over: Partial<Actor> = {}): Actor {
  return {
    id: 1,
    email: 'a@eksempel.dk',
    name: 'Test',
    entraObjectId: 'x',
    tenantId: null,
    mobile: null,
    roles: [],
    secretariat: false,
    chair: false,
    seats: [],
    ...over,
  };
}

describe('isPresent', () => {
  it('is absent without events', () => {
    expect(isPresent([], START, at('2026-11-24T07:05:00Z'))).toBe(false);
  });
  it('counts a login before the start and during the grace period', () => {
    expect(isPresent([{ kind: 'login', at: at('2026-11-24T06:55:00Z') }], START, at('2026-11-24T07:05:00Z'))).toBe(
      true,
    );
    expect(isPresent([{ kind: 'login', at: at('2026-11-24T07:04:00Z') }], START, at('2026-11-24T07:05:00Z'))).toBe(
      true,
    );
  });
  it('ignores a login after the check time and one that was followed by a logout', () => {
    expect(isPresent([{ kind: 'login', at: at('2026-11-24T07:06:00Z') }], START, at('2026-11-24T07:05:00Z'))).toBe(
      false,
    );
    expect(
      isPresent(
        [
          { kind: 'login', at: at('2026-11-24T06:00:00Z') },
          { kind: 'logout', at: at('2026-11-24T06:30:00Z') },
        ],
        START,
        at('2026-11-24T07:05:00Z'),
      ),
    ).toBe(false);
  });
  it('ignores yesterday', () => {
    expect(isPresent([{ kind: 'login', at: at('2026-11-23T07:00:00Z') }], START, at('2026-11-24T07:05:00Z'))).toBe(
      false,
    );
  });
  it('depends only on the latest event before the check, whatever the order given (property)', () => {
    const event = fc.record({
      kind: fc.constantFrom<'login' | 'logout'>('login', 'logout'),
      at: fc.integer({ min: -600, max: 10 }).map((m) => new Date(START.getTime() + m * 60_000)),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const check = new Date(START.getTime() + 5 * 60_000);
        const shuffled = [...events].reverse();
        expect(isPresent(shuffled, START, check)).toBe(isPresent(events, START, check));
        const before = events.filter((e) => e.at <= check);
        if (before.length === 0) expect(isPresent(events, START, check)).toBe(false);
      }),
    );
  });
});

describe('escalation', () => {
  it('follows the defaults: secondary after 10, secretariat after 20 minutes', () => {
    const s = escalationSchedule(START, DEFAULT_NOSHOW_POLICY);
    expect(s.map((x) => [x.step, (x.runAt.getTime() - START.getTime()) / 60_000])).toEqual([
      [1, 10],
      [2, 20],
    ]);
  });
  it('never schedules a later step before an earlier one (property)', () => {
    fc.assert(
      fc.property(fc.nat(120), fc.nat(120), fc.nat(60), (secondary, secretariat, grace) => {
        const s = escalationSchedule(START, {
          ...DEFAULT_NOSHOW_POLICY,
          graceMinutes: grace,
          secondaryAfterMinutes: secondary,
          secretariatAfterMinutes: secretariat,
        });
        expect(s[0].runAt.getTime()).toBeGreaterThanOrEqual(START.getTime());
        expect(s[1].runAt.getTime()).toBeGreaterThanOrEqual(s[0].runAt.getTime());
      }),
    );
  });
  it('lets a municipality override single values', () => {
    expect(policyFor(DEFAULT_NOSHOW_POLICY, { graceMinutes: 2 })).toEqual({
      ...DEFAULT_NOSHOW_POLICY,
      graceMinutes: 2,
    });
  });
});

describe('keys', () => {
  it('a prefix of one id never matches another id (cancel by prefix is safe)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.nat(3),
        (a, b, step) => {
          fc.pre(a !== b);
          expect(escalationKey(b, step).startsWith(escalationKeyPrefix(a))).toBe(false);
          expect(checkKey(b, START).startsWith(checkKeyPrefix(a))).toBe(false);
          expect(escalationKey(a, step).startsWith(escalationKeyPrefix(a))).toBe(true);
        },
      ),
    );
  });
  it('names alerts as the delivery contract says', () => {
    expect(alertKey(42, 1, { personId: 7 })).toBe('noshow:42:step:1:person:7');
    expect(checkKey(3, START)).toBe('noshow:check:3:2026-11-24T07:00:00.000Z');
  });
});

describe('who may act', () => {
  it('allows the municipality contacts and the secretariat only', () => {
    expect(canActOnIncident(actor({ roles: [{ municipalityCode: 751, role: 'primaer_kontakt' }] }), 751)).toBe(true);
    expect(canActOnIncident(actor({ roles: [{ municipalityCode: 751, role: 'sekundaer_kontakt' }] }), 751)).toBe(true);
    expect(canActOnIncident(actor({ secretariat: true }), 751)).toBe(true);
    expect(canActOnIncident(actor({ roles: [{ municipalityCode: 461, role: 'primaer_kontakt' }] }), 751)).toBe(false);
    expect(canActOnIncident(actor({ roles: [{ municipalityCode: 751, role: 'agent' }] }), 751)).toBe(false);
    expect(canActOnIncident(null, 751)).toBe(false);
  });
});

describe('delay notices and logins', () => {
  const shifts = [
    { id: 1, startsAt: at('2026-11-24T07:00:00Z'), endsAt: at('2026-11-24T11:00:00Z') },
    { id: 2, startsAt: at('2026-11-24T12:00:00Z'), endsAt: at('2026-11-24T15:00:00Z') },
  ];
  it('matches a post to the shift whose window holds it, nearest start first', () => {
    expect(shiftForDelayNotice(shifts, at('2026-11-24T06:30:00Z'))?.id).toBe(1);
    expect(shiftForDelayNotice(shifts, at('2026-11-24T07:03:00Z'))?.id).toBe(1);
    expect(shiftForDelayNotice(shifts, at('2026-11-24T11:30:00Z'))?.id).toBe(2);
    expect(shiftForDelayNotice(shifts, at('2026-11-24T05:00:00Z'))).toBeNull();
  });
  it('a login resolves only while the shift runs', () => {
    expect(loginCoversShift(at('2026-11-24T07:12:00Z'), shifts[0])).toBe(true);
    expect(loginCoversShift(at('2026-11-24T11:12:00Z'), shifts[0])).toBe(false);
  });
  it('minutes late are whole and never negative; notices are trimmed', () => {
    expect(minutesLate(START, at('2026-11-24T07:12:59Z'))).toBe(12);
    expect(minutesLate(START, at('2026-11-24T06:00:00Z'))).toBe(0);
    expect(trimNotice('a\n\n b   c')).toBe('a b c');
    expect(trimNotice('x'.repeat(900)).length).toBe(500);
  });
});
