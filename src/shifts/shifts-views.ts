/**
 * What the no-show cards show, as plain data: services return these views, the builders in shifts-cards.ts
 * turn them into cards. Times are instants; the builders show them in Copenhagen time.
 */
import type { Incident } from './shifts-domain.js';
import type { IncidentEvent } from './shifts-incident-repository.js';

/** An incident's alert card, the same for everyone it was sent to. */
export interface AlertView {
  incident: Incident;
  municipalityName: string;
  /** The agent's registry name, else the roster's e-mail or id. */
  agentLabel: string;
  /** The agent's latest Viva Engage post about the shift. */
  notice: { postedAt: Date; text: string } | null;
  events: IncidentEvent[];
  now: Date;
}

/** The late agent's own message (issue 24): the same incident, seen from the agent's side. */
export interface NudgeView {
  incident: Incident;
  municipalityName: string;
  /** The Viva Engage community to post a delay in; null: no button. */
  communityUrl: string | null;
}

/** "Åbne udeblivelser": the open incidents the person may act on; each one's alert card follows as its own message. */
export interface QueueView {
  alerts: AlertView[];
  /** For the secretariat only: the municipality's contact persons and leaders with their mobile numbers. */
  phones: Map<number, string[]> | null;
  /** More open incidents than the queue shows. */
  more: boolean;
}

/** "Meld udeblivelse", step 1: the municipalities to choose from, by Danish name. */
export interface ReportStartView {
  municipalities: { code: number; name: string }[];
}

/** "Meld udeblivelse", step 2: the municipality's shifts around now. */
export interface ReportShiftView {
  municipalityCode: number;
  municipalityName: string;
  shifts: { shiftId: number; startsAt: Date; endsAt: Date; agentLabel: string }[];
}

/** One municipality's incidents in a month. Aggregates only; no agent names. */
export interface MonthRow {
  municipalityCode: number;
  municipalityName: string;
  incidents: number;
  detected: number;
  manual: number;
  acknowledged: number;
  resolvedByLogin: number;
  replacementFound: number;
  stillOpen: number;
  /** Mean minutes from opening to acknowledgement, over acknowledged incidents; null when none. */
  meanMinutesToAcknowledge: number | null;
  /** SMS sent for the municipality's incidents in the month (issue 24's cost guard shows here). */
  smsSent: number;
}

/** The history card: the chosen month, the months to choose from (newest first) and a row per municipality. */
export interface HistoryView {
  month: string;
  months: string[];
  rows: MonthRow[];
  /** The month as CSV behind a signed link (like the agenda's Word document); no command line. */
  csvUrl: string;
}
