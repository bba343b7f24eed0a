/** Card builders for the reports: one per template in cards/reports-*.json; everything a person typed is a TextRun. */
import { DateTime } from 'luxon';
import { MENU_VERB, type Card } from '../platform/bot-app.js';
import { countNoun, formatNumber, listWithAnd } from '../shared/danish.js';
import { formatDate, formatDateTime, monthName, ZONE } from '../shared/time.js';
import { expandCard } from '../ui/card-template.js';
import { REACH_LABELS, resultLabel } from './reports-domain.js';
import type {
  DecisionsReportView,
  DeliveriesReportView,
  NoShowReportView,
  ReachPerson,
  ReachReportView,
} from './reports-views.js';

export const REPORTS_VERBS = {
  menu: 'reports.menu',
  noShows: 'reports.noshows',
  decisions: 'reports.decisions',
  deliveries: 'reports.deliveries',
  reach: 'reports.reach',
} as const;

/** How many of the people the bot cannot reach (or must install for) the reach card lists; the CSV has everyone. */
export const REACH_CARD_PEOPLE = 25;

const button = (title: string, verb: string) => ({ title, verb, data: { verb } });
const back = [button('Rapporter', REPORTS_VERBS.menu), button('Menu', MENU_VERB)];

export function buildReportsMenuCard(): Card {
  return expandCard('reports-menu', {
    buttons: [
      button('Udeblivelser pr. måned', REPORTS_VERBS.noShows),
      button('Beslutningsregister', REPORTS_VERBS.decisions),
      button('Udsendelsesrapport', REPORTS_VERBS.deliveries),
      button('Hvem kan vi nå?', REPORTS_VERBS.reach),
      button('Menu', MENU_VERB),
    ],
  });
}

export function buildNoShowReportCard(view: NoShowReportView): Card {
  const total = view.months.reduce((sum, month) => sum + month.incidents, 0);
  return expandCard('reports-noshows', {
    summary: `${countNoun(total, 'udeblivelse', 'udeblivelser')} de seneste ${view.months.length} måneder, alle medlemskommuner. CSV-filen har tallene pr. kommune og måned.`,
    months: view.months.map((month) => ({
      heading: `${capitalized(monthName(month.month))}: ${countNoun(month.incidents, 'udeblivelse', 'udeblivelser')}`,
      details: month.incidents
        ? [
            `${formatNumber(month.acknowledged)} kvitteret`,
            `${formatNumber(month.resolvedByLogin)} løst ved login`,
            `${formatNumber(month.replacementFound)} med afløser`,
            `${formatNumber(month.stillOpen)} ${month.stillOpen === 1 ? 'åben' : 'åbne'}`,
          ].join(' · ')
        : '',
      municipalities: listWithAnd(month.municipalities.map((m) => `${m.name} (${m.incidents})`)),
      style: month.stillOpen > 0 ? 'warning' : 'default',
    })),
    csvUrl: view.csvUrl,
    buttons: back,
  });
}

export function buildDecisionsReportCard(view: DecisionsReportView): Card {
  return expandCard('reports-decisions', {
    summary: view.total
      ? view.total > view.decisions.length
        ? `De ${view.decisions.length} nyeste af ${countNoun(view.total, 'beslutning', 'beslutninger')}.`
        : `${countNoun(view.total, 'beslutning', 'beslutninger')}, nyeste først.`
      : 'Styregruppen har ikke truffet nogen beslutninger ved afstemning endnu.',
    decisions: view.decisions.map((decision) => ({
      heading: `Nr. ${decision.id} · ${formatDate(decision.decidedAt)} · ${resultLabel(decision.result)}`,
      question: decision.question,
      tally: `For ${decision.for} · imod ${decision.against} · undlader ${decision.abstain} · ${countNoun(decision.seats, 'plads', 'pladser')}`,
    })),
    csvUrl: view.csvUrl,
    buttons: back,
  });
}

export function buildDeliveriesReportCard(view: DeliveriesReportView): Card {
  const shown = view.batches.length < view.total ? ` Viser de ${view.batches.length} nyeste.` : '';
  return expandCard('reports-deliveries', {
    summary: `${countNoun(view.total, 'udsendelse', 'udsendelser')} begyndt siden ${formatDate(view.since)}.${shown}`,
    batches: view.batches.map((batch) => ({
      heading: `${batch.label} · ${formatDateTime(batch.firstAt)}`,
      counts: [
        `${formatNumber(batch.sent)} sendt`,
        `${formatNumber(batch.failed)} fejlet`,
        `${formatNumber(batch.unreachable)} ikke nået`,
        ...(batch.pending ? [`${formatNumber(batch.pending)} venter`] : []),
      ].join(' · '),
      reasons: batch.reasons.map((r) => `${r.reason} (${r.count})`),
      style: batch.failed + batch.unreachable > 0 ? 'attention' : 'default',
    })),
    since: DateTime.fromJSDate(view.since, { zone: ZONE }).toISODate(),
    verb: REPORTS_VERBS.deliveries,
    csvUrl: view.csvUrl,
    buttons: back,
  });
}

export function buildReachReportCard(view: ReachReportView): Card {
  const listed = view.people.filter((person) => person.state !== 'chat').slice(0, REACH_CARD_PEOPLE);
  const unlisted = view.counts.none + view.counts.install - listed.length;
  const primaries = view.people.filter((person) => person.primaryContact && person.state === 'none');
  return expandCard('reports-reach', {
    summary:
      `${countNoun(view.people.length, 'person', 'personer')} med en rolle: ${formatNumber(view.counts.chat)} kan nås nu, ` +
      `${formatNumber(view.counts.install)} ved at botten installerer appen, ${formatNumber(view.counts.none)} kan ikke nås.`,
    warnings: [
      ...(primaries.length
        ? [`Primære kontaktpersoner, botten ikke kan nå: ${listWithAnd(primaries.map((p) => p.name))}.`]
        : []),
      // Where SMS is set up, a mobile number is the way to reach them at a no-show (docs/shifts.md).
      ...(primaries.some((p) => !p.mobile)
        ? [
            `Uden mobilnummer til sms i registret: ${listWithAnd(primaries.filter((p) => !p.mobile).map((p) => p.name))}.`,
          ]
        : []),
      ...(view.withoutPrimaryContact.length
        ? [`Medlemskommuner uden primær kontaktperson i registret: ${listWithAnd(view.withoutPrimaryContact)}.`]
        : []),
    ],
    people: listed.map(personLine),
    more: unlisted > 0 ? `… og ${formatNumber(unlisted)} mere i CSV-filen.` : '',
    demo: view.demo
      ? 'Lokal demo: demopersoner har ingen chat af deres egen; deres beskeder vises i din chat, mærket "Til: …".'
      : '',
    csvUrl: view.csvUrl,
    buttons: back,
  });
}

function personLine(person: ReachPerson) {
  const outcome = person.lastOutcome;
  const lastOutcome = !outcome
    ? ''
    : outcome.status === 'sent'
      ? `Sidste besked nåede frem ${formatDateTime(outcome.at)}.`
      : `Sidste besked ${formatDateTime(outcome.at)} ${outcome.status === 'failed' ? 'fejlede' : 'nåede ikke frem'}: ${outcome.reason ?? 'ukendt årsag'}.`;
  return {
    name: person.name,
    state: `Kan nås: ${REACH_LABELS[person.state].toLowerCase()}`,
    roles: person.roles,
    reason: person.reason,
    lastOutcome,
    style: person.state === 'none' ? 'attention' : 'warning',
  };
}

const capitalized = (text: string) => text[0].toUpperCase() + text.slice(1);
