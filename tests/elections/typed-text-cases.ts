/**
 * The election's card builders with typed text (people's names, as the secretariat typed them into the registry) in
 * every field that shows one, for the table in tests/cards/typed-text.test.ts.
 */
import type { TypedTextCase } from '../support/typed-text.js';
import {
  buildCommitteeConfirmedCard,
  buildConstitutionCard,
  buildProposalCard,
  buildRoundCard,
} from '../../src/elections/elections-cards.js';
import type { ConstitutionView, NamedCandidate, RoundView } from '../../src/elections/elections-views.js';

const candidate = (personId: number, municipalityCode: number, name: string, votes: number): NamedCandidate => ({
  personId,
  municipalityCode,
  name,
  votes,
});

const round = (typed: string, open: boolean): RoundView => {
  const candidates = [candidate(1, 791, typed, 2), candidate(2, 657, typed, 2), candidate(3, 751, typed, 1)];
  return {
    electionId: 1,
    region: 'Midtjylland',
    seats: 1,
    open,
    votes: 3,
    members: 4,
    candidates,
    result: open
      ? null
      : { elected: [], deputies: [candidates[1]], tie: candidates.slice(0, 2), fixedSeat: [candidates[2]] },
    notice: 'already-standing',
  };
};

/** A new term's constitution with `typed` as every person's name (also used by the Danish-form test). */
export const constitution = (typed: string, notice: ConstitutionView['notice'] = 'confirmed'): ConstitutionView => ({
  termId: 4,
  termName: 'Styregruppen 2028-2029',
  startsOn: '2028-01-01',
  waiting: false,
  chairName: null,
  seats: [
    { municipalityCode: 751, member: typed, deputy: null },
    { municipalityCode: 791, member: typed, deputy: typed },
  ],
  reserves: [{ region: 'Midtjylland', rank: 1, municipalityCode: 657, name: typed }],
  item: { meetingStartsAt: new Date('2028-01-27T09:00:00Z'), inTerm: true },
  chairVote: { candidateName: typed, status: 'forkastet' },
  candidates: [{ personId: 3, name: typed, municipalityCode: 751 }],
  notice,
});

export const TYPED_TEXT_CASES: TypedTextCase[] = [
  { name: 'region round (open)', build: (typed) => buildRoundCard(round(typed, true)) },
  { name: 'region round (closed, tie)', build: (typed) => buildRoundCard(round(typed, false)) },
  {
    name: 'proposed committee',
    build: (typed) =>
      buildProposalCard({
        electionId: 1,
        seats: [{ municipalityCode: 751, personId: 3, name: typed, via: 'fast plads' }],
        blocking: [],
        notes: [`${typed} stillede op i Region Midtjylland, men Aarhus har sin faste plads.`],
        rankedLists: [],
      }),
  },
  { name: 'constitution (chair vote)', build: (typed) => buildConstitutionCard(constitution(typed, 'vote-open')) },
  {
    name: 'committee confirmed',
    build: (typed) =>
      buildCommitteeConfirmedCard({
        termName: 'Styregruppen 2028-2029',
        seats: 2,
        alreadyConfirmed: false,
        constitution: { ...constitution(typed), item: null },
      }),
  },
  {
    name: 'committee confirmed, waiting for its start date',
    build: (typed) =>
      buildCommitteeConfirmedCard({
        termName: 'Styregruppen 2028-2029',
        seats: 2,
        alreadyConfirmed: false,
        constitution: { ...constitution(typed), waiting: true, candidates: [] },
      }),
  },
];
