import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  copenhagenToUtc,
  formatDate,
  formatDateTime,
  formatTime,
  localDateOf,
  monthName,
  monthOf,
  parseDanishDate,
} from '../../src/shared/time.js';

describe('Copenhagen time', () => {
  it('shows instants in Danish local time, winter and summer', () => {
    expect(formatDateTime(new Date('2026-01-15T09:00:00Z'))).toContain('10:00');
    expect(formatTime(new Date('2026-07-15T09:00:00Z'))).toBe('kl. 11:00');
    expect(formatDate(new Date('2024-01-29T12:00:00Z'))).toBe('29.01.2024');
  });

  it('turns local dates into UTC across daylight-saving changes', () => {
    expect(copenhagenToUtc('2026-03-29', '03:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(copenhagenToUtc('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T11:00:00.000Z');
    expect(() => copenhagenToUtc('2026-02-30')).toThrow();
  });

  it('round-trips any instant through its local date', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }), (d) => {
        const day = localDateOf(d);
        const start = copenhagenToUtc(day);
        expect(start.getTime()).toBeLessThanOrEqual(d.getTime());
        expect(d.getTime() - start.getTime()).toBeLessThan(25 * 3600 * 1000);
      }),
    );
  });

  it('formats every instant as luxon does in Copenhagen, across daylight-saving changes', () => {
    const oracle = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Copenhagen' });
    const dstEdges = fc
      .constantFrom(
        '2026-03-29T00:59:59Z',
        '2026-03-29T01:00:00Z',
        '2026-10-25T00:59:59Z',
        '2026-10-25T01:00:00Z',
        '2026-12-31T23:00:00Z',
      )
      .map((s) => new Date(s));
    fc.assert(
      fc.property(
        fc.oneof(fc.date({ min: new Date('1990-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }), dstEdges),
        (d) => {
          expect(formatDate(d)).toBe(oracle(d).toFormat('dd.MM.yyyy'));
          expect(formatTime(d)).toBe(`kl. ${oracle(d).toFormat('HH:mm')}`);
          expect(formatDateTime(d)).toBe(`${oracle(d).toFormat('dd.MM.yyyy')} kl. ${oracle(d).toFormat('HH:mm')}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('parses dates as Danes type them, refusing impossible ones', () => {
    expect(parseDanishDate('29.01.2024')).toBe('2024-01-29');
    expect(parseDanishDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDanishDate('30.02.2024')).toBeNull();
    expect(parseDanishDate('i morgen')).toBeNull();
    expect(monthOf(new Date('2026-10-31T23:30:00Z'))).toBe('2026-11');
    expect(monthName('2026-10')).toBe('oktober 2026');
    expect(monthName('2027-01')).toBe('januar 2027');
  });
});
