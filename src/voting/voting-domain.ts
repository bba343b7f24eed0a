/**
 * Decision rules (DOMAIN.md; the statutes give none): quorum is more than half the seats casting a ballot;
 * a proposal passes with more "for" than "imod"; "undlader" counts for quorum only; a tie fails.
 */
import type { Actor } from '../registry/registry-types.js';

export const CHOICES = ['for', 'imod', 'undlader'] as const;
export type Choice = (typeof CHOICES)[number];
export const CHOICE_LABELS: Record<Choice, string> = { for: 'For', imod: 'Imod', undlader: 'Undlader' };

export type Result = 'vedtaget' | 'forkastet' | 'ikke beslutningsdygtig';

export interface Tally {
  for: number;
  imod: number;
  undlader: number;
  voted: number;
  seats: number;
}

export interface DecisionRules {
  /** Share of seats that must cast a ballot; quorum is strictly more than this share. */
  quorumShare: number;
}

export const DEFAULT_RULES: DecisionRules = { quorumShare: 0.5 };

export function tally(choices: (Choice | null)[], seats: number, anonymousTotals?: Record<Choice, number>): Tally {
  const count = (choice: Choice) => anonymousTotals?.[choice] ?? choices.filter((c) => c === choice).length;
  return { for: count('for'), imod: count('imod'), undlader: count('undlader'), voted: choices.length, seats };
}

export function outcome(counted: Tally, rules: DecisionRules = DEFAULT_RULES): Result {
  if (counted.voted <= counted.seats * rules.quorumShare) return 'ikke beslutningsdygtig';
  return counted.for > counted.imod ? 'vedtaget' : 'forkastet';
}

export interface SeatHolders {
  municipalityCode: number;
  memberPersonId: number | null;
  deputyPersonId: number | null;
}

/** The seat a person may vote for in this vote, and in which capacity; null when none. */
export function seatOf(actor: Actor, seats: SeatHolders[]): { municipalityCode: number; asDeputy: boolean } | null {
  const asMember = seats.find((s) => s.memberPersonId === actor.id);
  if (asMember) return { municipalityCode: asMember.municipalityCode, asDeputy: false };
  const asDeputy = seats.find((s) => s.deputyPersonId === actor.id);
  return asDeputy ? { municipalityCode: asDeputy.municipalityCode, asDeputy: true } : null;
}

export function mayRunVotes(actor: Actor): boolean {
  return actor.chair || actor.secretariat;
}
