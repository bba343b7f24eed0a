/** Typed builders of the KPI cards; the only callers of expandCard for cards/kpi-*.json. */
import { expandCard } from '../ui/card-template.js';
import { MENU_VERB, type Card } from '../platform/bot-app.js';
import { buildMessageCard } from '../ui/message-card.js';
import { formatDateTime } from '../shared/time.js';
import type { Assessment, Audience, FollowUp, KpiThresholds } from './kpi-domain.js';
import type { KpiWarning, WarningKind } from './kpi-warning-repository.js';
import {
  AGREEMENT_REQUIREMENT,
  FOLLOW_UP_TEXT,
  VERDICT_TEXT,
  figureLines,
  monthName,
  percent,
  score,
} from './kpi-format.js';
import { KPI_COLUMNS } from './kpi-validation.js';

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

export interface MunicipalityCardInput {
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

const axis = (n: number | null, d: number) => (n === null ? null : Math.round(n * 10 ** d) / 10 ** d);

function title(i: MunicipalityCardInput): string {
  switch (i.kind) {
    case 'advarsel':
      return `KPI-advarsel ${i.period}: ${i.municipality}`;
    case 'opfoelgning':
      return i.followUp === 'forbedret'
        ? `KPI ${i.period}: ${i.municipality} har løftet kvaliteten`
        : `KPI ${i.period}: opfølgning for ${i.municipality}`;
    case 'trukket':
      return `KPI-advarsel ${i.period} for ${i.municipality} er trukket tilbage`;
    case 'oversigt':
      return `KPI for ${i.municipality}, ${monthName(i.period)}`;
  }
}

function intro(i: MunicipalityCardInput): string {
  const month = monthName(i.period);
  switch (i.kind) {
    case 'advarsel':
      return `${i.municipality} ligger under samarbejdsaftalens mål for ${month} og skal løfte kvaliteten til næste måned.`;
    case 'opfoelgning':
      return i.followUp === 'forbedret'
        ? `${i.municipality} lå under målet måneden før. I ${month} er målene nået. Tak for indsatsen.`
        : `${i.municipality} lå under målet måneden før. I ${month} er der for få opkald eller svar til at vurdere, om kvaliteten er løftet.`;
    case 'trukket':
      return `Tallene for ${month} er indlæst igen, og de nye tal giver ikke længere en advarsel. Se bort fra den tidligere advarsel.`;
    case 'oversigt':
      return `Status: ${VERDICT_TEXT[i.assessment.verdict]}.`;
  }
}

function agentsTitle(i: MunicipalityCardInput): string {
  if (!i.agents.length) return '';
  if (i.kind === 'oversigt' || i.kind === 'opfoelgning') return 'Træningsliste: agenter, der mangler undervisning';
  return 'Kommunens agenter under målet (kan ikke tage vagter, før undervisningen er gennemført)';
}

function statusLines(w: KpiWarning | null, escalation: string | null): string[] {
  const lines: string[] = [];
  if (escalation) lines.push(escalation);
  if (!w || w.withdrawn || w.kind !== 'advarsel') return lines;
  lines.push(
    w.acknowledgedAt
      ? `Kvitteret af ${w.acknowledgedBy ?? 'ukendt'} ${formatDateTime(w.acknowledgedAt)}.`
      : 'Ikke kvitteret endnu.',
  );
  if (w.planAt) lines.push(`Opfølgningsplan gemt af ${w.planBy ?? 'ukendt'} ${formatDateTime(w.planAt)}.`);
  return lines;
}

export function buildMunicipalityCard(i: MunicipalityCardInput): Card {
  // The municipality answers a live warning, from the warning card or from its overview.
  const respond = i.canRespond && i.kind !== 'trukket' && i.warning?.kind === 'advarsel' && !i.warning.withdrawn;
  const warningData = i.warning ? { warningId: i.warning.id } : {};
  const actions = [
    ...(respond && !i.warning!.acknowledgedAt
      ? [{ title: 'Kvitter', verb: KPI_VERBS.acknowledge, data: warningData }]
      : []),
    ...(respond ? [{ title: 'Gem opfølgningsplan', verb: KPI_VERBS.plan, data: warningData }] : []),
    ...(i.page && i.page.page > 1
      ? [
          {
            title: 'Forrige side',
            verb: KPI_VERBS.overview,
            data: { municipalityCode: i.municipalityCode, page: i.page.page - 1 },
          },
        ]
      : []),
    ...(i.page && i.page.page < i.page.pages
      ? [
          {
            title: 'Næste side',
            verb: KPI_VERBS.overview,
            data: { municipalityCode: i.municipalityCode, page: i.page.page + 1 },
          },
        ]
      : []),
    ...(i.otherMunicipalities ?? [])
      .slice(0, 2)
      .map((m) => ({ title: `Vis ${m.name}`, verb: KPI_VERBS.overview, data: { municipalityCode: m.code } })),
    { title: 'Menu', verb: MENU_VERB, data: {} },
  ];
  const shownTrend = i.trend.filter((p) => p.resolutionRate !== null || p.satisfaction !== null);
  const view = i.kind === 'oversigt' ? 'overview' : 'warning';
  return expandCard('kpi-municipality', {
    title: title(i),
    tone:
      i.kind === 'advarsel' ? 'warning' : i.kind === 'opfoelgning' && i.followUp === 'forbedret' ? 'good' : 'default',
    intro: intro(i),
    figures: i.kind === 'trukket' ? [] : figureLines(i.assessment, i.thresholds),
    followUp: i.followUp && i.kind !== 'trukket' ? FOLLOW_UP_TEXT[i.followUp] : '',
    chart: i.chart,
    trendRows:
      i.kind === 'trukket'
        ? []
        : shownTrend.map((p) => ({
            month: p.period,
            resolution: percent(p.resolutionRate),
            satisfaction: score(p.satisfaction),
          })),
    trendResolution: shownTrend.map((p) => ({ x: p.period, y: axis(p.resolutionRate, 1) })),
    trendResolutionTarget: shownTrend.map((p) => ({ x: p.period, y: i.thresholds.resolutionPercent })),
    trendSatisfaction: shownTrend.map((p) => ({ x: p.period, y: axis(p.satisfaction, 2) })),
    trendSatisfactionTarget: shownTrend.map((p) => ({ x: p.period, y: i.thresholds.satisfactionAbove })),
    agentsTitle: i.kind === 'trukket' ? '' : agentsTitle(i),
    agents: (i.kind === 'trukket' ? [] : i.agents).map((a) => ({
      name: a.name,
      figures: a.figures ?? '',
      state: a.state,
      done: a.done,
      button: a.canTrain && !a.done,
      verb: KPI_VERBS.trainingDone,
      data: {
        verb: KPI_VERBS.trainingDone,
        personId: a.personId,
        municipalityCode: i.municipalityCode,
        view,
        page: i.page?.page ?? 1,
        ...warningData,
      },
    })),
    agentsNote: agentsNote(i),
    statusLines: i.kind === 'trukket' ? [] : statusLines(i.warning, i.escalation),
    requirement: i.kind === 'advarsel' ? AGREEMENT_REQUIREMENT : '',
    canRespond: respond,
    plan: i.warning?.plan ?? '',
    actions: actions.map((a) => ({ ...a, data: { ...a.data, verb: a.verb } })),
  });
}

function agentsNote(i: MunicipalityCardInput): string {
  if (i.kind === 'trukket') return '';
  if (i.audience === 'kommune') {
    return i.kind === 'advarsel'
      ? 'Oplysninger om de enkelte agenter er sendt til kommunens kvalitetskoordinator og leder.'
      : '';
  }
  const more = i.agentsTotal - i.agents.length;
  if (more > 0 && !i.page) return `… og ${more} agent(er) mere. Se hele listen under "KPI for min kommune" i menuen.`;
  if (i.page && i.page.pages > 1) return `Side ${i.page.page} af ${i.page.pages} (${i.agentsTotal} agenter).`;
  return '';
}

export interface SummaryCardInput {
  period: string;
  assessment: Assessment;
  thresholds: KpiThresholds;
  municipalities: number;
  counts: {
    ok: number;
    advarsel: number;
    forFaaData: number;
    escalated: number;
    improved: number;
    flaggedAgents: number;
  };
  below: { name: string; resolution: string; satisfaction: string }[];
  /** Municipalities below target two months running, and what was done about it. */
  escalations: string[];
  replaced: boolean;
}

export function buildSummaryCard(s: SummaryCardInput): Card {
  return expandCard('kpi-summary', {
    title: `DDH's KPI-tal for ${monthName(s.period)}`,
    intro: `Samlet for ${s.municipalities} kommuner (vægtet efter opkald og svar; kun samlede tal).`,
    figures: figureLines(s.assessment, s.thresholds),
    counts: [
      `Over målene: ${s.counts.ok} · under målet: ${s.counts.advarsel} · for få data: ${s.counts.forFaaData}`,
      `Har løftet kvaliteten siden sidste måned: ${s.counts.improved}`,
      `Agenter sat på træningslisten: ${s.counts.flaggedAgents}`,
    ],
    below: s.below,
    escalations: s.escalations,
    note: s.replaced ? 'Måneden er indlæst igen; tallene erstatter de tidligere.' : '',
    actions: [{ title: 'Menu', verb: MENU_VERB, data: { verb: MENU_VERB } }],
  });
}

const COLUMN_MEANING: Record<(typeof KPI_COLUMNS)[number], string> = {
  periode: 'måneden, ÅÅÅÅ-MM',
  kommunekode: 'kommunens kode, fx 791',
  agent: 'agentens arbejdsmail (eller id); tom i kommunens totalrække',
  besvarede: 'besvarede opkald',
  straksafklarede: 'heraf straksafklarede',
  tilfredshed_svar: 'antal tilfredshedssvar',
  tilfredshed_gns: 'gennemsnitlig tilfredshed 1-9 (tom uden svar)',
};

export function buildUploadCard(latestPeriod: string | null): Card {
  return expandCard('kpi-upload', {
    columns: KPI_COLUMNS.map((name) => ({ name, meaning: COLUMN_MEANING[name] })),
    example: [KPI_COLUMNS.join(';'), '2026-10;791;;1250;790;410;7,4', '2026-10;791;agent@kommune.dk;212;121;64;7,1'],
    latest: latestPeriod ? `Senest indlæste måned: ${latestPeriod}.` : 'Der er ikke indlæst KPI-tal endnu.',
    menuVerb: MENU_VERB,
  });
}

export function buildImportReceiptCard(lines: string[], period: string): Card {
  return buildMessageCard({
    title: `KPI-tal for ${monthName(period)} er indlæst`,
    lines,
    tone: 'good',
    actions: [{ title: 'Menu', verb: MENU_VERB }],
  });
}
