/**
 * The KPI card verbs and the municipality card (cards/kpi-municipality.json, the only caller of expandCard for
 * it): warning, follow-up, withdrawal and "KPI for min kommune" are the same card for different views. Also what
 * "KPI for min kommune" answers with, and the notice about a listed agent's shift. The secretariat's cards are in
 * kpi-secretariat-cards.ts.
 */
import { countNoun } from '../shared/danish.js';
import { expandCard } from '../ui/card-template.js';
import { MENU_VERB } from '../platform/bot-app.js';
import type { Card } from '../ui/card.js';
import { buildMessageCard } from '../ui/message-card.js';
import { formatDateTime } from '../shared/time.js';
import type { Assessment, Audience, FollowUp, KpiThresholds } from './kpi-domain.js';
import type { KpiWarning, WarningKind } from './kpi-warning-repository.js';
import { AVERAGING_LABELS } from './kpi-averaging.js';
import {
  AGREEMENT_REQUIREMENT,
  FOLLOW_UP_TEXT,
  VERDICT_TEXT,
  figureLines,
  monthName,
  percent,
  score,
} from './kpi-format.js';
import { buildSummaryCard, type MonthSummaryView } from './kpi-secretariat-cards.js';

export const KPI_VERBS = {
  upload: 'kpi.upload',
  overview: 'kpi.overview',
  acknowledge: 'kpi.acknowledge',
  plan: 'kpi.plan',
  trainingDone: 'kpi.training-done',
} as const;

export interface TrendPoint {
  period: string;
  resolutionRate: number | null;
  satisfaction: number | null;
}

export interface AgentLine {
  personId: number;
  name: string;
  /** The agent's own figures; null where the viewer may not see them (the secretariat sees names only). */
  figures: string | null;
  done: boolean;
  state: string;
  /** Shown only to whoever may register the training (checked again on the server). */
  canTrain: boolean;
}

export type MunicipalityCardKind = WarningKind | 'trukket' | 'oversigt';

/** What a municipality card shows, already cut to what its audience may see (kpi-municipality-view.ts). */
export interface MunicipalityView {
  kind: MunicipalityCardKind;
  period: string;
  municipality: string;
  municipalityCode: number;
  assessment: Assessment;
  thresholds: KpiThresholds;
  followUp: FollowUp | null;
  trend: TrendPoint[];
  chart: boolean;
  audience: Audience | 'sekretariat';
  agents: AgentLine[];
  /** How many agents there are in all (the card lists at most AGENTS_PER_CARD). */
  agentsTotal: number;
  warning: KpiWarning | null;
  /** The escalation to the secretariat and the steering committee, when the municipality is below two months running. */
  escalation: string | null;
  canRespond: boolean;
  /** Overview only: the page of the agent list and the other municipalities the viewer may open. */
  page?: { page: number; pages: number };
  otherMunicipalities?: { code: number; name: string }[];
}

/**
 * What "KPI for min kommune" (or a card redrawn after a button) shows: a municipality's month, DDH's month for
 * the secretariat, or that nothing is imported yet (for one municipality, or at all).
 */
export type OverviewView =
  | { kind: 'municipality'; view: MunicipalityView }
  | { kind: 'ddh'; view: MonthSummaryView }
  | { kind: 'nothing-yet'; municipality: string | null };

const axis = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

function title(view: MunicipalityView): string {
  switch (view.kind) {
    case 'advarsel':
      return `KPI-advarsel ${view.period}: ${view.municipality}`;
    case 'opfoelgning':
      return view.followUp === 'forbedret'
        ? `KPI ${view.period}: ${view.municipality} har løftet kvaliteten`
        : `KPI ${view.period}: opfølgning for ${view.municipality}`;
    case 'trukket':
      return `KPI-advarsel ${view.period} for ${view.municipality} er trukket tilbage`;
    case 'oversigt':
      return `KPI for ${view.municipality}, ${monthName(view.period)}`;
  }
}

