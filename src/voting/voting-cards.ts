/**
 * Typed builders for the voting cards: the vote card (the shared view everyone sees, and each voter's own view),
 * the work queue of open votes (made of the same vote cards), the form and the reminder.
 */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../ui/card.js';
import { buildMessageCard } from '../ui/message-card.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { countNoun } from '../shared/danish.js';
import { formatDateTime } from '../shared/time.js';
import { CHOICE_LABELS, CHOICES, type Result } from './voting-domain.js';
import type { Vote } from './voting-repository.js';
import type { OpenVotesView, VoteFormView, VoterNotice, VoterSeat, VoterView, VoteView } from './voting-views.js';

export const VOTING_VERBS = {
  open: 'vote.open',
  start: 'vote.start',
  startFromItem: 'vote.startFromItem',
  cast: 'vote.cast',
  refresh: 'vote.refresh',
  close: 'vote.close',
  queue: 'vote.queue',
  queueClose: 'vote.queue-close',
} as const;

const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

const isVoterView = (view: VoteView | VoterView): view is VoterView => 'voter' in view;

/** Container styles carry the status colour; the text stays default-coloured (readable on light and dark themes). */
const RESULT_STYLE: Record<Result, string> = {
  vedtaget: 'good',
  forkastet: 'attention',
  'ikke beslutningsdygtig': 'warning',
};

/** The voter's seat and how its ballot stands, from where the voter sits. */
function seatLine(seat: VoterSeat): string {
  const name = nameOf(seat.municipalityCode);
  const said = seat.choice ? `: ${CHOICE_LABELS[seat.choice]}` : ' (hemmeligt)';
  if (!seat.voted)
    return seat.asDeputy
      ? `Du kan stemme for ${name} som suppleant, så længe medlemmet ikke selv stemmer.`
      : `Du kan stemme for ${name}.`;
  if (seat.castByDeputy === seat.asDeputy)
    return `Din stemme for ${name}${seat.asDeputy ? ' (som suppleant)' : ''}: ${seat.choice ? CHOICE_LABELS[seat.choice] : 'afgivet (hemmelig)'}`;
  return seat.asDeputy
    ? `Medlemmet har stemt for ${name}${said}. Din stemme som suppleant tæller ikke.`
    : `Suppleanten har stemt for ${name}${said}. Stemmer du selv, erstatter din stemme suppleantens.`;
}

/** Why a press was refused, or what it replaced, in one Danish sentence for the person who pressed. */
export function noticeText(notice: VoterNotice, municipalityCode: number | null): string {
  const name = municipalityCode === null ? 'din kommune' : nameOf(municipalityCode);
  if (notice.kind === 'replaces-deputy') return `Din stemme erstatter suppleantens stemme for ${name}.`;
  switch (notice.reason) {
    case 'closed':
      return 'Din stemme blev ikke talt: afstemningen er lukket.';
    case 'member-voted':
      return `Din stemme blev ikke talt: medlemmet for ${name} har selv stemt, og medlemmets egen stemme står altid. En suppleant stemmer kun for et medlem, der ikke selv stemmer.`;
    case 'member-present':
      return `Din stemme blev ikke talt: medlemmet for ${name} deltager selv i mødet. En suppleant stemmer kun for et medlem, der har meldt afbud.`;
    case 'secret-final':
      return `Din stemme blev ikke talt: ${name} har allerede stemt i denne hemmelige afstemning, og en hemmelig stemme kan ikke ændres.`;
  }
}

/** Whether this voter's own view offers the choices: not when their press could only be refused. */
function mayStillVote(seat: VoterSeat | null, anonymous: boolean): boolean {
  if (!seat) return false;
  if (!seat.voted) return true;
  if (seat.asDeputy) return seat.castByDeputy === true && !anonymous;
  return !anonymous || seat.castByDeputy === true;
}

