/**
 * KPI rules from the cooperation agreement (seed 004): first-contact resolution ("straksafklaring")
 * of at least 60 % and citizen satisfaction above 7 on the 1-9 scale, both decided by the assembly and
 * therefore configuration. Pure: no I/O; comparisons are exact (integer arithmetic), never on rounded figures.
 */
import type { Actor, MunicipalRole } from '../registry/registry-types.js';

export interface KpiThresholds {
  /** A figure at or above this many percent is met ("fx straksafklaring på 60%"). */
  resolutionPercent: number;
  /** The mean must be strictly above this ("fx er over 7 (ud af 9)"). */
  satisfactionAbove: number;
  /** Fewer handled calls than this: the resolution figure is "for få data". */
  minCalls: number;
  /** Fewer satisfaction answers than this: the satisfaction figure is "for få data". */
  minAnswers: number;
  /** KPI_AVERAGING: how the resolution is averaged over the agents (kpi-averaging.ts); 'calls' when absent. */
  averaging?: 'calls' | 'agents';
}

/** The plain mean of the agents' own rates (KPI_AVERAGING=agents): it decides and shows the resolution figure. */
export interface ResolutionByAgents {
  percent: number | null;
  met: boolean | null;
}

export const DEFAULT_THRESHOLDS: KpiThresholds = {
  resolutionPercent: 60,
  satisfactionAbove: 7,
  minCalls: 30,
  minAnswers: 20,
};

/** One row of the monthly statistics: an agent, or a municipality's total. */
export interface KpiFigures {
  callsHandled: number;
  callsResolved: number;
  satisfactionAnswers: number;
  /** Mean on the 1-9 scale, at most three decimals; null when there were no answers. */
  satisfactionMean: number | null;
}

/** Sums over rows. Satisfaction is kept as the answer-weighted sum in thousandths, so no mean of means and no float drift. */
export interface KpiTotals {
  callsHandled: number;
  callsResolved: number;
  satisfactionAnswers: number;
  satisfactionMilliSum: number;
}

export type FigureVerdict = 'ok' | 'under' | 'for_faa_data';
export type Verdict = 'ok' | 'advarsel' | 'for_faa_data';
export type FollowUp = 'forbedret' | 'ikke_forbedret' | 'ikke_vurderet';

export interface Assessment {
  totals: KpiTotals;
  /** Percent, unrounded; null without calls. Shown even on a small sample, with "for få data". */
  resolutionRate: number | null;
  /** Answer-weighted mean, unrounded; null without answers. */
  satisfaction: number | null;
  resolution: FigureVerdict;
  satisfactionVerdict: FigureVerdict;
  verdict: Verdict;
  /** How resolutionRate was averaged: over all calls, or as the mean of the agents' rates. */
  averaging: 'calls' | 'agents';
}

const milli = (value: number) => Math.round(value * 1000);

export function totalsOf(rows: readonly KpiFigures[]): KpiTotals {
  const totals: KpiTotals = { callsHandled: 0, callsResolved: 0, satisfactionAnswers: 0, satisfactionMilliSum: 0 };
  for (const row of rows) {
    totals.callsHandled += row.callsHandled;
    totals.callsResolved += row.callsResolved;
    totals.satisfactionAnswers += row.satisfactionAnswers;
    if (row.satisfactionMean !== null)
      totals.satisfactionMilliSum += milli(row.satisfactionMean) * row.satisfactionAnswers;
  }
  return totals;
}

export function addTotals(sum: KpiTotals, more: KpiTotals): KpiTotals {
  return {
    callsHandled: sum.callsHandled + more.callsHandled,
    callsResolved: sum.callsResolved + more.callsResolved,
    satisfactionAnswers: sum.satisfactionAnswers + more.satisfactionAnswers,
    satisfactionMilliSum: sum.satisfactionMilliSum + more.satisfactionMilliSum,
  };
}

/** resolved / handled >= threshold, as resolved * 100000 >= thresholdMilli * handled. */
export function resolutionMet(totals: KpiTotals, thresholdPercent: number): boolean {
  return totals.callsResolved * 100_000 >= milli(thresholdPercent) * totals.callsHandled;
}

/** weighted mean > threshold, as sum(mean * answers) > threshold * answers, in thousandths. */
export function satisfactionMet(totals: KpiTotals, above: number): boolean {
  return totals.satisfactionMilliSum > milli(above) * totals.satisfactionAnswers;
}

