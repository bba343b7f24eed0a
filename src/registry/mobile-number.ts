/**
 * Mobile numbers in the registry (issue 24): Danish numbers only, +45 and 8 digits, stored in E.164 (+4512345678) and
 * shown grouped (+45 12 34 56 78). Only the secretariat sees them; they are blanked when the person is forgotten.
 */

/** '+45 12 34 56 78', '+4512345678', '+45-12-34-56-78' → '+4512345678'; null for anything else. */
export function normalizeDanishMobile(text: string): string | null {
  const compact = text.trim().replace(/[\s-]/g, '');
  return /^\+45[2-9]\d{7}$/.test(compact) ? compact : null;
}

/** '+4512345678' → '+45 12 34 56 78' (as Danes write it). */
export function formatDanishMobile(e164: string): string {
  const digits = e164.replace(/^\+45/, '');
  return /^\d{8}$/.test(digits) ? `+45 ${digits.match(/\d{2}/g)!.join(' ')}` : e164;
}

export const MOBILE_FORMAT_MESSAGE = 'skal være et dansk mobilnummer: +45 og 8 cifre, fx +45 12 34 56 78';
