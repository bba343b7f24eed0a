/**
 * What the meetings capability needs from its neighbours, given by the composition root (src/app/capabilities.ts)
 * so it imports none of them. Every member is optional: without the agenda, a move moves the meeting but no items;
 * without voting, the minutes' decisions are typed by the secretariat.
 */
import type { Queryable } from '../db/database.js';

/** An item of the published agenda as the minutes need it. */
export interface AgendaItemFacts {
  /** As published: "1", "4", ... */
  number: string;
  /** Null for the standard items (Velkomst, Evt.). */
  itemId: number | null;
  title: string;
  markers: string[];
}

export interface MeetingAgendaNeighbour {
  /**
   * Moves every item of one meeting to another in the caller's transaction, each keeping its state (accepted stays
   * accepted) and its cards updated; returns the ids of the people who submitted them (each told once, by meetings).
   */
  moveItemsToMeeting?(tx: Queryable, fromMeetingId: number, toMeetingId: number): Promise<number[]>;
  /** The latest published agenda's items, numbered as published; null while none is published. */
  publishedItems?(q: Queryable, meetingId: number): Promise<AgendaItemFacts[] | null>;
  /** The signed link to the latest published agenda (Word), for the invitation; null while none is published. */
  agendaLink?(q: Queryable, meetingId: number): Promise<string | null>;
  /** Plans the deadline reminders again, so a moved meeting's reminders are due at once (not at tomorrow's run). */
  planReminders?(): Promise<unknown>;
}

/** A closed vote on an agenda item, from voting's decision register. */
export interface ItemDecision {
  agendaItemId: number;
  result: string;
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  decidedAt: Date;
}

export interface MeetingDecisionsNeighbour {
  /** The decisions of votes on these agenda items (the latest per item). */
  decisionsOfItems(q: Queryable, itemIds: number[]): Promise<ItemDecision[]>;
}

export interface MeetingsNeighbours {
  agenda?: MeetingAgendaNeighbour;
  decisions?: MeetingDecisionsNeighbour;
}
