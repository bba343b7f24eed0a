/** Typed builders for the voting cards: the shared view everyone sees and each voter's own view. */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../platform/bot-app.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { formatDateTime } from '../shared/time.js';
import { CHOICE_LABELS, type Choice, type Tally } from './voting-domain.js';
import type { Ballot, Vote } from './voting-repository.js';

export const VOTING_VERBS = {
  open: 'vote.open',
  start: 'vote.start',
  startFromItem: 'vote.startFromItem',
  cast: 'vote.cast',
  refresh: 'vote.refresh',
  close: 'vote.close',
} as const;

const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

export interface VoteView {
  vote: Vote;
  tally: Tally;
  ballots: Ballot[];
  seatCodes: number[];
  userIds: string[];
  /** The viewer's seat and ballot, for their own view. */
  viewer?: { municipalityCode: number; asDeputy: boolean; choice: Choice | null; voted: boolean };
  canClose?: boolean;
  /** A card returned to one person (invoke response), not the shared message. */
  personal?: boolean;
}

export function buildVoteCard(v: VoteView): Card {
  const open = v.vote.status === 'open';
  const reveal = !v.vote.anonymous && (!open || v.vote.showDuring);
  const byCode = new Map(v.ballots.map((b) => [b.municipalityCode, b]));
  const seatLines = reveal
    ? v.seatCodes.map((code) => {
        const b = byCode.get(code);
        if (!b) return `${nameOf(code)}: har ikke stemt`;
        return `${nameOf(code)}: ${b.choice ? CHOICE_LABELS[b.choice] : 'stemt'}${b.asDeputy ? ' (stemt af suppleant)' : ''}`;
      })
    : [];
  const showTotals = !open || v.vote.showDuring;
  const buttons = open
    ? [
        ...(['for', 'imod', 'undlader'] as Choice[]).map((c) => ({
          title: CHOICE_LABELS[c],
          verb: VOTING_VERBS.cast,
          data: { voteId: v.vote.id, choice: c },
        })),
        ...(v.canClose ? [{ title: 'Luk afstemningen', verb: VOTING_VERBS.close, data: { voteId: v.vote.id } }] : []),
      ]
    : [];
  const mine = v.viewer
    ? v.viewer.voted
      ? `Din stemme for ${nameOf(v.viewer.municipalityCode)}${v.viewer.asDeputy ? ' (som suppleant)' : ''}: ${v.viewer.choice ? CHOICE_LABELS[v.viewer.choice] : 'afgivet (hemmelig)'}`
      : `Du kan stemme for ${nameOf(v.viewer.municipalityCode)}${v.viewer.asDeputy ? ' som suppleant' : ''}.`
    : '';
  const card = expandCard('voting-vote', {
    refreshVerb: VOTING_VERBS.refresh,
    voteId: v.vote.id,
    userIds: v.userIds.slice(0, 60),
    heading: open ? `Afstemning${v.vote.anonymous ? ' (hemmelig)' : ''}` : 'Afstemningen er lukket',
    question: v.vote.question,
    recommendation: v.vote.recommendation,
    closing: v.vote.closesAt
      ? `${open ? 'Lukker' : 'Lukket'} ${formatDateTime(v.vote.closedAt ?? v.vote.closesAt)}`
      : open
        ? 'Lukkes af formanden eller sekretariatet'
        : `Lukket ${formatDateTime(v.vote.closedAt!)}`,
    progress: `${v.tally.voted} af ${v.tally.seats} har stemt`,
    totals: showTotals ? `For: ${v.tally.for} · Imod: ${v.tally.imod} · Undlader: ${v.tally.undlader}` : '',
    seatLines,
    mine,
    result: v.vote.result ? `Resultat: ${v.vote.result}` : '',
    resultColor: v.vote.result === 'vedtaget' ? 'Good' : 'Attention',
    buttons,
  });
  // The shared message refreshes per user; a viewer's own card must not, or Teams AI would write it over
  // the shared message for everyone (it replaces-for-all any returned card that has a refresh).
  if (v.personal) delete card.refresh;
  return card;
}

export function buildVoteFormCard(input: { question?: string; recommendation?: string; itemId?: number }): Card {
  return expandCard('voting-form', {
    question: input.question ?? '',
    recommendation: input.recommendation ?? '',
    itemId: input.itemId ? String(input.itemId) : '',
    startVerb: VOTING_VERBS.start,
  });
}
