/**
 * What the agenda's cards show: plain typed views that the services return and the builders in agenda-cards.ts
 * turn into cards. Times are instants; only the builders format them (Copenhagen time) and choose verbs.
 */
import type { Meeting } from '../registry/registry-types.js';
import type { AgendaItem, PublishedItem } from './agenda-repository.js';

/** A steering-committee meeting a person may put an item on, with its deadline. */
export interface MeetingOption {
  meetingId: number;
  startsAt: Date;
  deadline: Date;
}

/** The submission form: the meetings to choose from, what the person typed so far and what is wrong with it. */
export interface AgendaFormView {
  meetings: MeetingOption[];
  draft: Record<string, unknown>;
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
