/**
 * The minutes' rules, pure: what the minutes card may change (each item's decision, one new follow-up point with an
 * owner among the invitees and a due date), and how a vote's result reads as a decision.
 */
import { z } from 'zod';
import { invalidInput } from '../shared/errors.js';
import { parseDanishDate } from '../shared/time.js';
import type { Minutes } from './meetings-minutes-repository.js';
import type { ItemDecision } from './meetings-neighbours.js';

export interface MinutesInput {
  /** Item number -> the decision as typed, for the items whose decision changed. */
  decisions: Map<string, string>;
  followUp: { itemNumber: string | null; text: string; ownerPersonId: number; dueOn: string } | null;
}

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} må højst være ${max} tegn.`)
    .optional()
    .transform((v) => (v ?? '').trim());

const followUpSchema = z.object({
  followUpText: text(1000, 'Opfølgningspunktet'),
  followUpItem: text(10, 'Punktnummeret'),
  followUpOwner: text(12, 'Den ansvarlige'),
  followUpDue: text(10, 'Fristen'),
});

/** The minutes card's inputs, checked: decisions of the minutes' own items only, a complete follow-up or none. */
export function minutesInputOf(
  data: Record<string, unknown>,
  minutes: Minutes,
  invitees: { personId: number }[],
): MinutesInput {
  const decisions = new Map<string, string>();
  for (const item of minutes.items) {
    const typed = data[`decision_${item.number}`];
    if (typed === undefined) continue;
    if (typeof typed !== 'string') throw invalidInput('Kortet mangler oplysninger. Åbn referatet igen.');
    if (typed.length > 4000) throw invalidInput(`Beslutningen under punkt ${item.number} må højst være 4000 tegn.`);
    if (typed.trim() !== item.decision) decisions.set(item.number, typed.trim());
  }
  const parsed = followUpSchema.safeParse(data);
  if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => i.message).join(' '));
  const f = parsed.data;
  if (!f.followUpText && !f.followUpOwner && !f.followUpDue) return { decisions, followUp: null };
  if (!f.followUpText) throw invalidInput('Skriv opfølgningspunktet.');
  const owner = Number(f.followUpOwner);
  if (!invitees.some((i) => i.personId === owner)) throw invalidInput('Vælg den ansvarlige for opfølgningspunktet.');
  const dueOn = parseDanishDate(f.followUpDue);
  if (!dueOn) throw invalidInput('Vælg en frist for opfølgningspunktet.');
  if (f.followUpItem && !minutes.items.some((i) => i.number === f.followUpItem))
    throw invalidInput('Vælg et punkt fra dagsordenen.');
  return {
    decisions,
    followUp: { itemNumber: f.followUpItem || null, text: f.followUpText, ownerPersonId: owner, dueOn },
  };
}

const RESULT_TEXT: Record<string, string> = {
  vedtaget: 'Vedtaget',
  forkastet: 'Forkastet',
  'ikke beslutningsdygtig': 'Ikke beslutningsdygtig',
};

/** "Vedtaget ved afstemning: 5 for, 1 imod, 2 undlod at stemme." */
export function decisionText(decision: ItemDecision): string {
  const result = RESULT_TEXT[decision.result] ?? decision.result;
  return `${result} ved afstemning: ${decision.votesFor} for, ${decision.votesAgainst} imod, ${decision.votesAbstain} undlod at stemme.`;
}