function intro(view: MunicipalityView): string {
  const month = monthName(view.period);
  switch (view.kind) {
    case 'advarsel':
      return `${view.municipality} ligger under samarbejdsaftalens mål for ${month} og skal løfte kvaliteten til næste måned.`;
    case 'opfoelgning':
      return view.followUp === 'forbedret'
        ? `${view.municipality} lå under målet måneden før. I ${month} er målene nået. Tak for indsatsen.`
        : `${view.municipality} lå under målet måneden før. I ${month} er der for få opkald eller svar til at vurdere, om kvaliteten er løftet.`;
    case 'trukket':
      return `Tallene for ${month} er indlæst igen, og de nye tal giver ikke længere en advarsel. Se bort fra den tidligere advarsel.`;
    case 'oversigt':
      return `Status: ${VERDICT_TEXT[view.assessment.verdict]}.`;
  }
}

function agentsTitle(view: MunicipalityView): string {
  if (!view.agents.length) return '';
  if (view.kind === 'oversigt' || view.kind === 'opfoelgning')
    return 'Træningsliste: agenter, der mangler undervisning';
  return 'Kommunens agenter under målet (kan ikke tage vagter, før undervisningen er gennemført)';
}

function statusLines(warning: KpiWarning | null, escalation: string | null): string[] {
  const lines: string[] = [];
  if (escalation) lines.push(escalation);
  if (!warning || warning.withdrawn || warning.kind !== 'advarsel') return lines;
  lines.push(
    warning.acknowledgedAt
      ? `Kvitteret af ${warning.acknowledgedBy ?? 'ukendt'} ${formatDateTime(warning.acknowledgedAt)}.`
      : 'Ikke kvitteret endnu.',
  );
  if (warning.planAt)
    lines.push(`Opfølgningsplan gemt af ${warning.planBy ?? 'ukendt'} ${formatDateTime(warning.planAt)}.`);
  return lines;
}

export function buildMunicipalityCard(view: MunicipalityView): Card {
  // The municipality answers a live warning, from the warning card or from its overview.
  const respond =
    view.canRespond && view.kind !== 'trukket' && view.warning?.kind === 'advarsel' && !view.warning.withdrawn;
  const warningData = view.warning ? { warningId: view.warning.id } : {};
  const actions = [
    ...(respond && !view.warning!.acknowledgedAt
      ? [{ title: 'Kvitter', verb: KPI_VERBS.acknowledge, data: warningData }]
      : []),
    ...(respond ? [{ title: 'Gem opfølgningsplan', verb: KPI_VERBS.plan, data: warningData }] : []),
    ...(view.page && view.page.page > 1
      ? [
          {
            title: 'Forrige side',
            verb: KPI_VERBS.overview,
            data: { municipalityCode: view.municipalityCode, page: view.page.page - 1 },
          },
        ]
      : []),
    ...(view.page && view.page.page < view.page.pages
      ? [
          {
            title: 'Næste side',
            verb: KPI_VERBS.overview,
            data: { municipalityCode: view.municipalityCode, page: view.page.page + 1 },
          },
        ]
      : []),
    ...(view.otherMunicipalities ?? [])
      .slice(0, 2)
      .map((m) => ({ title: `Vis ${m.name}`, verb: KPI_VERBS.overview, data: { municipalityCode: m.code } })),
    { title: 'Menu', verb: MENU_VERB, data: {} },
  ];
  const shownTrend = view.trend.filter((p) => p.resolutionRate !== null || p.satisfaction !== null);
  // The training button redraws the card it was on.
  const returnTo = view.kind === 'oversigt' ? 'overview' : 'warning';
  return expandCard('kpi-municipality', {
    title: title(view),
    tone:
      view.kind === 'advarsel'
        ? 'warning'
        : view.kind === 'opfoelgning' && view.followUp === 'forbedret'
          ? 'good'
          : 'default',
    intro: intro(view),
    figures: view.kind === 'trukket' ? [] : figureLines(view.assessment, view.thresholds),
    followUp: view.followUp && view.kind !== 'trukket' ? FOLLOW_UP_TEXT[view.followUp] : '',
    chart: view.chart,
    trendRows:
      view.kind === 'trukket'
        ? []
        : shownTrend.map((p) => ({
            month: p.period,
            resolution: percent(p.resolutionRate),
            satisfaction: score(p.satisfaction),
          })),
    trendResolution: shownTrend.map((p) => ({ x: p.period, y: axis(p.resolutionRate, 1) })),
    trendResolutionTarget: shownTrend.map((p) => ({ x: p.period, y: view.thresholds.resolutionPercent })),
    trendSatisfaction: shownTrend.map((p) => ({ x: p.period, y: axis(p.satisfaction, 2) })),
    trendSatisfactionTarget: shownTrend.map((p) => ({ x: p.period, y: view.thresholds.satisfactionAbove })),
    agentsTitle: view.kind === 'trukket' ? '' : agentsTitle(view),
    agents: (view.kind === 'trukket' ? [] : view.agents).map((a) => ({
      name: a.name,
      figures: a.figures ?? '',
      state: a.state,
      done: a.done,
      button: a.canTrain && !a.done,
      verb: KPI_VERBS.trainingDone,
      data: {
        verb: KPI_VERBS.trainingDone,
        personId: a.personId,
        municipalityCode: view.municipalityCode,
        view: returnTo,
        page: view.page?.page ?? 1,
        ...warningData,
      },
    })),
    agentsNote: agentsNote(view),
    statusLines: view.kind === 'trukket' ? [] : statusLines(view.warning, view.escalation),
    // DOMAIN.md: the card says how the municipality's straksafklaring was averaged.
    requirement:
      view.kind === 'advarsel'
        ? `${AGREEMENT_REQUIREMENT} Straksafklaringen er ${AVERAGING_LABELS[view.assessment.averaging]}.`
        : '',
    canRespond: respond,
    plan: view.warning?.plan ?? '',
    // Only the plan's own button submits the plan box; the others must work with it empty.
    actions: actions.map((a) => ({
      ...a,
      data: { ...a.data, verb: a.verb },
      inputs: a.verb === KPI_VERBS.plan ? 'auto' : 'none',
    })),
  });
}

