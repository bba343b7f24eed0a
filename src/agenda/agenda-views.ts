/**
 * What the agenda's cards show: plain typed views that the services return and the builders in agenda-cards.ts
 * turn into cards. Times are instants; only the builders format them (Copenhagen time) and choose verbs.
 */
import type { Meeting } from '../registry/registry-types.js';
import type { AgendaItem } from './agenda-repository.js';
import type { PublishedItem } from './agenda-publication-repository.js';

/** A steering-committee meeting a person may put an item on, with its deadline. */
export interface MeetingOption {
  meetingId: number;
  startsAt: Date;
  deadline: Date;
}

/** The submission form: the meetings to choose from, what the person typed so far and what is wrong with it. */
export interface AgendaFormView {
  meetings: MeetingOption[];
  draft: Record<string, string>;
  problems: string[];
  deadlineDays: number;
  /** Set when the form changes a submitted item instead of making a new one. */
  editing: { itemId: number; version: number } | null;
}

/** An item as its submitter sees it (the receipt) or as the chair and the secretariat see it (the review card). */
export interface AgendaItemView {
  audience: 'submitter' | 'reviewer';
  item: AgendaItem;
  meeting: Meeting;
  deadline: Date;
  /** Null for an item the bot proposed, or a person no longer in the registry. */
  submitterName: string | null;
  /** The submitter may still edit or withdraw it: submitted and before the deadline. */
  changeable: boolean;
  /** The reviewers may still decide on it: submitted. */
  reviewable: boolean;
  /** The other planned meetings the reviewers may move it to (empty for the submitter). */
  moveTargets: MeetingOption[];
  /**
   * Said to the one who pressed, above the status, when their press changed nothing (the deadline had passed);
   * null on every delivered copy.
   */
  notice: string | null;
}

/** What "Ret punktet" answers: the form, or the item's current card when it may no longer change. */
export type EditOutcome = { kind: 'form'; form: AgendaFormView } | { kind: 'item'; item: AgendaItemView };

/** "Til behandling": the items waiting for review, per coming meeting, each as on its review card. */
export interface ReviewQueueView {
  meetings: { meeting: MeetingOption; items: AgendaItemView[] }[];
  /**
   * What the last press from the queue did to which item (decision null: nothing, the item had been decided or
   * changed by then); null when the queue was opened from the menu.
   */
  last: { item: AgendaItem; meeting: Meeting; decision: 'accept' | 'reject' | 'move' | null } | null;
}

/** A meeting's accepted items in agenda order, for moving items and sub-items up and down. */
export interface AgendaOrderView {
  meeting: Meeting;
  items: AgendaItem[];
  /** Said when a press changed nothing because the order had changed since the card was shown. */
  notice: string | null;
}

/** A submission that came too late: the draft is kept, and the next meeting still open is offered. */
export interface LateSubmissionView {
  meetingStartsAt: Date;
  deadline: Date;
  nextMeeting: { meetingId: number; startsAt: Date } | null;
}

/** What became of a submission: the receipt, or a refusal that keeps what the person typed. */
export type SubmissionOutcome =
  | { kind: 'submitted'; receipt: AgendaItemView }
  | { kind: 'incomplete'; form: AgendaFormView }
  | { kind: 'late'; refusal: LateSubmissionView };

/** The coming steering-committee meetings with how far each agenda is. */
export interface AgendaOverviewView {
  meetings: { meetingId: number; startsAt: Date; accepted: number; waiting: number }[];
}

/** A published agenda as the committee and the representatives get it. */
export interface PublishedAgendaView {
  meeting: Meeting;
  placeLine: string;
  items: PublishedItem[];
  documentUrl: string;
}

/** The reminder before a meeting's deadline for items. */
export interface DeadlineReminderView {
  meetingStartsAt: Date;
  deadline: Date;
}