/** The sample is always the calls behind the figure; with `byAgents` the agents' mean rate decides and is shown. */
export function assess(totals: KpiTotals, thresholds: KpiThresholds, byAgents?: ResolutionByAgents): Assessment {
  const met = byAgents ? byAgents.met === true : resolutionMet(totals, thresholds.resolutionPercent);
  const resolution: FigureVerdict =
    totals.callsHandled < Math.max(1, thresholds.minCalls) ? 'for_faa_data' : met ? 'ok' : 'under';
  const satisfactionVerdict: FigureVerdict =
    totals.satisfactionAnswers < Math.max(1, thresholds.minAnswers)
      ? 'for_faa_data'
      : satisfactionMet(totals, thresholds.satisfactionAbove)
        ? 'ok'
        : 'under';
  // A figure with enough data that is below warns, even when the other figure has too few answers.
  const verdict: Verdict =
    resolution === 'under' || satisfactionVerdict === 'under'
      ? 'advarsel'
      : resolution === 'ok' && satisfactionVerdict === 'ok'
        ? 'ok'
        : 'for_faa_data';
  return {
    totals,
    resolutionRate: byAgents
      ? byAgents.percent
      : totals.callsHandled
        ? (totals.callsResolved / totals.callsHandled) * 100
        : null,
    satisfaction: totals.satisfactionAnswers ? totals.satisfactionMilliSum / 1000 / totals.satisfactionAnswers : null,
    resolution,
    satisfactionVerdict,
    verdict,
    averaging: byAgents ? 'agents' : 'calls',
  };
}

export interface PreviousVerdict {
  verdict: Verdict;
  resolution: FigureVerdict;
  satisfaction: FigureVerdict;
}

/**
 * Next month's check: a municipality warned last month has lifted quality when nothing is below now and
 * every figure that was below now meets its target; anything below now is "ikke forbedret"; otherwise the
 * sample is too small to tell.
 */
export function followUp(previous: PreviousVerdict | null, now: Assessment): FollowUp | null {
  if (previous?.verdict !== 'advarsel') return null;
  if (now.verdict === 'advarsel') return 'ikke_forbedret';
  const liftedResolution = previous.resolution !== 'under' || now.resolution === 'ok';
  const liftedSatisfaction = previous.satisfaction !== 'under' || now.satisfactionVerdict === 'ok';
  return liftedResolution && liftedSatisfaction ? 'forbedret' : 'ikke_vurderet';
}

/** Agents of a warned municipality go on the training list when their own figures, with enough data, are below. */
export function isBelowTarget(agent: KpiFigures, thresholds: KpiThresholds): boolean {
  return assess(totalsOf([agent]), thresholds).verdict === 'advarsel';
}

/** The month before a period (YYYY-MM). */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The n periods ending with `period`, oldest first. */
export function periodsEndingWith(period: string, count: number): string[] {
  const periods = [period];
  while (periods.length < count) periods.unshift(previousPeriod(periods[0]));
  return periods;
}

/** Roles that may see per-agent figures of their own municipality (DOMAIN.md: personal data stays in the municipality). */
export const AGENT_DETAIL_ROLES: readonly MunicipalRole[] = ['kvalitetskoordinator', 'leder'];

/** What a recipient's card shows: per-agent detail only for the quality coordinator and leaders. */
export type Audience = 'koordinator' | 'leder' | 'kommune';

export function audienceOf(role: MunicipalRole): Audience {
  return role === 'kvalitetskoordinator' ? 'koordinator' : role === 'leder' ? 'leder' : 'kommune';
}

const holds = (actor: Actor, code: number, roles: readonly MunicipalRole[]) =>
  actor.roles.some((r) => r.municipalityCode === code && roles.includes(r.role));

/** The most detailed view an actor may have of a municipality's KPI, or null for none. */
export function audienceFor(actor: Actor, code: number): Audience | 'sekretariat' | null {
  if (holds(actor, code, ['kvalitetskoordinator'])) return 'koordinator';
  if (holds(actor, code, ['leder'])) return 'leder';
  if (holds(actor, code, ['primaer_kontakt', 'sekundaer_kontakt', 'repraesentant'])) return 'kommune';
  return actor.secretariat ? 'sekretariat' : null;
}

export function maySeeAgents(actor: Actor, code: number): boolean {
  return holds(actor, code, AGENT_DETAIL_ROLES);
}

/** Training is registered by the agent's own quality coordinator (or the secretariat, which runs the training). */
export function mayRecordTraining(actor: Actor, code: number): boolean {
  return actor.secretariat || holds(actor, code, ['kvalitetskoordinator']);
}

/** Acknowledging and writing the follow-up plan is the municipality's own job. */
export function mayRespondToWarning(actor: Actor, code: number): boolean {
  return holds(actor, code, ['kvalitetskoordinator', 'leder', 'primaer_kontakt', 'repraesentant']);
}

/** Municipalities whose KPI an actor may open from the menu. */
export function viewableMunicipalities(actor: Actor): number[] {
  const roles: MunicipalRole[] = [
    'kvalitetskoordinator',
    'leder',
    'primaer_kontakt',
    'sekundaer_kontakt',
    'repraesentant',
  ];
  return [...new Set(actor.roles.filter((r) => roles.includes(r.role)).map((r) => r.municipalityCode))].sort(
    (a, b) => a - b,
  );
}

/** Shifts of listed agents starting within this many hours are flagged (each shift once). */
export const SHIFT_FLAG_LOOKAHEAD_HOURS = 24;

/** At most this many agents are listed on one card (size limit); the rest are in the menu's paginated list. */
export const AGENTS_PER_CARD = 15;

/** The trend covers this many months, the current one included. */
export const TREND_MONTHS = 3;

/**
 * The trend as a Teams line chart (Chart.Line), with a compact table as its fallback where the client has no
 * charts; false sends the table only.
 */
export const TREND_AS_CHART = true;
