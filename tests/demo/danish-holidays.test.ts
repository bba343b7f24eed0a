/** Danish days off and the demo's meeting calendar: no meeting on a weekend or a holiday such as 2. juledag. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  danishHolidays,
  easterSunday,
  holidayOn,
  isDanishWorkingDay,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from '../../src/demo/danish-holidays.js';
import { demoMeetings } from '../../src/demo/demo-data.js';
import { localDateOf, formatTime } from '../../src/shared/time.js';

describe('Danish holidays', () => {
  it.each([
    [1818, '1818-03-22'],
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('lists the Easter-based and fixed days of 2026', () => {
    expect(danishHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Nytårsdag' },
      { date: '2026-04-02', name: 'Skærtorsdag' },
      { date: '2026-04-03', name: 'Langfredag' },
      { date: '2026-04-05', name: 'Påskedag' },
      { date: '2026-04-06', name: '2. påskedag' },
      { date: '2026-05-14', name: 'Kristi himmelfartsdag' },
      { date: '2026-05-24', name: 'Pinsedag' },
      { date: '2026-05-25', name: '2. pinsedag' },
      { date: '2026-06-05', name: 'Grundlovsdag' },
      { date: '2026-12-24', name: 'Juleaftensdag' },
      { date: '2026-12-25', name: '1. juledag' },
      { date: '2026-12-26', name: '2. juledag' },
      { date: '2026-12-31', name: 'Nytårsaftensdag' },
    ]);
  });

  it('keeps store bededag until 2023 only (abolished from 2024)', () => {
    expect(holidayOn('2023-05-05')?.name).toBe('Store bededag');
    expect(danishHolidays(2024).some((h) => h.name === 'Store bededag')).toBe(false);
  });

  it('knows working days', () => {
    expect(isDanishWorkingDay('2025-12-26')).toBe(false); // 2. juledag, a Friday
    expect(isDanishWorkingDay('2025-12-27')).toBe(false); // Saturday
    expect(isDanishWorkingDay('2025-12-29')).toBe(true);
    expect(workingDayOnOrAfter('2025-12-24')).toBe('2025-12-29');
    expect(workingDayOnOrBefore('2025-12-26')).toBe('2025-12-23');
    expect(workingDayOnOrAfter('2026-04-02')).toBe('2026-04-07');
    expect(workingDayOnOrAfter('2026-11-25')).toBe('2026-11-25');
  });
});

describe('the demo meeting calendar', () => {
  it('puts every meeting on a working day at 10:00, whatever day the demo starts (2024-2030)', () => {
    for (
      let day = DateTime.fromISO('2024-01-01', { zone: 'Europe/Copenhagen' });
      day.year <= 2030;
      day = day.plus({ days: 1 })
    ) {
      const now = day.set({ hour: 8 }).toJSDate();
      const meetings = demoMeetings(now);
      for (const meeting of meetings) {
        const date = localDateOf(meeting.startsAt);
        expect(isDanishWorkingDay(date), `${day.toISODate()} → ${date}`).toBe(true);
        expect(formatTime(meeting.startsAt)).toBe('kl. 10:00');
      }
      // The first one stays inside the 14-day agenda deadline, so the refusal can be tried.
      const first = DateTime.fromISO(localDateOf(meetings[0].startsAt), { zone: 'Europe/Copenhagen' });
      expect(first.diff(day.startOf('day'), 'days').days).toBeLessThan(14);
      expect(first.diff(day.startOf('day'), 'days').days).toBeGreaterThan(0);
    }
  });

  it('moves the meeting planned on 2. juledag 2025', () => {
    const [first] = demoMeetings(new Date('2025-12-16T08:00:00Z'));
    expect(localDateOf(first.startsAt)).toBe('2025-12-23');
    const later = demoMeetings(new Date('2025-12-02T08:00:00Z'));
    expect(later.map((m) => localDateOf(m.startsAt))).not.toContain('2025-12-26');
  });
});
