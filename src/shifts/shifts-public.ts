/**
 * What other capabilities may ask of shifts: the roster (read-only), and the month's no-show history as CSV with the
 * signed link to it (a "Rapporter" card can offer that link: no Teams user is sent to a command line).
 */
import type { Queryable } from '../db/database.js';
import type { NoShowHistoryService } from './noshow-history-service.js';
import type { Shift } from './shifts-domain.js';
import { activeShiftsStartingBetween } from './shifts-repository.js';

export type { Shift };

/** Shifts still on the roster that start in [from, to), earliest first. */
export function shiftsStartingBetween(db: Queryable, from: Date, to: Date): Promise<Shift[]> {
  return activeShiftsStartingBetween(db, from, to);
}

export interface ShiftsPublic {
  shiftsStartingBetween(from: Date, to: Date): Promise<Shift[]>;
  /** Incidents per municipality in a month (YYYY-MM, Copenhagen time), with the SMS they cost: CSV for Danish Excel. */
  noShowMonthCsv(month: string): Promise<string>;
  /** A signed link to that CSV (GET, no login). */
  noShowMonthCsvUrl(month: string): string;
}

export function shiftsPublicOf(db: Queryable, history: NoShowHistoryService): ShiftsPublic {
  return {
    shiftsStartingBetween: (from, to) => activeShiftsStartingBetween(db, from, to),
    noShowMonthCsv: (month) => history.csv(month),
    noShowMonthCsvUrl: (month) => history.csvUrl(month),
  };
}
