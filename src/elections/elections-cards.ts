/** Election cards: the key for the secretariat, a region's round, the proposed and the confirmed committee. */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../ui/card.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { buildMessageCard } from '../ui/message-card.js';
import { countNoun, formatNumber, listWithAnd } from '../shared/danish.js';
import { copenhagenToUtc, formatDate } from '../shared/time.js';
import { METHOD_LABELS } from './elections-domain.js';
import { NO_CHAIR_YET } from './elections-constitution-domain.js';
import type {
  ConfirmedView,
  ConstitutionNotice,
  ConstitutionView,
  KeyReport,
  KeyView,
  NamedCandidate,
  ProposalView,
  RoundNotice,
  RoundView,
} from './elections-views.js';

export const ELECTION_VERBS = {
  key: 'elections.key',
  start: 'elections.start',
  openRound: 'elections.open-round',
  nominate: 'elections.nominate',
  vote: 'elections.vote',
  close: 'elections.close-round',
  lot: 'elections.lot',
  proposal: 'elections.proposal',
  confirm: 'elections.confirm',
  constitution: 'elections.constitution',
  chairVote: 'elections.chair-vote',
  constitutionItem: 'elections.constitution-item',
} as const;

const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

/** "2027K3" (the population quarter) as users read it: "1. juli 2027". */
export const quarterLabel = (quarter: string) =>
  /^\d{4}K3$/.test(quarter) ? `1. juli ${quarter.slice(0, 4)}` : quarter;

const seats = (n: number) => countNoun(n, 'plads', 'pladser');

