/** What other capabilities may ask of the agenda: decision (B) items, for votes. */
import type { Queryable } from '../db/database.js';
import { findItem } from './agenda-repository.js';

export interface DecisionItem {
  id: number;
  meetingId: number;
  title: string;
  recommendation: string;
}

/** An accepted item marked (B); null for anything else, so a forged id cannot start a vote on it. */
export async function findDecisionItem(q: Queryable, itemId: number): Promise<DecisionItem | null> {
  const item = await findItem(q, itemId);
  if (!item || item.status !== 'godkendt' || !item.markers.includes('B')) return null;
  return { id: item.id, meetingId: item.meetingId, title: item.title, recommendation: item.recommendation };
}
