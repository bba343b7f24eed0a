/** What other capabilities may ask of shifts: the roster, read-only. */
import type { Queryable } from '../db/database.js';
import type { Shift } from './shifts-domain.js';
import { activeShiftsStartingBetween } from './shifts-repository.js';

export type { Shift };

/** Shifts still on the roster that start in [from, to), earliest first. */
export function shiftsStartingBetween(db: Queryable, from: Date, to: Date): Promise<Shift[]> {
  return activeShiftsStartingBetween(db, from, to);
}
