/**
 * What other capabilities may ask of the agenda (decision items for votes, items the bot proposes, moving a
 * meeting's items), and what the agenda asks of the meetings capability (absences and open follow-up points for the
 * published agenda) as an interface that capability implements.
 */
import type { Queryable } from '../db/database.js';
import { findItem } from './agenda-repository.js';
import type { GeneratedItemProposal, SubmissionService } from './agenda-submission-service.js';
import type { ItemsMoveService, MovedItems } from './agenda-move-service.js';

export type { GeneratedItemProposal, MovedItems };

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

/** A follow-up point from earlier minutes that is not closed yet. */
export interface FollowUpPoint {
  text: string;
  /** Who follows up, as the agenda should print it (e.g. "DDH-sekretariatet" or "Rikke Hansen, Viborg"). */
  owner: string;
  due: Date | null;
}

/**
 * What the published agenda needs from the meetings capability (which implements it): the "Der er
 * afbud/ændringer fra:" line under Velkomst, and the open follow-up points under the minutes item. Reads only, in
 * the agenda's query (`q`). Given to createAgendaModule as the optional neighbour `meetingFacts`; without it both
 * lists are empty and the agenda says so.
 */
export interface AgendaMeetingFacts {
  /** One line per absence or change for the meeting, e.g. "Marianne, Furesø deltager via Teams". */
  absencesOf(q: Queryable, meetingId: number): Promise<string[]>;
  openFollowUps(q: Queryable): Promise<FollowUpPoint[]>;
}

/** The agenda's services other capabilities call, bound to the agenda's own settings (its deadline). */
export interface AgendaPublic {
  /**
   * Puts an item the bot proposes on the next meeting still open for items (else late on the next planned one),
   * in the caller's transaction; the secretariat reviews it like any other. With `notBefore`, only meetings from
   * then on count. Null when no (such) meeting is planned.
   */
  proposeGeneratedItem(
    tx: Queryable,
    proposal: GeneratedItemProposal,
  ): Promise<{ itemId: number; meetingId: number; meetingStartsAt: Date } | null>;
  /**
   * A meeting moved: every item of `fromMeetingId` goes to `toMeetingId` (the same id when the meeting row itself
   * was moved) in the caller's transaction, each keeping its state (accepted items stay accepted), lateness and
   * order; the deadline reminders are planned for the new date and every copy of every item's cards is updated.
   * Returns the submitters to tell, each once with all their items: the caller sends one message each.
   */
  moveItemsToMeeting(tx: Queryable, fromMeetingId: number, toMeetingId: number): Promise<MovedItems>;
}

export function agendaPublicOf(submissions: SubmissionService, moves: ItemsMoveService): AgendaPublic {
  return {
    proposeGeneratedItem: (tx, proposal) => submissions.proposeGenerated(tx, proposal),
    moveItemsToMeeting: (tx, from, to) => moves.moveItemsToMeeting(tx, from, to),
  };
}
