/** Election cards: the key for the secretariat, a region's round, the proposed and the confirmed committee. */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../ui/card.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { buildMessageCard } from '../ui/message-card.js';
import type { KeyReport, KeyView, NamedCandidate, ProposalView, RoundView } from './elections-views.js';

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
} as const;

const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

export function keyLines(key: KeyReport): string[] {
  return [
    ...key.rows.map(
      (r) =>
        `Region ${r.region}: ${r.population.toLocaleString('da-DK')} indb. → ${r.seats} plads(er)${r.region === 'Midtjylland' ? ` (heraf Aarhus' faste plads; vælger ${r.electable})` : ''}`,
    ),
    `Næste pladser ville gå til: ${key.order.join(', ')}`,
    ...(key.tie
      ? [`Stemmelighed om ${key.tie.seats} plads(er) mellem ${key.tie.regions.join(' og ')}: afgøres ved lodtrækning`]
      : []),
  ];
}

export function buildKeyCard(key: KeyView): Card {
  return buildMessageCard({
    title: 'Fordelingsnøgle til styregruppevalget',
    text: key.quarter
      ? `Befolkning pr. 1. juli (${key.quarter}) i medlemskommunerne; metode: ${key.method === 'dhondt' ? "D'Hondt" : 'største brøk'}.${key.isDemo ? ' OBS: demotal, ikke officielle.' : ''}${key.missing ? ` ${key.missing} medlemskommune(r) mangler tal.` : ''}`
      : 'Der mangler befolkningstal pr. 1. juli i et ulige år.',
    lines: keyLines(key),
    tone: key.isDemo || key.missing || key.tie ? 'warning' : 'default',
    actions: key.canStart ? [{ title: 'Start valget', verb: ELECTION_VERBS.start, data: {} }] : [],
  });
}

const names = (candidates: NamedCandidate[]) => candidates.map((c) => c.name);

/** What a closed round decided, in one sentence. */
function resultText(result: NonNullable<RoundView['result']>): string {
  const elected = names(result.elected).join(', ') || 'ingen';
  const deputies =
    names(result.deputies)
      .map((name, i) => `${i + 1}. ${name}`)
      .join(', ') || 'ingen';
  return `Valgt: ${elected}. Suppleanter: ${deputies}.${result.tie ? ' Stemmelighed: afgøres ved lodtrækning.' : ''}`;
}

export function buildRoundCard(round: RoundView): Card {
  const data = { region: round.region };
  const buttons = round.open
    ? [
        { title: 'Stil op', verb: ELECTION_VERBS.nominate, data },
        ...(round.candidates.length ? [{ title: 'Stem', verb: ELECTION_VERBS.vote, data }] : []),
        ...(round.canManage ? [{ title: 'Luk regionsvalget', verb: ELECTION_VERBS.close, data }] : []),
      ]
    : round.canManage
      ? (round.result?.tie ?? []).map((c) => ({
          title: `Vinder af lodtrækning: ${c.name}`,
          verb: ELECTION_VERBS.lot,
          data: { ...data, personId: c.personId },
        }))
      : [];
  return expandCard('elections-round', {
    region: round.region,
    seatsText: `Regionen vælger ${round.seats} medlem(mer)${round.region === 'Midtjylland' ? ' (Aarhus har derudover sin faste plads)' : ''}.`,
    progress: `${round.votes} af ${round.members} medlemskommuner har stemt${round.open ? '' : ' · valget er lukket'}`,
    candidates: round.candidates.map((c) => ({
      personId: String(c.personId),
      name: `${c.name}, ${nameOf(c.municipalityCode)}`,
      line: `${c.name}, ${nameOf(c.municipalityCode)}: ${c.votes} stemme(r)`,
    })),
    result: round.result ? resultText(round.result) : '',
    open: round.open,
    buttons,
  });
}

export function buildProposalCard(proposal: ProposalView): Card {
  const blocked = proposal.blocking.length > 0;
  return buildMessageCard({
    title: 'Forslag til ny styregruppe',
    text: blocked ? `Mangler: ${proposal.blocking.join('; ')}.` : 'Alle regioner har valgt.',
    lines: proposal.seats.map(
      (seat) =>
        `${municipalityByCode(seat.municipalityCode)?.name}: ${seat.personId ? (seat.name ?? '?') : 'ingen repræsentant'} (${seat.via})`,
    ),
    tone: blocked ? 'warning' : 'good',
    actions: blocked ? [] : [{ title: 'Bekræft ny styregruppe', verb: ELECTION_VERBS.confirm }],
  });
}

export function buildCommitteeConfirmedCard(confirmed: { termName: string; seats: number }): Card {
  return buildMessageCard({
    title: 'Ny styregruppe bekræftet',
    text: `${confirmed.termName} med ${confirmed.seats} pladser er nu styregruppen i registret; stemmeretten følger den.`,
    tone: 'good',
  });
}
