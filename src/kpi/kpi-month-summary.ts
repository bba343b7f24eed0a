/**
 * The DDH-wide monthly summary: aggregates only (DOMAIN.md). The secretariat's view names the municipalities
 * below target with their totals; the Viva Engage post carries DDH's totals and counts, no municipality and no agent.
 */
import { countNoun } from '../shared/danish.js';
import type { Queryable } from '../db/database.js';
import type { EngagePostRequest } from '../engage/engage-public.js';
import { addTotals, assess, previousPeriod, type KpiThresholds, type KpiTotals } from './kpi-domain.js';
import { monthName, municipalityName, percent, resolutionTarget, satisfactionTarget, score } from './kpi-format.js';
import { verdictsOf } from './kpi-repository.js';
import { escalationsOf, monthCounts } from './kpi-warning-repository.js';
import type { MonthSummaryView } from './kpi-secretariat-cards.js';
import { assessmentOf } from './kpi-municipality-view.js';

const ZERO: KpiTotals = { callsHandled: 0, callsResolved: 0, satisfactionAnswers: 0, satisfactionMilliSum: 0 };

export async function loadMonthSummary(
  db: Queryable,
  period: string,
  thresholds: KpiThresholds,
  replaced: boolean,
): Promise<MonthSummaryView> {
  const verdicts = await verdictsOf(db, [period]);
  const { flaggedAgents, escalated } = await monthCounts(db, period);
  const months = `${monthName(previousPeriod(period)).split(' ')[0]} og ${monthName(period)}`;
  const escalations = (await escalationsOf(db, period)).map(
    (e) =>
      `${municipalityName(e.municipalityCode)} lå under målet i ${months}: ` +
      (e.agendaItemId
        ? `et orienteringspunkt (O) er foreslået til styregruppen (punkt #${e.agendaItemId}).`
        : 'der er intet planlagt styregruppemøde at foreslå et punkt til.'),
  );
  const ddh = assess(
    verdicts.reduce((total, v) => addTotals(total, v.totals), ZERO),
    thresholds,
  );
  const below = verdicts
    .filter((v) => v.verdict === 'advarsel')
    .map((v) => ({ verdict: v, assessment: assessmentOf(v, thresholds), name: municipalityName(v.municipalityCode) }))
    .sort((x, y) => x.name.localeCompare(y.name, 'da'))
    .map(({ verdict, assessment, name }) => ({
      name: verdict.followUp === 'ikke_forbedret' ? `${name} (2. måned)` : name,
      resolution:
        assessment.resolution === 'under'
          ? `${percent(assessment.resolutionRate)} ↓`
          : percent(assessment.resolutionRate),
      satisfaction:
        assessment.satisfactionVerdict === 'under'
          ? `${score(assessment.satisfaction)} ↓`
          : score(assessment.satisfaction),
    }));
  return {
    period,
    assessment: ddh,
    thresholds,
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

/** Plain text for Viva Engage: DDH totals and counts only. */
export function engagePostOf(summary: MonthSummaryView): EngagePostRequest {
  const { assessment: ddh, thresholds, counts } = summary;
  return {
    kind: 'kpi-summary',
    title: `DDH's nøgletal for ${monthName(summary.period)}`,
    body: [
      `Straksafklaring i hele DDH: ${percent(ddh.resolutionRate)} (mål: ${resolutionTarget(thresholds)}).`,
      `Borgertilfredshed: ${score(ddh.satisfaction)} (mål: ${satisfactionTarget(thresholds)}).`,
      `${summary.municipalities} kommuner indgår: ${counts.ok} over målene, ${counts.advarsel} under målet, ${counts.forFaaData} med for få data.`,
      `${countNoun(counts.improved, 'kommune', 'kommuner')} har løftet kvaliteten siden sidste måned.`,
    ].join('\n'),
  };
}
