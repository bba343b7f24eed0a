/** Election cards: the key for the secretariat, a region's round, the proposed committee. */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../platform/bot-app.js';
import { municipalityByCode, type Region } from '../registry/municipalities.js';
import { buildMessageCard } from '../ui/message-card.js';
import type { KeyReport } from './elections-service.js';

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

export function keyLines(k: KeyReport): string[] {
  return [
    ...k.rows.map(
      (r) =>
        `Region ${r.region}: ${r.population.toLocaleString('da-DK')} indb. → ${r.seats} plads(er)${r.region === 'Midtjylland' ? ` (heraf Aarhus' faste plads; vælger ${r.electable})` : ''}`,
    ),
    `Næste pladser ville gå til: ${k.order.join(', ')}`,
    ...(k.tie
      ? [`Stemmelighed om ${k.tie.seats} plads(er) mellem ${k.tie.regions.join(' og ')}: afgøres ved lodtrækning`]
      : []),
  ];
}

export function buildKeyCard(k: KeyReport, canStart: boolean): Card {
  return buildMessageCard({
    title: 'Fordelingsnøgle til styregruppevalget',
    text: k.quarter
      ? `Befolkning pr. 1. juli (${k.quarter}) i medlemskommunerne; metode: ${k.method === 'dhondt' ? "D'Hondt" : 'største brøk'}.${k.isDemo ? ' OBS: demotal, ikke officielle.' : ''}${k.missing ? ` ${k.missing} medlemskommune(r) mangler tal.` : ''}`
      : 'Der mangler befolkningstal pr. 1. juli i et ulige år.',
    lines: keyLines(k),
    tone: k.isDemo || k.missing || k.tie ? 'warning' : 'default',
    actions: canStart && k.quarter && !k.tie ? [{ title: 'Start valget', verb: ELECTION_VERBS.start, data: {} }] : [],
  });
}

export function buildRoundCard(input: {
  region: Region;
  seats: number;
  open: boolean;
  votes: number;
  members: number;
  candidates: { personId: number; name: string; municipalityCode: number; votes: number }[];
  result: string;
  tie: { personId: number; name: string }[];
  secretariat: boolean;
}): Card {
  const data = { region: input.region };
  const buttons = input.open
    ? [
        { title: 'Stil op', verb: ELECTION_VERBS.nominate, data },
        ...(input.candidates.length ? [{ title: 'Stem', verb: ELECTION_VERBS.vote, data }] : []),
        ...(input.secretariat ? [{ title: 'Luk regionsvalget', verb: ELECTION_VERBS.close, data }] : []),
      ]
    : input.secretariat
      ? input.tie.map((c) => ({
          title: `Vinder af lodtrækning: ${c.name}`,
          verb: ELECTION_VERBS.lot,
          data: { ...data, personId: c.personId },
        }))
      : [];
  return expandCard('elections-round', {
    region: input.region,
    seatsText: `Regionen vælger ${input.seats} medlem(mer)${input.region === 'Midtjylland' ? ' (Aarhus har derudover sin faste plads)' : ''}.`,
    progress: `${input.votes} af ${input.members} medlemskommuner har stemt${input.open ? '' : ' · valget er lukket'}`,
    candidates: input.candidates.map((c) => ({
      personId: String(c.personId),
      name: `${c.name}, ${nameOf(c.municipalityCode)}`,
      line: `${c.name}, ${nameOf(c.municipalityCode)}: ${c.votes} stemme(r)`,
    })),
    result: input.result,
    open: input.open,
    buttons,
  });
}
