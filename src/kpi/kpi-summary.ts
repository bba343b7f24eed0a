/**
 * The DDH-wide monthly summary: aggregates only (DOMAIN.md). The secretariat's card names the municipalities
 * below target with their totals; the Viva Engage post carries DDH's totals and counts, no municipality and no agent.
 */
import type { Queryable } from '../db/database.js';
import type { Card } from '../platform/bot-app.js';
import type { EngagePostRequest } from '../engage/engage-public.js';
import {
  addTotals,
  assess,
  previousPeriod,
  type Assessment,
  type KpiThresholds,
  type KpiTotals,
} from './kpi-domain.js';
import { monthName, municipalityName, percent, resolutionTarget, satisfactionTarget, score } from './kpi-format.js';
import { verdictsOf } from './kpi-repository.js';
import { escalationsOf, monthCounts } from './kpi-warning-repository.js';
import { buildSummaryCard, type SummaryCardInput } from './kpi-cards.js';
import { assessmentOf } from './kpi-views.js';

const ZERO: KpiTotals = { callsHandled: 0, callsResolved: 0, satisfactionAnswers: 0, satisfactionMilliSum: 0 };

export async function monthSummary(
  q: Queryable,
  period: string,
  th: KpiThresholds,
  replaced: boolean,
): Promise<SummaryCardInput & { ddh: Assessment }> {
  const verdicts = await verdictsOf(q, [period]);
  const { flaggedAgents, escalated } = await monthCounts(q, period);
  const months = `${monthName(previousPeriod(period)).split(' ')[0]} og ${monthName(period)}`;
  const escalations = (await escalationsOf(q, period)).map(
    (e) =>
      `${municipalityName(e.municipalityCode)} lå under målet i ${months}: ` +
      (e.agendaItemId
        ? `et orienteringspunkt (O) er foreslået til styregruppen (punkt #${e.agendaItemId}).`
        : 'der er intet planlagt styregruppemøde at foreslå et punkt til.'),
  );
  const ddh = assess(
    verdicts.reduce((t, v) => addTotals(t, v.totals), ZERO),
    th,
  );
  const below = verdicts
    .filter((v) => v.verdict === 'advarsel')
    .map((v) => ({ v, a: assessmentOf(v, th), name: municipalityName(v.municipalityCode) }))
    .sort((x, y) => x.name.localeCompare(y.name, 'da'))
    .map(({ v, a, name }) => ({
      name: v.followUp === 'ikke_forbedret' ? `${name} (2. måned)` : name,
      resolution: a.resolution === 'under' ? `${percent(a.resolutionRate)} ↓` : percent(a.resolutionRate),
      satisfaction: a.satisfactionVerdict === 'under' ? `${score(a.satisfaction)} ↓` : score(a.satisfaction),
    }));
  return {
    period,
    ddh,
    assessment: ddh,
    thresholds: th,
    municipalities: verdicts.length,
    counts: {
      ok: verdicts.filter((v) => v.verdict === 'ok').length,
      advarsel: below.length,
      forFaaData: verdicts.filter((v) => v.verdict === 'for_faa_data').length,
      escalated,
      improved: verdicts.filter((v) => v.followUp === 'forbedret').length,
      flaggedAgents,
    },
    below,
    escalations,
    replaced,
  };
}

export function summaryCard(s: SummaryCardInput): Card {
  return buildSummaryCard(s);
}

/** Plain text for Viva Engage: DDH totals and counts only. */
export function engageSummary(s: SummaryCardInput & { ddh: Assessment }, th: KpiThresholds): EngagePostRequest {
  return {
    kind: 'kpi-summary',
    title: `DDH's nøgletal for ${monthName(s.period)}`,
    body: [
      `Straksafklaring i hele DDH: ${percent(s.ddh.resolutionRate)} (mål: ${resolutionTarget(th)}).`,
      `Borgertilfredshed: ${score(s.ddh.satisfaction)} (mål: ${satisfactionTarget(th)}).`,
      `${s.municipalities} kommuner indgår: ${s.counts.ok} over målene, ${s.counts.advarsel} under målet, ${s.counts.forFaaData} med for få data.`,
      `${s.counts.improved} kommune(r) har løftet kvaliteten siden sidste måned.`,
    ].join('\n'),
  };
}