export function keyLines(key: KeyReport): string[] {
  return [
    ...key.rows.map(
      (r) =>
        `Region ${r.region}: ${formatNumber(r.population)} indb. → ${seats(r.seats)}${r.region === 'Midtjylland' ? ` (heraf Aarhus' faste plads; vælger ${formatNumber(r.electable)})` : ''}`,
    ),
    `Næste pladser ville gå til: ${key.order.join(', ')}`,
    ...(key.tie
      ? [`Stemmelighed om ${seats(key.tie.seats)} mellem ${listWithAnd(key.tie.regions)}: afgøres ved lodtrækning`]
      : []),
  ];
}

/** The key as a table for `npm run election -- key`: Danish headings, method by name, numbers in da-DK. */
export function keyTable(key: KeyReport): string[] {
  const head = key.quarter
    ? `Fordelingsnøgle (befolkning pr. ${quarterLabel(key.quarter)}${key.isDemo ? ', DEMOTAL' : ''}), metode: ${METHOD_LABELS[key.method]}`
    : 'Der mangler befolkningstal pr. 1. juli i et ulige år.';
  return [
    head,
    'region        befolkning  pladser  vælger',
    ...key.rows.map(
      (r) =>
        `${r.region.padEnd(13)} ${formatNumber(r.population).padStart(10)}  ${formatNumber(r.seats).padStart(7)}  ${formatNumber(r.electable).padStart(6)}`,
    ),
    ...keyLines(key).slice(key.rows.length),
  ];
}

export function buildKeyCard(key: KeyView): Card {
  const notice =
    key.notice === 'started'
      ? ' Valget er startet: åbn regionsvalget i hver regions chat med "Regionsvalg i denne chat" i menuen.'
      : key.notice === 'already-started' || key.running
        ? ' Der er allerede et valg i gang.'
        : '';
  return buildMessageCard({
    title: 'Fordelingsnøgle til styregruppevalget',
    text: key.quarter
      ? `Befolkning pr. ${quarterLabel(key.quarter)} i medlemskommunerne; metode: ${METHOD_LABELS[key.method]}.${key.isDemo ? ' OBS: demotal, ikke officielle.' : ''}${key.missing ? ` ${countNoun(key.missing, 'medlemskommune', 'medlemskommuner')} mangler tal.` : ''}${notice}`
      : 'Der mangler befolkningstal pr. 1. juli i et ulige år.',
    lines: keyLines(key),
    tone: key.isDemo || key.missing || key.tie ? 'warning' : 'default',
    actions: key.canStart ? [{ title: 'Start valget', verb: ELECTION_VERBS.start, data: {} }] : [],
  });
}

const names = (candidates: NamedCandidate[]) => listWithAnd(candidates.map((c) => c.name));

/** What a closed round decided, a line each (names are typed text: the template shows them as TextRun). */
function resultLines(result: NonNullable<RoundView['result']>): string[] {
  const deputies = result.deputies.map((c, i) => `${i + 1}. ${c.name}`).join(', ');
  return [
    `Valgt: ${names(result.elected) || 'ingen'}.`,
    `Suppleanter: ${deputies || 'ingen'}.`,
    ...(result.tie ? [`Stemmelighed mellem ${names(result.tie)}: afgøres ved lodtrækning.`] : []),
    ...(result.fixedSeat.length ? [`Har Aarhus' faste plads og indgår ikke: ${names(result.fixedSeat)}.`] : []),
  ];
}

const ROUND_NOTICES: Record<RoundNotice, string> = {
  closed: 'Regionsvalget er lukket, så det ændrede ikke noget.',
  'already-standing': 'Du er allerede opstillet.',
  'already-closed': 'Regionsvalget var allerede lukket.',
  'lot-recorded': 'Lodtrækningen er allerede registreret.',
};

/**
 * The region's shared round card. While open: "Stil op" and "Luk regionsvalget" never need the candidate list
 * (associatedInputs none; the server decides who may press), "Stem" submits it. Once closed: the outcome, and the
 * lot buttons only while a tie is unsettled.
 */
export function buildRoundCard(round: RoundView): Card {
  const data = { electionId: round.electionId, region: round.region };
  const buttons = round.open
    ? [
        { title: 'Stil op', verb: ELECTION_VERBS.nominate, data, inputs: 'none' },
        ...(round.candidates.length ? [{ title: 'Stem', verb: ELECTION_VERBS.vote, data, inputs: 'auto' }] : []),
        { title: 'Luk regionsvalget', verb: ELECTION_VERBS.close, data, inputs: 'none' },
      ]
    : (round.result?.tie ?? []).map((c) => ({
        title: `Vinder af lodtrækning: ${c.name}`,
        verb: ELECTION_VERBS.lot,
        data: { ...data, personId: c.personId },
        inputs: 'none',
      }));
  return expandCard('elections-round', {
    region: round.region,
    seatsText: `Regionen vælger ${countNoun(round.seats, 'medlem', 'medlemmer')}${round.region === 'Midtjylland' ? ' (Aarhus har derudover sin faste plads; en kandidat fra Aarhus har den plads og indgår ikke)' : ''}.`,
    progress: `${round.votes} af ${countNoun(round.members, 'medlemskommune', 'medlemskommuner')} har stemt${round.open ? '' : ' · valget er lukket'}`,
    candidates: round.candidates.map((c) => ({
      personId: String(c.personId),
      name: `${c.name}, ${nameOf(c.municipalityCode)}`,
      line: `${c.name}, ${nameOf(c.municipalityCode)}: ${countNoun(c.votes, 'stemme', 'stemmer')}`,
    })),
    resultLines: round.result ? resultLines(round.result) : [],
    resultStyle: round.result?.tie ? 'warning' : 'good',
    notice: round.notice ? ROUND_NOTICES[round.notice] : '',
    open: round.open,
    buttons,
  });
}

export function buildProposalCard(proposal: ProposalView): Card {
  const blocked = proposal.blocking.length > 0;
  return buildMessageCard({
    title: 'Forslag til ny styregruppe',
    text: blocked
      ? `Mangler: ${proposal.blocking.join('; ')}.`
      : `Alle regioner har valgt: ${seats(proposal.seats.length)}.`,
    lines: [
      ...proposal.seats.map(
        (seat) => `${nameOf(seat.municipalityCode)}: ${seat.name ?? 'ingen repræsentant'} (${seat.via})`,
      ),
      ...proposal.notes,
    ],
    tone: blocked ? 'warning' : 'good',
    actions: blocked
      ? []
      : [{ title: 'Bekræft ny styregruppe', verb: ELECTION_VERBS.confirm, data: { electionId: proposal.electionId } }],
  });
}

/** The confirmation is the new term's constitution card, with what the press did on top. */
export function buildCommitteeConfirmedCard(confirmed: ConfirmedView): Card {
  const { waiting, startsOn } = confirmed.constitution;
  const already = confirmed.alreadyConfirmed;
  const done = waiting
    ? `${confirmed.termName} med ${seats(confirmed.seats)} ${already ? 'var allerede' : 'er nu'} bekræftet og træder til ${takesOffice(startsOn)}; indtil da har den siddende styregruppe pladserne og stemmeretten.`
    : `${confirmed.termName} med ${seats(confirmed.seats)} ${already ? 'var allerede bekræftet og er' : 'er nu'} styregruppen i registret; stemmeretten følger den.`;
  return buildConstitutionCard(confirmed.constitution, done);
}

const takesOffice = (startsOn: string) => formatDate(copenhagenToUtc(startsOn));

const CONSTITUTION_NOTICES: Record<ConstitutionNotice, string> = {
  confirmed: 'Styregruppen har ingen formand, før den har valgt en ved afstemning.',
  'already-confirmed': 'Styregruppen har ingen formand, før den har valgt en ved afstemning.',
  'vote-started': 'Afstemningen om formand er startet i styregruppens chat. Luk den dér, når alle har stemt.',
  'vote-open': 'Der er allerede en afstemning om formand i gang i styregruppens chat.',
  'chair-elected': 'Styregruppen har allerede valgt sin formand.',
  'item-proposed': 'Punktet "Konstituering" er foreslået til dagsordenen.',
  'item-exists': 'Punktet "Konstituering" er allerede på dagsordenen.',
  'no-meeting':
    'Der er ikke planlagt noget styregruppemøde, så punktet "Konstituering" er ikke på en dagsorden endnu. Opret mødet, og tryk så "Sæt Konstituering på dagsordenen".',
};

const CHAIR_VOTE_STATUS: Record<string, string> = {
  open: 'afstemning i gang i styregruppens chat',
  vedtaget: 'vedtaget',
  forkastet: 'forkastet',
  'ikke beslutningsdygtig': 'ikke beslutningsdygtig',
};

/**
 * The term's constitution for the secretariat: the chair (or that none is elected yet), the Konstituering item's
 * meeting, seats with deputies, the ranked lists, and "Valg af formand" with the seat members to choose from.
 */
export function buildConstitutionCard(view: ConstitutionView, headline = ''): Card {
  const noticeText = view.notice ? CONSTITUTION_NOTICES[view.notice] : '';
  const notice = [headline, noticeText].filter(Boolean).join(' ');
  const itemLine = view.item
    ? `Punktet "Konstituering" er foreslået til styregruppemødet ${formatDate(view.item.meetingStartsAt)}${view.item.inTerm ? ' (det første i perioden)' : ' (det næste planlagte møde; der er ikke planlagt møder i den nye periode endnu)'}.`
    : 'Punktet "Konstituering" er ikke på en dagsorden: der er ikke planlagt noget styregruppemøde.';
  const data = { termId: view.termId };
  const buttons = [
    ...(view.candidates.length
      ? [{ title: 'Valg af formand', verb: ELECTION_VERBS.chairVote, data, inputs: 'auto' }]
      : []),
    ...(view.item
      ? []
      : [{ title: 'Sæt Konstituering på dagsordenen', verb: ELECTION_VERBS.constitutionItem, data, inputs: 'none' }]),
  ];
  return expandCard('elections-constitution', {
    title: `Konstituering: ${view.termName}`,
    notice,
    noticeStyle: view.notice === 'no-meeting' || view.notice === 'vote-open' ? 'warning' : 'good',
    chairLine: view.chairName ?? NO_CHAIR_YET,
    termLine: view.waiting
      ? `Træder til ${takesOffice(view.startsOn)}. Indtil da har den siddende styregruppe pladserne, formanden og stemmerne; formanden vælges, når den nye styregruppe er trådt til.`
      : `Trådt til ${takesOffice(view.startsOn)}.`,
    itemLine,
    chairVoteLine: view.chairVote
      ? `Valg af formand: ${view.chairVote.candidateName} (${CHAIR_VOTE_STATUS[view.chairVote.status] ?? view.chairVote.status})`
      : '',
    seatLines: view.seats.map(
      (s) => `${nameOf(s.municipalityCode)}: ${s.member ?? 'ingen repræsentant'} · suppleant: ${s.deputy ?? 'ingen'}`,
    ),
    reserveLines: view.reserves.map((r) => `Region ${r.region}: ${r.rank}. ${r.name}, ${nameOf(r.municipalityCode)}`),
    candidates: view.candidates.map((c) => ({
      personId: String(c.personId),
      name: `${c.name}, ${nameOf(c.municipalityCode)}`,
    })),
    buttons,
  });
}
