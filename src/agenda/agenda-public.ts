/** What other capabilities may ask of the agenda: decision (B) items for votes, and items the bot proposes. */
import type { Queryable } from '../db/database.js';
import { findItem } from './agenda-repository.js';
import type { GeneratedItemProposal, SubmissionService } from './agenda-submission-service.js';

export type { GeneratedItemProposal };

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

/** The agenda's services other capabilities call, bound to the agenda's own settings (its deadline). */
export interface AgendaPublic {
  /**
   * Puts an item the bot proposes on the next meeting still open for items (else late on the next planned one),
   * in the caller's transaction; the secretariat reviews it like any other. Null when no meeting is planned.
   */
  proposeGeneratedItem(tx: Queryable, proposal: GeneratedItemProposal): Promise<{ itemId: number } | null>;
}

export function agendaPublicOf(submissions: SubmissionService): AgendaPublic {
  return { proposeGeneratedItem: (tx, proposal) => submissions.proposeGenerated(tx, proposal) };
}
