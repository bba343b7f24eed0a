/**
 * Steering-committee decisions (DOMAIN.md; the statutes give no quorum or tie rule, so both are configuration):
 * quorum is more than `quorumShare` of the seats casting a ballot; a proposal passes with more "for" than "imod";
 * "undlader" counts for quorum only; a tie fails unless the tie rule gives the chair's own ballot the casting vote.
 * And who may cast the seat's one ballot: the member always, the deputy only for a member who does not vote.
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

/** 'fails': a tie is not a majority (the default). 'chair': the chair's own "for" or "imod" decides a tie. */
export const TIE_RULES = ['fails', 'chair'] as const;
export type TieRule = (typeof TIE_RULES)[number];

export interface DecisionRules {
  /** Share of seats that must cast a ballot; quorum is strictly more than this share. */
  quorumShare: number;
  tieRule: TieRule;
}

export const DEFAULT_RULES: DecisionRules = { quorumShare: 0.5, tieRule: 'fails' };

export function tally(choices: (Choice | null)[], seats: number, anonymousTotals?: Record<Choice, number>): Tally {
  const count = (choice: Choice) => anonymousTotals?.[choice] ?? choices.filter((c) => c === choice).length;
  return { for: count('for'), imod: count('imod'), undlader: count('undlader'), voted: choices.length, seats };
}

/** The result; `chairChoice` is the chair's own ballot, when known (never in an anonymous vote). */
export function outcome(
  counted: Tally,
  rules: DecisionRules = DEFAULT_RULES,
  chairChoice: Choice | null = null,
): Result {
  if (counted.voted <= counted.seats * rules.quorumShare) return 'ikke beslutningsdygtig';
  if (counted.for !== counted.imod) return counted.for > counted.imod ? 'vedtaget' : 'forkastet';
  return rules.tieRule === 'chair' && chairChoice === 'for' ? 'vedtaget' : 'forkastet';
}

export interface SeatHolders {
  municipalityCode: number;
  memberPersonId: number | null;
  deputyPersonId: number | null;
}

export interface VoterSeatRef {
  municipalityCode: number;
  asDeputy: boolean;
}

/**
 * The one seat a person votes for in this vote, and in which capacity; null when none. The statutes let a
 * municipality send a deputy for its own member, so a person is in the committee for one municipality: someone
 * listed as member of one seat and deputy of another votes for their own seat only (one person, one ballot), and
 * someone listed as deputy of several seats for the first of them.
 */
export function seatOf(actor: Pick<Actor, 'id'>, seats: SeatHolders[]): VoterSeatRef | null {
  const asMember = seats.find((s) => s.memberPersonId === actor.id);
  if (asMember) return { municipalityCode: asMember.municipalityCode, asDeputy: false };
  const asDeputy = seats.find((s) => s.deputyPersonId === actor.id);
  return asDeputy ? { municipalityCode: asDeputy.municipalityCode, asDeputy: true } : null;
}

/**
 * Whether the member attends. 'unknown' while the product has no attendance (every vote today); a meeting's
 * attendance (issue 20: "Afbud") will say 'absent' or 'present' for votes held during a meeting.
 */
export type MemberAttendance = 'unknown' | 'present' | 'absent';

/** The seat's ballot as it stands: who cast it (member or deputy) and, in an open vote, what it says. */
export interface StandingBallot {
  asDeputy: boolean;
  choice: Choice | null;
}

export type RefusalReason = 'closed' | 'member-voted' | 'member-present' | 'secret-final';

export type BallotDecision =
  { kind: 'count'; replacesDeputy: boolean } | { kind: 'unchanged' } | { kind: 'refused'; reason: RefusalReason };

/**
 * Ballot precedence (DOMAIN.md): one ballot per seat; the member's own ballot always stands; the deputy's ballot
 * counts only while the member has not voted and has not been registered as present, and a member who votes later
 * replaces it. A secret ballot cannot be changed by the one who cast it (nobody knows what it said).
 */
export function decideBallot(input: {
  asDeputy: boolean;
  choice: Choice;
  standing: StandingBallot | null;
  anonymous: boolean;
  open: boolean;
  memberAttendance: MemberAttendance;
}): BallotDecision {
  const { asDeputy, standing } = input;
  if (!input.open) return { kind: 'refused', reason: 'closed' };
  if (asDeputy) {
    if (standing && !standing.asDeputy) return { kind: 'refused', reason: 'member-voted' };
    if (input.memberAttendance === 'present') return { kind: 'refused', reason: 'member-present' };
  }
  if (!standing) return { kind: 'count', replacesDeputy: false };
  if (!asDeputy && standing.asDeputy) return { kind: 'count', replacesDeputy: true };
  if (input.anonymous) return { kind: 'refused', reason: 'secret-final' };
  return standing.choice === input.choice ? { kind: 'unchanged' } : { kind: 'count', replacesDeputy: false };
}

export function mayRunVotes(actor: Pick<Actor, 'chair' | 'secretariat'>): boolean {
  return actor.chair || actor.secretariat;
}