function agentsNote(view: MunicipalityView): string {
  if (view.kind === 'trukket') return '';
  if (view.audience === 'kommune') {
    return view.kind === 'advarsel'
      ? 'Oplysninger om de enkelte agenter er sendt til kommunens kvalitetskoordinator og leder.'
      : '';
  }
  const more = view.agentsTotal - view.agents.length;
  if (more > 0 && !view.page)
    return `… og ${countNoun(more, 'agent', 'agenter')} mere. Se hele listen under "KPI for min kommune" i menuen.`;
  if (view.page && view.page.pages > 1)
    return `Side ${view.page.page} af ${view.page.pages} (${view.agentsTotal} agenter).`;
  return '';
}

export function buildOverviewCard(overview: OverviewView): Card {
  switch (overview.kind) {
    case 'municipality':
      return buildMunicipalityCard(overview.view);
    case 'ddh':
      return buildSummaryCard(overview.view);
    case 'nothing-yet':
      return overview.municipality
        ? buildMessageCard({
            title: `KPI for ${overview.municipality}`,
            text: 'Der er ikke indlæst KPI-tal for kommunen endnu.',
          })
        : buildMessageCard({ title: 'KPI-tal', text: 'Der er ikke indlæst KPI-tal endnu.' });
  }
}

/** A warning whose month was imported again without the municipality: there are no figures left to show. */
export function buildWithdrawnWithoutFiguresCard(period: string): Card {
  return buildMessageCard({
    title: `KPI-advarsel ${period} er trukket tilbage`,
    text: 'Måneden er indlæst igen uden tal for kommunen.',
  });
}

export interface ShiftNoticeView {
  agent: { personId: number; name: string; municipality: string; municipalityCode: number; since: string };
  /** "24.11.2026 kl. 14:00–18:00" */
  when: string;
  /** Only the agent's quality coordinator gets the button (and the server checks again). */
  canTrain: boolean;
}

/** A shift of an agent on the training list, to the municipality's coordinator and leaders and the duty chat. */
export function buildShiftNoticeCard(notice: ShiftNoticeView): Card {
  const { agent } = notice;
  return buildMessageCard({
    title: 'Vagt med en agent på træningslisten',
    text:
      `${agent.name} (${agent.municipality}) har vagt ${notice.when}, men står på træningslisten siden KPI-kontrollen for ${agent.since} ` +
      'og kan efter samarbejdsaftalen ikke tage vagter, før den relevante undervisning er gennemført.',
    lines: ['Find en afløser (fx via Plangys Markedsplads), eller registrér undervisningen, hvis den er gennemført.'],
    tone: 'warning',
    actions: notice.canTrain
      ? [
          {
            title: 'Undervisning gennemført',
            verb: KPI_VERBS.trainingDone,
            data: { personId: agent.personId, municipalityCode: agent.municipalityCode },
          },
        ]
      : [],
  });
}
