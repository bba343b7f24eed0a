/**
 * Shift times as Plangy exports them: an ISO instant with offset, or Copenhagen wall-clock time.
 * Wall-clock times that do not exist or exist twice (daylight saving changes) are refused, not guessed.
 */
import { DateTime } from 'luxon';

export type TimeResult = { ok: true; instant: Date } | { ok: false; message: string };

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const DANISH_LOCAL = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(?:kl\.\s*)?(\d{1,2})[:.](\d{2})$/i;
const TIME_ONLY = /^(?:kl\.\s*)?(\d{1,2})[:.](\d{2})$/i;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(text: string): LocalParts | null {
  const iso = ISO_LOCAL.exec(text);
  if (iso)
    return { year: +iso[1], month: +iso[2], day: +iso[3], hour: +iso[4], minute: +iso[5], second: +(iso[6] ?? 0) };
  const dk = DANISH_LOCAL.exec(text);
  if (dk) return { year: +dk[3], month: +dk[2], day: +dk[1], hour: +dk[4], minute: +dk[5], second: 0 };
  return null;
}

/** Wall-clock parts in `zone` to an instant; refuses times skipped or repeated by a daylight-saving change. */
export function zonedInstant(parts: LocalParts, zone: string): TimeResult {
  const dt = DateTime.fromObject(parts, { zone });
  if (!dt.isValid) return { ok: false, message: 'er ikke en gyldig dato og tid' };
  if (dt.hour !== parts.hour || dt.minute !== parts.minute || dt.day !== parts.day) {
    return { ok: false, message: 'findes ikke i dansk tid (sommertid begynder); angiv tiden med UTC-forskydning' };
  }
  // Fall-back hour: the same wall-clock time also exists an hour earlier or later in the other offset.
  const wall = dt.toFormat('yyyy-MM-dd HH:mm:ss');
  for (const other of [dt.minus({ hours: 1 }), dt.plus({ hours: 1 })]) {
    if (other.toFormat('yyyy-MM-dd HH:mm:ss') === wall) {
      return { ok: false, message: 'er tvetydig i dansk tid (sommertid slutter); angiv tiden med UTC-forskydning' };
    }
  }
  return { ok: true, instant: dt.toJSDate() };
}

/** A full timestamp: ISO with offset (2026-11-24T08:00:00+01:00) or local (2026-11-24 08:00, 24.11.2026 08:00). */
export function parseShiftInstant(raw: string, zone: string): TimeResult {
  const text = raw.trim();
  if (!text) return { ok: false, message: 'mangler' };
  if (OFFSET.test(text) && text.includes('T')) {
    const dt = DateTime.fromISO(text, { setZone: true });
    return dt.isValid ? { ok: true, instant: dt.toJSDate() } : { ok: false, message: 'er ikke en gyldig ISO-tid' };
  }
  const parts = localParts(text);
  if (!parts)
    return {
      ok: false,
      message: 'skal være ISO med forskydning (2026-11-24T08:00+01:00) eller dansk tid (2026-11-24 08:00)',
    };
  return zonedInstant(parts, zone);
}

/**
 * An end given as a clock time only (12:00) falls on the start's local date, or the next day for a night shift.
 */
export function parseShiftEnd(raw: string, start: Date, zone: string): TimeResult {
  const text = raw.trim();
  const time = TIME_ONLY.exec(text);
  if (!time) return parseShiftInstant(text, zone);
  const day = DateTime.fromJSDate(start, { zone });
  const parts = { year: day.year, month: day.month, day: day.day, hour: +time[1], minute: +time[2], second: 0 };
  const same = zonedInstant(parts, zone);
  if (!same.ok || same.instant.getTime() > start.getTime()) return same;
  const next = day.plus({ days: 1 });
  return zonedInstant({ ...parts, year: next.year, month: next.month, day: next.day }, zone);
}

/** A date column plus a clock time (some exports split them). */
export function parseDateAndTime(date: string, time: string, zone: string): TimeResult {
  const clock = TIME_ONLY.exec(time.trim());
  if (!clock) return { ok: false, message: 'skal være et klokkeslæt (08:00), når datoen står i sin egen kolonne' };
  return parseShiftInstant(`${date.trim()} ${+clock[1]}:${clock[2]}`, zone);
}

/** Every calendar date from `from` to `to` inclusive (YYYY-MM-DD). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let day = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  if (!day.isValid || !end.isValid) return out;
  while (day <= end && out.length <= 400) {
    out.push(day.toISODate()!);
    day = day.plus({ days: 1 });
  }
  return out;
}

/** The local calendar date of an instant in `zone`. */
export function localDateIn(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/** The instants a local date spans in `zone` (23, 24 or 25 hours). */
export function localDayBounds(date: string, zone: string): { from: Date; to: Date } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}