/**
 * The vote card. The shared view goes to the chat and has "Luk afstemningen" while the vote is open (the server
 * decides who may close); a voter's own view (their seat and ballot, the answer to their press or to Teams' per-user
 * refresh) has only the buttons that person may use. A closed vote shows its outcome and no buttons.
 */
export function buildVoteCard(view: VoteView | VoterView): Card {
  const voter = isVoterView(view) ? view.voter : null;
  const { vote, tally } = view;
  const open = vote.status === 'open';
  const reveal = !vote.anonymous && (!open || vote.showDuring);
  const byCode = new Map(view.ballots.map((b) => [b.municipalityCode, b]));
  const seatLines = reveal
    ? view.seatCodes.map((code) => {
        const ballot = byCode.get(code);
        if (!ballot) return `${nameOf(code)}: har ikke stemt`;
        return `${nameOf(code)}: ${ballot.choice ? CHOICE_LABELS[ballot.choice] : 'stemt'}${ballot.asDeputy ? ' (stemt af suppleant)' : ''}`;
      })
    : [];
  const data = { voteId: vote.id };
  const choices = CHOICES.map((choice) => ({
    title: CHOICE_LABELS[choice],
    verb: VOTING_VERBS.cast,
    data: { ...data, choice },
  }));
  const close = { title: 'Luk afstemningen', verb: VOTING_VERBS.close, data };
  const buttons = !open
    ? []
    : voter
      ? [...(mayStillVote(voter.seat, vote.anonymous) ? choices : []), ...(voter.canClose ? [close] : [])]
      : [...choices, close];
  const card = expandCard('voting-vote', {
    refreshVerb: VOTING_VERBS.refresh,
    voteId: vote.id,
    userIds: view.userIds.slice(0, 60),
    heading: open ? `Afstemning${vote.anonymous ? ' (hemmelig)' : ''}` : 'Afstemningen er lukket',
    question: vote.question,
    recommendation: vote.recommendation,
    closing: vote.closesAt
      ? `${open ? 'Lukker' : 'Lukket'} ${formatDateTime(vote.closedAt ?? vote.closesAt)}`
      : open
        ? 'Lukkes af formanden eller sekretariatet'
        : `Lukket ${formatDateTime(vote.closedAt!)}`,
    progress: `${tally.voted} af ${tally.seats} har stemt`, // "af 13" needs no noun: the playground e2e reads it
    totals: !open || vote.showDuring ? `For: ${tally.for} · Imod: ${tally.imod} · Undlader: ${tally.undlader}` : '',
    seatLines,
    mine: voter?.seat ? seatLine(voter.seat) : '',
    notice: voter?.notice ? noticeText(voter.notice, voter.seat?.municipalityCode ?? null) : '',
    noticeStyle: voter?.notice?.kind === 'refused' ? 'warning' : 'emphasis',
    result: vote.result ? `Resultat: ${vote.result}` : '',
    resultStyle: vote.result ? RESULT_STYLE[vote.result] : 'default',
    buttons,
  });
  // The shared message refreshes per user while the vote is open; a viewer's own card must not, or Teams AI would
  // write it over the shared message for everyone (it replaces-for-all any returned card that has a refresh).
  if (voter || !open) delete card.refresh;
  return card;
}

/** The chair's and the secretariat's queue: each open vote as the chat sees it, with "Luk afstemningen". */
export function buildOpenVotesCard(view: OpenVotesView): Card {
  const bodyOf = (vote: VoteView) => (buildVoteCard(vote).body as unknown[]) ?? [];
  return expandCard('voting-queue', {
    summary: view.votes.length
      ? `${countNoun(view.votes.length, 'åben afstemning', 'åbne afstemninger')}.`
      : 'Der er ingen åbne afstemninger.',
    justClosed: view.justClosed ? bodyOf(view.justClosed) : [],
    votes: view.votes.map((vote) => ({ voteId: vote.vote.id, body: bodyOf(vote) })),
    closeVerb: VOTING_VERBS.queueClose,
  });
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
