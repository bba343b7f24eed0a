import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { deadlineFor, isOnTime, problemsOf } from '../../src/agenda/agenda-domain.js';

const cph = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Copenhagen' }).toJSDate();

describe('the 14-day deadline', () => {
  it('is 23:59:59 Copenhagen time 14 days before the meeting day, winter and summer', () => {
    expect(deadlineFor(cph('2024-01-29T10:00'), 14).toISOString()).toBe('2024-01-15T22:59:59.000Z');
    expect(deadlineFor(cph('2026-06-20T10:00'), 14).toISOString()).toBe('2026-06-06T21:59:59.000Z');
  });

  it('accepts 23:59:59 and refuses 00:00:00 the next day', () => {
    const meeting = cph('2026-12-10T10:00');
    expect(isOnTime(meeting, 14, cph('2026-11-26T23:59:59'))).toBe(true);
    expect(isOnTime(meeting, 14, cph('2026-11-27T00:00:00'))).toBe(false);
  });

  it('holds across both clock changes', () => {
    // Meeting after the spring change, deadline before it (and the reverse in autumn).
    expect(deadlineFor(cph('2026-04-06T10:00'), 14).toISOString()).toBe('2026-03-23T22:59:59.000Z');
    expect(deadlineFor(cph('2026-11-02T10:00'), 14).toISOString()).toBe('2026-10-19T21:59:59.000Z');
    const springMeeting = cph('2026-04-12T09:00');
    expect(isOnTime(springMeeting, 14, cph('2026-03-29T23:59:59'))).toBe(true);
    expect(isOnTime(springMeeting, 14, cph('2026-03-30T00:00:00'))).toBe(false);
  });

  it('always falls on the local day N days before, at 23:59:59 local', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 30 }),
        (start, days) => {
          const d = DateTime.fromJSDate(deadlineFor(start, days), { zone: 'Europe/Copenhagen' });
          expect(d.toFormat('HH:mm:ss')).toBe('23:59:59');
          expect(d.toISODate()).toBe(
            DateTime.fromJSDate(start, { zone: 'Europe/Copenhagen' }).minus({ days }).toISODate(),
          );
          expect(isOnTime(start, days, deadlineFor(start, days))).toBe(true);
          expect(isOnTime(start, days, new Date(deadlineFor(start, days).getTime() + 1000))).toBe(false);
        },
      ),
    );
  });
});

describe('what an item must hold', () => {
  const ok = { meetingId: 1, title: 'Vagtplanen 2027', markers: 'O,D', presenter: 'Sekretariatet' };
  it('accepts a complete item', () => {
    expect(problemsOf(ok)).toMatchObject({ ok: true, value: { markers: ['O', 'D'] } });
  });
  it('requires a recommendation for a decision item', () => {
    expect(problemsOf({ ...ok, markers: 'B' })).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('indstilling')],
    });
  });
  it('refuses links that are not https, unknown markers and oversized text', () => {
    const r = problemsOf({
      ...ok,
      markers: 'O,X',
      title: 'x'.repeat(201),
      attachments: [{ name: 'a', url: 'javascript:alert(1)' }],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.join(' | ')).toMatch(/O, D og\/eller B.*|højst 200 tegn|https-link/);
    expect(!r.ok && r.problems.length).toBeGreaterThanOrEqual(3);
  });
  it('keeps template syntax as plain text', () => {
    expect(problemsOf({ ...ok, title: '${1+1} <b>fed</b>' })).toMatchObject({
      ok: true,
      value: { title: '${1+1} <b>fed</b>' },
    });
  });
});
