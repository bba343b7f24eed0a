/**
 * How a municipality's first-contact resolution ("straksafklaring") is averaged over its agents (issue 20 point 7).
 * Seed 004: "Hvis den gennemsnitlige straksafklaring for kommunens agenter er under …" does not say how.
 *
 * - 'calls' (default): every call weighs the same: Σ resolved / Σ handled. This is the municipality's real rate, the
 *   figure the citizens experienced, and the same number whether the file has a total row or only agent rows.
 * - 'agents': the plain mean of the agents' own rates, the literal reading of "gennemsnitlig … for kommunens
 *   agenter". An agent with 0 calls has no rate (0/0) and is left out rather than counted as 0 %.
 *
 * Pure and exact: the comparison with the target is done on fractions (BigInt), never on rounded or float figures.
 */
import type { KpiFigures, ResolutionByAgents } from './kpi-domain.js';

export const KPI_AVERAGINGS = ['calls', 'agents'] as const;
export type KpiAveraging = (typeof KPI_AVERAGINGS)[number];

/** How the cards and the docs name the method. */
export const AVERAGING_LABELS: Record<KpiAveraging, string> = {
  calls: 'vægtet efter opkald (kommunens samlede straksafklaring)',
  agents: 'gennemsnit af agenternes egen straksafklaring',
};

/** A fraction num / den with den > 0, kept reduced. */
interface Fraction {
  num: bigint;
  den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y) [x, y] = [y, x % y];
  return x || 1n;
};

const reduced = (num: bigint, den: bigint): Fraction => {
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
};

export interface AveragedResolution {
  /** The rate as a fraction of 1 (exact); null when nothing can be averaged (no calls at all). */
  rate: Fraction | null;
  /** Percent for display, unrounded; null like `rate`. */
  percent: number | null;
  /** Agents whose rate went into the mean ('agents'), or every row ('calls'). */
  counted: number;
}

/** The municipality's resolution from its agents' rows by `method`. */
export function averagedResolution(agents: readonly KpiFigures[], method: KpiAveraging): AveragedResolution {
  if (method === 'calls') {
    const handled = agents.reduce((sum, a) => sum + a.callsHandled, 0);
    const resolved = agents.reduce((sum, a) => sum + a.callsResolved, 0);
    if (!handled) return { rate: null, percent: null, counted: agents.length };
    return {
      rate: reduced(BigInt(resolved), BigInt(handled)),
      percent: (resolved / handled) * 100,
      counted: agents.length,
    };
  }
  const withCalls = agents.filter((a) => a.callsHandled > 0);
  if (!withCalls.length) return { rate: null, percent: null, counted: 0 };
  let sum: Fraction = { num: 0n, den: 1n };
  for (const a of withCalls) {
    const h = BigInt(a.callsHandled);
    sum = reduced(sum.num * h + BigInt(a.callsResolved) * sum.den, sum.den * h);
  }
  const rate = reduced(sum.num, sum.den * BigInt(withCalls.length));
  const percent = (withCalls.reduce((s, a) => s + a.callsResolved / a.callsHandled, 0) / withCalls.length) * 100;
  return { rate, percent, counted: withCalls.length };
}

/** rate >= threshold percent, exactly (the threshold in thousandths of a percent, as kpi-domain does). */
export function averagedResolutionMet(averaged: AveragedResolution, thresholdPercent: number): boolean | null {
  if (!averaged.rate) return null;
  const thresholdMilli = BigInt(Math.round(thresholdPercent * 1000));
  return averaged.rate.num * 100_000n >= thresholdMilli * averaged.rate.den;
}

/** The agents' mean rate against the target, for assess(); undefined when the method is 'calls' or there are no agents. */
export function resolutionByAgents(
  agents: readonly KpiFigures[],
  method: KpiAveraging,
  thresholdPercent: number,
): ResolutionByAgents | undefined {
  if (method !== 'agents' || !agents.length) return undefined;
  const averaged = averagedResolution(agents, 'agents');
  return { percent: averaged.percent, met: averagedResolutionMet(averaged, thresholdPercent) };
}
