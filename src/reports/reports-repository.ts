/**
 * What the reports read, all read-only. The no-show incidents and the decision register belong to shifts and voting,
 * whose public faces do not offer these reads yet, so the few columns needed are read here (SELECT only; the tables'
 * owners decide their shape). Delivery outcomes and chats come from the support layers' own queries.
 */
import type { Queryable } from '../db/database.js';
import { batchSummariesSince, lastOutcomesByPerson } from '../delivery/outbox-repository.js';
import { personalChatStates } from '../registry/conversation-repository.js';
import { listActors, memberMunicipalityCodes } from '../registry/registry-repository.js';

import { smsDeliveryReport } from '../sms/sms-public.js';

export {
  batchSummariesSince,
  lastOutcomesByPerson,
  listActors,
  memberMunicipalityCodes,
  personalChatStates,
  smsDeliveryReport,
};
export type { BatchSummary, PersonOutcome } from '../delivery/outbox-repository.js';
export type { PersonalChatState } from '../registry/conversation-repository.js';

/** One no-show incident, as far as the monthly history needs it (no agent, no notes). */
export interface IncidentFacts {
  municipalityCode: number;
  openedAt: Date;
  source: 'detected' | 'manual';
  acknowledgedAt: Date | null;
  resolution: 'login' | 'replacement' | null;
  resolved: boolean;
}

export async function incidentsOpenedBetween(q: Queryable, from: Date, to: Date): Promise<IncidentFacts[]> {
  const r = await q.query<{
    municipality_code: number;
    opened_at: Date;
    source: 'detected' | 'manual';
    acknowledged_at: Date | null;
    resolution: 'login' | 'replacement' | null;
    status: string;
  }>(
    `SELECT municipality_code, opened_at, source, acknowledged_at, resolution, status FROM noshow_incidents
     WHERE opened_at >= $1 AND opened_at < $2 ORDER BY opened_at, id`,
    [from, to],
  );
  return r.rows.map((row) => ({
    municipalityCode: row.municipality_code,
    openedAt: new Date(row.opened_at),
    source: row.source,
    acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at) : null,
    resolution: row.resolution,
    resolved: row.status === 'resolved',
  }));
}

/** A row of the steering committee's decision register. */
export interface DecisionRow {
  id: number;
  decidedAt: Date;
  question: string;
  recommendation: string;
  result: string;
  for: number;
  against: number;
  abstain: number;
  seats: number;
}

/** The register, newest first. */
export async function decisionRegister(q: Queryable): Promise<DecisionRow[]> {
  const r = await q.query<{
    id: number;
    decided_at: Date;
    question: string;
    recommendation: string;
    result: string;
    votes_for: number;
    votes_against: number;
    votes_abstain: number;
    seats: number;
  }>(
    `SELECT id, decided_at, question, recommendation, result, votes_for, votes_against, votes_abstain, seats
     FROM decisions ORDER BY decided_at DESC, id DESC`,
  );
  return r.rows.map((row) => ({
    id: row.id,
    decidedAt: new Date(row.decided_at),
    question: row.question,
    recommendation: row.recommendation,
    result: row.result,
    for: row.votes_for,
    against: row.votes_against,
    abstain: row.votes_abstain,
    seats: row.seats,
  }));
}
