/** What the reports' cards show: plain data, built by ReportsService, turned into cards by reports-cards.ts. */
import type { ReachState } from './reports-domain.js';

/** A month of the no-show history (all municipalities), with the ones that had most. */
export interface NoShowMonth {
  month: string;
  incidents: number;
  acknowledged: number;
  resolvedByLogin: number;
  replacementFound: number;
  stillOpen: number;
  /** "Aarhus (3), Viborg (1)", most first. */
  municipalities: { name: string; incidents: number }[];
}

export interface NoShowReportView {
  /** Newest first, the current month included, months without incidents too. */
  months: NoShowMonth[];
  csvUrl: string;
}

export interface DecisionsReportView {
  /** Newest first, at most the card's share; `total` says how many the CSV holds. */
  decisions: {
    id: number;
    decidedAt: Date;
    question: string;
    result: string;
    for: number;
    against: number;
    abstain: number;
    seats: number;
  }[];
  total: number;
  csvUrl: string;
}

export interface DeliveryBatchView {
  batch: string;
  label: string;
  firstAt: Date;
  sent: number;
  failed: number;
  unreachable: number;
  pending: number;
  reasons: { reason: string; count: number }[];
}

export interface DeliveriesReportView {
  since: Date;
  batches: DeliveryBatchView[];
  total: number;
  csvUrl: string;
}

export interface ReachPerson {
  personId: number;
  name: string;
  email: string;
  roles: string;
  primaryContact: boolean;
  /** A mobile number in the registry: no-show alerts can reach the person by SMS where SMS is set up. */
  mobile: boolean;
  state: ReachState;
  reason: string;
  lastOutcome: { status: 'sent' | 'failed' | 'unreachable'; reason: string | null; at: Date } | null;
}

export interface ReachReportView {
  /** Everyone with a role, the ones the bot cannot reach first. */
  people: ReachPerson[];
  counts: Record<ReachState, number>;
  /** Member municipalities with no primary contact in the registry at all. */
  withoutPrimaryContact: string[];
  /** The local demo shows messages to people without a chat in the user's own chat (a note on the card). */
  demo: boolean;
  csvUrl: string;
}
