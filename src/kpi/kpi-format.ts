/** Danish wording and number formats for KPI figures (decimal comma), shared by cards, replies and the CLI. */
import { municipalityByCode } from '../registry/municipalities.js';
import type { Assessment, FigureVerdict, FollowUp, KpiThresholds, Verdict } from './kpi-domain.js';
import type { KpiWarning } from './kpi-warning-repository.js';

export { monthName } from '../shared/time.js';

export const municipalityName = (code: number) => municipalityByCode(code)?.name ?? `Kommune ${code}`;

/** One decimal, decimal comma: 45,0 (rounded for display only; verdicts are decided on exact figures). */
export function decimal(n: number, digits = 1): string {
  return n.toFixed(digits).replace('.', ',');
}

export function integer(n: number): string {
  return n.toLocaleString('da-DK');
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

export const resolutionTarget = (t: KpiThresholds) =>
  `mindst ${decimal(t.resolutionPercent, t.resolutionPercent % 1 ? 1 : 0)} %`;
export const satisfactionTarget = (t: KpiThresholds) =>
  `over ${decimal(t.satisfactionAbove, t.satisfactionAbove % 1 ? 1 : 0)} (1-9)`;

export interface FigureLine {
  label: string;
  value: string;
  target: string;
  status: string;
  under: boolean;
}

/** The two figures of an assessment against their targets, with the sample behind each. */
export function figureLines(a: Assessment, t: KpiThresholds): FigureLine[] {
  return [
    {
      label: 'Straksafklaring',
      value: `${percent(a.resolutionRate)} af ${integer(a.totals.callsHandled)} opkald`,
      target: resolutionTarget(t),
      status: FIGURE_STATUS[a.resolution],
      under: a.resolution === 'under',
    },
    {
      label: 'Borgertilfredshed',
      value: `${score(a.satisfaction)} (${integer(a.totals.satisfactionAnswers)} svar)`,
      target: satisfactionTarget(t),
      status: FIGURE_STATUS[a.satisfactionVerdict],
      under: a.satisfactionVerdict === 'under',
    },
  ];
}

/** "Straksafklaring: 45,0 % (mål: mindst 60 %)" */
export function shortFigures(a: Assessment, t: KpiThresholds): string[] {
  return [
    `Straksafklaring: ${percent(a.resolutionRate)} (mål: ${resolutionTarget(t)})${a.resolution === 'for_faa_data' ? ' – for få data' : ''}`,
    `Borgertilfredshed: ${score(a.satisfaction)} (mål: ${satisfactionTarget(t)})${a.satisfactionVerdict === 'for_faa_data' ? ' – for få data' : ''}`,
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
