/** Danish wording and number formats for KPI figures (decimal comma), shared by cards, replies and the CLI. */
import { municipalityByCode } from '../registry/municipalities.js';
import type { Assessment, FigureVerdict, FollowUp, KpiThresholds, Verdict } from './kpi-domain.js';
import type { KpiWarning } from './kpi-warning-repository.js';

export { monthName } from '../shared/time.js';

export const municipalityName = (code: number) => municipalityByCode(code)?.name ?? `Kommune ${code}`;

/** One decimal, decimal comma: 45,0 (rounded for display only; verdicts are decided on exact figures). */
export function decimal(value: number, digits = 1): string {
  return value.toFixed(digits).replace('.', ',');
}

export function integer(value: number): string {
  return value.toLocaleString('da-DK');
}

export const percent = (rate: number | null) => (rate === null ? '–' : `${decimal(rate)} %`);
export const score = (mean: number | null) => (mean === null ? '–' : decimal(mean));

export const FIGURE_STATUS: Record<FigureVerdict, string> = {
  ok: 'opfyldt',
  under: 'under målet',
  for_faa_data: 'for få data',
};
export const VERDICT_TEXT: Record<Verdict, string> = {
  ok: 'Over målene',
  advarsel: 'Under målet',
  for_faa_data: 'For få data',
};
export const FOLLOW_UP_TEXT: Record<FollowUp, string> = {
  forbedret: 'Kvaliteten er løftet siden sidste måned.',
  ikke_forbedret: 'Kommunen lå også under målet sidste måned: kvaliteten er ikke løftet.',
  ikke_vurderet: 'Der er for få data til at vurdere, om kvaliteten er løftet siden sidste måned.',
};

export const resolutionTarget = ({ resolutionPercent }: KpiThresholds) =>
  `mindst ${decimal(resolutionPercent, resolutionPercent % 1 ? 1 : 0)} %`;
export const satisfactionTarget = ({ satisfactionAbove }: KpiThresholds) =>
  `over ${decimal(satisfactionAbove, satisfactionAbove % 1 ? 1 : 0)} (1-9)`;

export interface FigureLine {
  label: string;
  value: string;
  target: string;
  status: string;
  under: boolean;
}

/** The two figures of an assessment against their targets, with the sample behind each. */
export function figureLines(assessment: Assessment, thresholds: KpiThresholds): FigureLine[] {
  return [
    {
      label: assessment.averaging === 'agents' ? 'Straksafklaring (gennemsnit af agenterne)' : 'Straksafklaring',
      value: `${percent(assessment.resolutionRate)} af ${integer(assessment.totals.callsHandled)} opkald`,
      target: resolutionTarget(thresholds),
      status: FIGURE_STATUS[assessment.resolution],
      under: assessment.resolution === 'under',
    },
    {
      label: 'Borgertilfredshed',
      value: `${score(assessment.satisfaction)} (${integer(assessment.totals.satisfactionAnswers)} svar)`,
      target: satisfactionTarget(thresholds),
      status: FIGURE_STATUS[assessment.satisfactionVerdict],
      under: assessment.satisfactionVerdict === 'under',
    },
  ];
}

/** "Straksafklaring: 45,0 % (mål: mindst 60 %)" */
export function shortFigures(assessment: Assessment, thresholds: KpiThresholds): string[] {
  return [
    `Straksafklaring: ${percent(assessment.resolutionRate)} (mål: ${resolutionTarget(thresholds)})${assessment.resolution === 'for_faa_data' ? ' – for få data' : ''}`,
    `Borgertilfredshed: ${score(assessment.satisfaction)} (mål: ${satisfactionTarget(thresholds)})${assessment.satisfactionVerdict === 'for_faa_data' ? ' – for få data' : ''}`,
  ];
}

/** What the cooperation agreement requires of a municipality below target (seed 004, "Forpligtelse mellem kommune og DDH"). */
export const AGREEMENT_REQUIREMENT =
  'Samarbejdsaftalen: Når kommunens agenter ligger under den vedtagne værdi, skal kommunen sikre, at kvaliteten løftes til næste måned. ' +
  'DDH stiller data om kommunens agenter og undervisning (e-learning eller fysisk) til rådighed. Agenter under målet kan ikke tage vagter, ' +
  'før de har gennemført den relevante undervisning. Det kontrolleres hver måned.';

/** What was done about a municipality below target two months running, for its cards. */
export function escalationText(warning: Pick<KpiWarning, 'escalated' | 'agendaItemId'>): string | null {
  if (!warning.escalated) return null;
  return warning.agendaItemId
    ? 'Sagen er sendt til DDH-sekretariatet, og et orienteringspunkt (O) om kommunens KPI er foreslået til styregruppens næste møde.'
    : 'Sagen er sendt til DDH-sekretariatet.';
}
