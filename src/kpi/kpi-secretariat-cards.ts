/**
 * The cards the secretariat gets from KPI: how to upload (cards/kpi-upload.json), the receipt of an import, the
 * month's DDH-wide summary (cards/kpi-summary.json), a municipality's follow-up plan and an undeliverable warning.
 */
import { countNoun } from '../shared/danish.js';
import { expandCard } from '../ui/card-template.js';
import { MENU_VERB } from '../platform/bot-app.js';
import type { Card } from '../ui/card.js';
import { buildMessageCard } from '../ui/message-card.js';
import type { Assessment, KpiThresholds } from './kpi-domain.js';
import { figureLines, integer, monthName } from './kpi-format.js';
import { KPI_COLUMNS } from './kpi-validation.js';

/** DDH's month: aggregates only (no agent), the municipalities below target with their totals. */
export interface MonthSummaryView {
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

export function buildSummaryCard(summary: MonthSummaryView): Card {
  return expandCard('kpi-summary', {
    title: `DDH's KPI-tal for ${monthName(summary.period)}`,
    intro: `Samlet for ${summary.municipalities} kommuner (vægtet efter opkald og svar; kun samlede tal).`,
    figures: figureLines(summary.assessment, summary.thresholds),
    counts: [
      `Over målene: ${summary.counts.ok} · under målet: ${summary.counts.advarsel} · for få data: ${summary.counts.forFaaData}`,
      `Har løftet kvaliteten siden sidste måned: ${summary.counts.improved}`,
      `Agenter sat på træningslisten: ${summary.counts.flaggedAgents}`,
    ],
    below: summary.below,
    escalations: summary.escalations,
    note: summary.replaced ? 'Måneden er indlæst igen; tallene erstatter de tidligere.' : '',
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

/** The secretariat's "how to upload" card: the documented columns, an example and the latest month. */
export function buildUploadCard(latestPeriod: string | null): Card {
  return expandCard('kpi-upload', {
    columns: KPI_COLUMNS.map((name) => ({ name, meaning: COLUMN_MEANING[name] })),
    example: [KPI_COLUMNS.join(';'), '2026-10;791;;1250;790;410;7,4', '2026-10;791;agent@kommune.dk;212;121;64;7,1'],
    latest: latestPeriod ? `Senest indlæste måned: ${latestPeriod}.` : 'Der er ikke indlæst KPI-tal endnu.',
    menuVerb: MENU_VERB,
  });
}

/** What an import did; no agent data (it goes to the secretariat and the console). */
export interface ImportSummary {
  period: string;
  rows: number;
  municipalities: number;
  warned: number;
  followedUp: number;
  escalated: number;
  withdrawn: number;
  tooFewData: number;
  flaggedAgents: number;
  undelivered: number;
  /** The month had been imported before and was replaced. */
  replaced: boolean;
  /** Municipalities below target, with their totals. */
  below: string[];
}

/** The Danish receipt for the secretariat and the console. */
export function describeImport(summary: ImportSummary): string[] {
  const { escalated, withdrawn, undelivered } = summary;
  return [
    `${integer(summary.rows)} rækker for ${summary.municipalities} kommuner er kontrolleret og indlæst${summary.replaced ? '; de erstatter de tidligere tal for måneden' : ''}.`,
    `Advarsler: ${countNoun(summary.warned, 'kommune', 'kommuner')} under målet${escalated ? `, heraf ${escalated} for anden måned i træk (sendt til sekretariatet og foreslået til styregruppen)` : ''}.`,
    `Opfølgning på sidste måneds advarsler: ${summary.followedUp}. For få data: ${summary.tooFewData}.`,
    `Agenter sat på træningslisten: ${summary.flaggedAgents}.`,
    ...(withdrawn ? [`Tidligere advarsler trukket tilbage: ${withdrawn}.`] : []),
    ...(undelivered
      ? [`${countNoun(undelivered, 'advarsel', 'advarsler')} kunne ikke afleveres; sekretariatet har fået besked.`]
      : []),
    ...summary.below,
  ];
}

export function buildImportReceiptCard(summary: ImportSummary): Card {
  return buildMessageCard({
    title: `KPI-tal for ${monthName(summary.period)} er indlæst`,
    lines: describeImport(summary),
    tone: 'good',
    actions: [{ title: 'Menu', verb: MENU_VERB }],
  });
}

export interface PlanSavedView {
  municipality: string;
  period: string;
  plan: string;
  savedBy: string;
  /** "24.11.2026 kl. 10:00" */
  savedAt: string;
}

/** A municipality's follow-up plan, for the secretariat; the plan is the municipality's text, bound as data. */
export function buildPlanSavedCard(plan: PlanSavedView): Card {
  return buildMessageCard({
    title: `Opfølgningsplan fra ${plan.municipality} (${monthName(plan.period)})`,
    text: plan.plan,
    lines: [`Gemt af ${plan.savedBy} ${plan.savedAt}.`],
  });
}

/** No one in the municipality with a role the warning goes to can be reached in Teams. */
export function buildUndeliveredCard(municipality: string, reasons: string[]): Card {
  return buildMessageCard({
    title: `KPI-advarslen til ${municipality} kunne ikke afleveres`,
    text: `Ingen i ${municipality} med en af de roller, advarslen går til, kan nås i Teams. Kontakt kommunen direkte.`,
    lines: [...new Set(reasons)],
    tone: 'warning',
  });
}
