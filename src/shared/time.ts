import { DateTime } from 'luxon';

/** All user-facing times are Copenhagen wall-clock; all stored instants are UTC. */
export const ZONE = 'Europe/Copenhagen';

export function copenhagen(instant: Date): DateTime {
  return DateTime.fromJSDate(instant, { zone: ZONE });
}

// Cards show many dates per turn; one cached Intl formatter costs a fraction of a luxon zone conversion each.
const WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function wallClock(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const parts = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of WALL_CLOCK.formatToParts(instant)) if (p.type in parts) parts[p.type as keyof typeof parts] = p.value;
  return parts;
}

/** 29.01.2024 */
export function formatDate(instant: Date): string {
  const p = wallClock(instant);
  return `${p.day}.${p.month}.${p.year}`;
}

/** kl. 10:00 */
export function formatTime(instant: Date): string {
  const p = wallClock(instant);
  return `kl. ${p.hour}:${p.minute}`;
}

/** 29.01.2024 kl. 10:00 */
export function formatDateTime(instant: Date): string {
  const p = wallClock(instant);
  return `${p.day}.${p.month}.${p.year} kl. ${p.hour}:${p.minute}`;
}

/** A local calendar date (YYYY-MM-DD) as used in forms and the database's `date` columns. */
export function localDateOf(instant: Date): string {
  return copenhagen(instant).toISODate()!;
}

/** Turns a Copenhagen date and time (YYYY-MM-DD, HH:mm) into the UTC instant; throws on a time that does not exist. */
export function copenhagenToUtc(date: string, time = '00:00'): Date {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: ZONE });
  if (!dt.isValid) throw new RangeError(`Ugyldig dato/tid: ${date} ${time}`);
  return dt.toJSDate();
}

/** Parses a date typed as 29.01.2024 or 2024-01-29; null when it is not a real date. */
export function parseDanishDate(text: string): string | null {
  const t = text.trim();
  const dk = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const dt = dk
    ? DateTime.fromObject({ year: +dk[3], month: +dk[2], day: +dk[1] }, { zone: ZONE })
    : iso
      ? DateTime.fromObject({ year: +iso[1], month: +iso[2], day: +iso[3] }, { zone: ZONE })
      : null;
  return dt?.isValid ? dt.toISODate() : null;
}

const MONTH_NAMES = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];

/** A month as Danes write it: '2026-10' -> 'oktober 2026'. */
export function monthName(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** The month (YYYY-MM) an instant falls in, in Copenhagen. */
export function monthOf(instant: Date): string {
  return copenhagen(instant).toFormat('yyyy-MM');
}
