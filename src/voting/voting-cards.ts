/** Typed builders for the voting cards: the shared view everyone sees, each voter's own view, the form, the reminder. */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../ui/card.js';
import { buildMessageCard } from '../ui/message-card.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { formatDateTime } from '../shared/time.js';
import { CHOICE_LABELS, CHOICES } from './voting-domain.js';
import type { Vote } from './voting-repository.js';
import type { VoteFormView, VoterView, VoteView } from './voting-views.js';

export const VOTING_VERBS = {
  open: 'vote.open',
  start: 'vote.start',
  startFromItem: 'vote.startFromItem',
  cast: 'vote.cast',
  refresh: 'vote.refresh',
  close: 'vote.close',
} as const;

const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

const isVoterView = (view: VoteView | VoterView): view is VoterView => 'voter' in view;

/**
 * The vote card. The shared view goes to the chat; a voter's own view (their seat and ballot, the close button
 * for the chair and the secretariat) is the answer to their press or to Teams' per-user refresh.
 */
export function buildVoteCard(view: VoteView | VoterView): Card {
  const voter = isVoterView(view) ? view.voter : null;
  const open = view.vote.status === 'open';
  const reveal = !view.vote.anonymous && (!open || view.vote.showDuring);
  const byCode = new Map(view.ballots.map((b) => [b.municipalityCode, b]));
  const seatLines = reveal
    ? view.seatCodes.map((code) => {
        const ballot = byCode.get(code);
        if (!ballot) return `${nameOf(code)}: har ikke stemt`;
        return `${nameOf(code)}: ${ballot.choice ? CHOICE_LABELS[ballot.choice] : 'stemt'}${ballot.asDeputy ? ' (stemt af suppleant)' : ''}`;
      })
    : [];
  const showTotals = !open || view.vote.showDuring;
  const buttons = open
    ? [
        ...CHOICES.map((choice) => ({
          title: CHOICE_LABELS[choice],
          verb: VOTING_VERBS.cast,
          data: { voteId: view.vote.id, choice },
        })),
        ...(voter?.canClose
          ? [{ title: 'Luk afstemningen', verb: VOTING_VERBS.close, data: { voteId: view.vote.id } }]
          : []),
      ]
    : [];
  const seat = voter?.seat;
  const mine = seat
    ? seat.voted
      ? `Din stemme for ${nameOf(seat.municipalityCode)}${seat.asDeputy ? ' (som suppleant)' : ''}: ${seat.choice ? CHOICE_LABELS[seat.choice] : 'afgivet (hemmelig)'}`
      : `Du kan stemme for ${nameOf(seat.municipalityCode)}${seat.asDeputy ? ' som suppleant' : ''}.`
    : '';
  const card = expandCard('voting-vote', {
    refreshVerb: VOTING_VERBS.refresh,
    voteId: view.vote.id,
    userIds: view.userIds.slice(0, 60),
    heading: open ? `Afstemning${view.vote.anonymous ? ' (hemmelig)' : ''}` : 'Afstemningen er lukket',
    question: view.vote.question,
    recommendation: view.vote.recommendation,
    closing: view.vote.closesAt
      ? `${open ? 'Lukker' : 'Lukket'} ${formatDateTime(view.vote.closedAt ?? view.vote.closesAt)}`
      : open
        ? 'Lukkes af formanden eller sekretariatet'
        : `Lukket ${formatDateTime(view.vote.closedAt!)}`,
    progress: `${view.tally.voted} af ${view.tally.seats} har stemt`,
    totals: showTotals ? `For: ${view.tally.for} · Imod: ${view.tally.imod} · Undlader: ${view.tally.undlader}` : '',
    seatLines,
    mine,
    result: view.vote.result ? `Resultat: ${view.vote.result}` : '',
    resultColor: view.vote.result === 'vedtaget' ? 'Good' : 'Attention',
    buttons,
  });
  // The shared message refreshes per user; a viewer's own card must not, or Teams AI would write it over
  // the shared message for everyone (it replaces-for-all any returned card that has a refresh).
  if (voter) delete card.refresh;
  return card;
}

export function buildVoteFormCard(form: VoteFormView): Card {
  return expandCard('voting-form', {
    question: form.question,
    recommendation: form.recommendation,
    itemId: form.itemId ? String(form.itemId) : '',
    startVerb: VOTING_VERBS.start,
  });
}

/** Sent to the holders of seats that have not voted shortly before the vote closes. */
export function buildVoteReminderCard(vote: Pick<Vote, 'question' | 'closesAt'>): Card {
  return buildMessageCard({
    title: 'Påmindelse: afstemning lukker snart',
    text: `"${vote.question}" lukker ${vote.closesAt ? formatDateTime(vote.closesAt) : 'snart'}, og din kommune har ikke stemt. Stem på kortet i styregruppens chat.`,
    tone: 'warning',
  });
}
