/**
 * Danish public holidays and working days, for the demo's meeting calendar: a steering-committee meeting is never
 * placed on a weekend, on a public holiday (helligdag) or on a day Danish workplaces close by custom (Grundlovsdag,
 * juleaftensdag, nytårsaftensdag). Dates are calendar dates (YYYY-MM-DD), no time zone involved.
 */
import { DateTime } from 'luxon';

export interface Holiday {
  date: string;
  name: string;
}

/** Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, day).toISODate()!;
}

/** The year's days off, in date order: the official helligdage and the three days closed by custom. */
export function danishHolidays(year: number): Holiday[] {
  const easter = DateTime.fromISO(easterSunday(year), { zone: 'utc' });
  const fromEaster = (days: number, name: string): Holiday => ({ date: easter.plus({ days }).toISODate()!, name });
  const fixed = (month: number, day: number, name: string): Holiday => ({
    date: DateTime.utc(year, month, day).toISODate()!,
    name,
  });
  const holidays: Holiday[] = [
    fixed(1, 1, 'Nytårsdag'),
    fromEaster(-3, 'Skærtorsdag'),
    fromEaster(-2, 'Langfredag'),
    fromEaster(0, 'Påskedag'),
    fromEaster(1, '2. påskedag'),
    // Store bededag was a public holiday until 2023 (abolished by law from 2024).
    ...(year <= 2023 ? [fromEaster(26, 'Store bededag')] : []),
    fromEaster(39, 'Kristi himmelfartsdag'),
    fromEaster(49, 'Pinsedag'),
    fromEaster(50, '2. pinsedag'),
    fixed(6, 5, 'Grundlovsdag'),
    fixed(12, 24, 'Juleaftensdag'),
    fixed(12, 25, '1. juledag'),
    fixed(12, 26, '2. juledag'),
    fixed(12, 31, 'Nytårsaftensdag'),
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

/** The day off a date is, or null on an ordinary day (weekends are not listed here). */
export function holidayOn(date: string): Holiday | null {
  const year = Number(date.slice(0, 4));
  let holidays = BY_YEAR.get(year);
  if (!holidays) BY_YEAR.set(year, (holidays = danishHolidays(year)));
  return holidays.find((holiday) => holiday.date === date) ?? null;
}

const BY_YEAR = new Map<number, Holiday[]>();

/** Monday to Friday and not a day off. */
export function isDanishWorkingDay(date: string): boolean {
  const weekday = DateTime.fromISO(date, { zone: 'utc' }).weekday;
  return weekday <= 5 && holidayOn(date) === null;
}

/** The date itself when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(date: string): string {
  let day = DateTime.fromISO(date, { zone: 'utc' });
  while (!isDanishWorkingDay(day.toISODate()!)) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/** The date itself when it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(date: string): string {
  let day = DateTime.fromISO(date, { zone: 'utc' });
  while (!isDanishWorkingDay(day.toISODate()!)) day = day.minus({ days: 1 });
  return day.toISODate()!;
}
