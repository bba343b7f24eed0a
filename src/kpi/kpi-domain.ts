/**
 * KPI rules from the cooperation agreement (seed 004; thresholds are the assembly's, so configuration):
 * first-contact resolution weighted by calls, satisfaction weighted by answers, too small samples are
 * "for få data", and a municipality below a threshold gets a warning.
 */
export interface KpiThresholds {
  resolutionPercent: number;
  satisfactionAbove: number;
  minCalls: number;
  minAnswers: number;
}

export interface KpiFigures {
  callsHandled: number;
  callsResolved: number;
  satisfactionAnswers: number;
  /** Mean on the 1-9 scale; null when there were no answers. */
  satisfactionMean: number | null;
}

export type Verdict = 'ok' | 'advarsel' | 'for_faa_data';

export interface Assessment {
  resolutionRate: number | null;
  satisfaction: number | null;
  verdict: Verdict;
  reasons: string[];
}

/** Totals of several rows: sums, and satisfaction as the answer-weighted mean (not a mean of means). */
export function combine(rows: KpiFigures[]): KpiFigures {
  const handled = rows.reduce((a, r) => a + r.callsHandled, 0);
  const resolved = rows.reduce((a, r) => a + r.callsResolved, 0);
  const answers = rows.reduce((a, r) => a + r.satisfactionAnswers, 0);
  const weighted = rows.reduce((a, r) => a + (r.satisfactionMean ?? 0) * r.satisfactionAnswers, 0);
  return { callsHandled: handled, callsResolved: resolved, satisfactionAnswers: answers, satisfactionMean: answers ? weighted / answers : null };
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

export function assess(f: KpiFigures, t: KpiThresholds): Assessment {
  const resolutionRate = f.callsHandled >= t.minCalls ? round((f.callsResolved / f.callsHandled) * 100, 2) : null;
  const satisfaction = f.satisfactionAnswers >= t.minAnswers && f.satisfactionMean !== null ? round(f.satisfactionMean, 2) : null;
  if (resolutionRate === null && satisfaction === null) return { resolutionRate, satisfaction, verdict: 'for_faa_data', reasons: [] };
  const reasons: string[] = [];
  if (resolutionRate !== null && resolutionRate < t.resolutionPercent) reasons.push(`Straksafklaring ${resolutionRate.toFixed(1)} % (mål: mindst ${t.resolutionPercent} %)`);
  if (satisfaction !== null && !(satisfaction > t.satisfactionAbove)) reasons.push(`Borgertilfredshed ${satisfaction.toFixed(1)} (mål: over ${t.satisfactionAbove} på 1-9)`);
  return { resolutionRate, satisfaction, verdict: reasons.length ? 'advarsel' : 'ok', reasons };
}

/** Follow-up on last month's warning: lifted means no warning now. */
export function followUp(previous: Verdict | null, now: Verdict): 'forbedret' | 'ikke_forbedret' | null {
  if (previous !== 'advarsel') return null;
  return now === 'advarsel' ? 'ikke_forbedret' : now === 'ok' ? 'forbedret' : null;
}
