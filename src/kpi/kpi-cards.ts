/** The KPI warning card: the municipality's figures, the follow-up, and its own agents below target. */
import type { Card } from '../platform/bot-app.js';
import { buildMessageCard } from '../shared/message-card.js';
import type { Assessment, KpiThresholds } from './kpi-domain.js';

export const KPI_VERBS = { trainingDone: 'kpi.training-done', upload: 'kpi.upload-help' } as const;

export function buildKpiWarningCard(input: {
  period: string;
  municipality: string;
  assessment: Assessment;
  followUp: 'forbedret' | 'ikke_forbedret' | null;
  agents: { personId: number; name: string; line: string }[];
  thresholds: KpiThresholds;
}): Card {
  const a = input.assessment;
  const improved = input.followUp === 'forbedret';
  const lines = [
    `Straksafklaring: ${a.resolutionRate === null ? 'for få data' : `${a.resolutionRate.toFixed(1)} %`} (mål: mindst ${input.thresholds.resolutionPercent} %)`,
    `Borgertilfredshed: ${a.satisfaction === null ? 'for få data' : a.satisfaction.toFixed(1)} (mål: over ${input.thresholds.satisfactionAbove})`,
    ...(input.followUp === 'ikke_forbedret' ? ['Opfølgning: kvaliteten er ikke løftet siden sidste måned.'] : []),
    ...(input.agents.length ? ['Agenter under målet (skal gennemføre uddannelse, før de kan tage vagter):', ...input.agents.map((x) => `• ${x.line}`)] : []),
  ];
  return buildMessageCard({
    title: improved ? `KPI ${input.period}: ${input.municipality} har løftet kvaliteten` : `KPI-advarsel ${input.period}: ${input.municipality}`,
    text: improved
      ? 'Kommunen ligger nu over samarbejdsaftalens mål. Tak for indsatsen.'
      : 'Kommunen ligger under samarbejdsaftalens mål og skal løfte kvaliteten inden næste måned (samarbejdsaftalen).',
    lines,
    tone: improved ? 'good' : 'warning',
    actions: input.agents.slice(0, 5).map((x) => ({ title: `Uddannelse gennemført: ${x.name}`, verb: KPI_VERBS.trainingDone, data: { personId: x.personId, period: input.period } })),
  });
}
