/**
 * Loads what a municipality card shows and cuts it to one audience. Per-agent figures leave this file only for
 * the municipality's own quality coordinator and leaders; the secretariat gets names on the training list (it must
 * act on their shifts) but no figures; everyone else gets the municipality's totals only.
 */
import type { Queryable } from '../db/database.js';
import { formatDate } from '../shared/time.js';
import {
  AGENTS_PER_CARD,
  TREND_MONTHS,
  assess,
  periodsEndingWith,
  totalsOf,
  type Assessment,
  type Audience,
  type FollowUp,
  type KpiFigures,
  type KpiThresholds,
} from './kpi-domain.js';
import { integer, municipalityName, percent, score } from './kpi-format.js';
import { agentRowsOf, verdictsOf, type StoredVerdict } from './kpi-repository.js';
import { flaggedInPeriod, trainingEntries, type KpiWarning, type TrainingEntry } from './kpi-warning-repository.js';
import type { AgentLine, MunicipalityCardKind, MunicipalityView, TrendPoint } from './kpi-cards.js';

/** A municipality's imported month: its verdict as decided at import and the trend up to it. */
export interface MunicipalityMonth {
  period: string;
  code: number;
  name: string;
  assessment: Assessment;
  followUp: FollowUp | null;
  trend: TrendPoint[];
}

/**
 * The stored verdict as an assessment: figures from the stored totals (the agents' mean rate as stored, since the
 * totals cannot give it), verdicts as decided at import.
 */
export function assessmentOf(verdict: StoredVerdict, thresholds: KpiThresholds): Assessment {
  const fresh = assess(verdict.totals, thresholds);
  return {
    ...fresh,
    ...(verdict.averaging === 'agents' ? { resolutionRate: verdict.resolutionRate, averaging: 'agents' as const } : {}),
    resolution: verdict.resolution,
    satisfactionVerdict: verdict.satisfaction,
    verdict: verdict.verdict,
  };
}

export interface ViewOptions {
  kind: MunicipalityCardKind;
  warning: KpiWarning | null;
  escalation: string | null;
  canRespond: boolean;
  /** The page of the agent list ("KPI for min kommune"); a warning card has no pages. */
  page?: number;
  otherMunicipalities?: { code: number; name: string }[];
}

type Viewer = Audience | 'sekretariat';

const seesAgentFigures = (audience: Viewer) => audience === 'koordinator' || audience === 'leder';

export class MunicipalityViews {
  constructor(
    private readonly thresholds: KpiThresholds,
    /** The trend as a Teams line chart (with the table as fallback), or the table only. */
    private readonly chart: boolean,
  ) {}

  async month(db: Queryable, period: string, code: number): Promise<MunicipalityMonth | null> {
    const verdicts = await verdictsOf(db, periodsEndingWith(period, TREND_MONTHS), [code]);
    const current = verdicts.find((v) => v.period === period);
    if (!current) return null;
    return {
      period,
      code,
      name: municipalityName(code),
      assessment: assessmentOf(current, this.thresholds),
      followUp: current.followUp,
      trend: verdicts.map((v) => {
        const assessment = assessmentOf(v, this.thresholds);
        return { period: v.period, resolutionRate: assessment.resolutionRate, satisfaction: assessment.satisfaction };
      }),
    };
  }

  /** The card's view for one audience: the month, and the agents (with figures) that audience may see. */
  async view(
    db: Queryable,
    month: MunicipalityMonth,
    audience: Viewer,
    options: ViewOptions,
  ): Promise<MunicipalityView> {
    const showAgents = audience !== 'kommune' && options.kind !== 'trukket';
    const { entries, figures } = showAgents
      ? await this.agents(db, month, audience, options.kind)
      : { entries: [], figures: new Map<number, KpiFigures>() };
    const pages = Math.max(1, Math.ceil(entries.length / AGENTS_PER_CARD));
    const page = options.page === undefined ? 1 : Math.min(Math.max(1, options.page), pages);
    const shown = entries.slice((page - 1) * AGENTS_PER_CARD, page * AGENTS_PER_CARD);
    return {
      kind: options.kind,
      period: month.period,
      municipality: month.name,
      municipalityCode: month.code,
      assessment: month.assessment,
      thresholds: this.thresholds,
      followUp: month.followUp,
      trend: month.trend,
      chart: this.chart,
      audience,
      agents: shown.map((entry) => this.agentLine(entry, figures.get(entry.personId) ?? null, audience)),
      agentsTotal: entries.length,
      warning: options.warning,
      escalation: options.escalation,
      canRespond: options.canRespond,
      page: options.page === undefined ? undefined : { page, pages },
      otherMunicipalities: options.otherMunicipalities,
    };
  }

  /**
   * The agents a card lists: for a warning, those put on the list that month; otherwise everyone still on it.
   * Never called for an audience that may not see agents.
   */
  private async agents(
    db: Queryable,
    month: MunicipalityMonth,
    audience: Viewer,
    kind: MunicipalityCardKind,
  ): Promise<{ entries: TrainingEntry[]; figures: Map<number, KpiFigures> }> {
    let entries: TrainingEntry[];
    if (kind === 'advarsel') {
      const flagged = await flaggedInPeriod(db, month.period, month.code);
      entries = flagged.length ? await trainingEntries(db, { code: month.code, personIds: flagged }) : [];
    } else {
      entries = await trainingEntries(db, { code: month.code, openOnly: true });
    }
    const figures = seesAgentFigures(audience)
      ? await agentRowsOf(db, month.period, month.code)
      : new Map<number, KpiFigures>();
    return { entries, figures };
  }

  private agentLine(entry: TrainingEntry, own: KpiFigures | null, audience: Viewer): AgentLine {
    let figures: string | null = null;
    if (seesAgentFigures(audience)) {
      if (own) {
        const assessment = assess(totalsOf([own]), this.thresholds);
        figures = `Straksafklaring ${percent(assessment.resolutionRate)} · tilfredshed ${score(assessment.satisfaction)} · ${integer(own.callsHandled)} opkald`;
      } else {
        figures = 'Ingen tal for denne måned';
      }
    }
    const done = entry.completedAt !== null;
    return {
      personId: entry.personId,
      name: entry.name,
      figures,
      done,
      state: done
        ? `Undervisning gennemført ${formatDate(entry.completedAt!)}${entry.completedBy ? ` (registreret af ${entry.completedBy})` : ''}`
        : `På træningslisten siden ${entry.since}: kan ikke tage vagter`,
      canTrain: audience === 'koordinator' || audience === 'sekretariat',
    };
  }
}
