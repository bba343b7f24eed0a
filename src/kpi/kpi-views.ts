/**
 * Loads what a municipality card shows and renders it for one audience. Per-agent figures leave this file only
 * for the municipality's own quality coordinator and leaders; the secretariat gets names on the training list
 * (it must act on their shifts) but no figures; everyone else gets the municipality's totals only.
 */
import type { Queryable } from '../db/database.js';
import type { Card } from '../platform/bot-app.js';
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
import { buildMunicipalityCard, type AgentLine, type MunicipalityCardKind, type TrendPoint } from './kpi-cards.js';

export interface MunicipalityMonth {
  period: string;
  code: number;
  name: string;
  assessment: Assessment;
  followUp: FollowUp | null;
  trend: TrendPoint[];
}

/** The stored verdict as an assessment: figures from the stored totals, verdicts as decided at import. */
export function assessmentOf(v: StoredVerdict, th: KpiThresholds): Assessment {
  const fresh = assess(v.totals, th);
  return { ...fresh, resolution: v.resolution, satisfactionVerdict: v.satisfaction, verdict: v.verdict };
}

export interface RenderOptions {
  kind: MunicipalityCardKind;
  warning: KpiWarning | null;
  escalation: string | null;
  canRespond: boolean;
  page?: number;
  otherMunicipalities?: { code: number; name: string }[];
}

export class KpiViews {
  constructor(
    private readonly thresholds: KpiThresholds,
    private readonly chart: boolean,
  ) {}

  async month(q: Queryable, period: string, code: number): Promise<MunicipalityMonth | null> {
    const verdicts = await verdictsOf(q, periodsEndingWith(period, TREND_MONTHS), [code]);
    const current = verdicts.find((v) => v.period === period);
    if (!current) return null;
    return {
      period,
      code,
      name: municipalityName(code),
      assessment: assessmentOf(current, this.thresholds),
      followUp: current.followUp,
      trend: verdicts.map((v) => {
        const a = assess(v.totals, this.thresholds);
        return { period: v.period, resolutionRate: a.resolutionRate, satisfaction: a.satisfaction };
      }),
    };
  }

  /**
   * The agents a card lists: for a warning, those put on the list that month; otherwise everyone still on it.
   * Never called for an audience that may not see agents.
   */
  async agents(
    q: Queryable,
    m: MunicipalityMonth,
    audience: Audience | 'sekretariat',
    kind: MunicipalityCardKind,
  ): Promise<{ entries: TrainingEntry[]; figures: Map<number, KpiFigures> }> {
    let entries: TrainingEntry[];
    if (kind === 'advarsel') {
      const flagged = await flaggedInPeriod(q, m.period, m.code);
      entries = flagged.length ? await trainingEntries(q, { code: m.code, personIds: flagged }) : [];
    } else {
      entries = await trainingEntries(q, { code: m.code, openOnly: true });
    }
    const figures =
      audience === 'koordinator' || audience === 'leder'
        ? await agentRowsOf(q, m.period, m.code)
        : new Map<number, KpiFigures>();
    return { entries, figures };
  }

  async render(
    q: Queryable,
    m: MunicipalityMonth,
    audience: Audience | 'sekretariat',
    o: RenderOptions,
  ): Promise<Card> {
    const showAgents = audience !== 'kommune' && o.kind !== 'trukket';
    const { entries, figures } = showAgents
      ? await this.agents(q, m, audience, o.kind)
      : { entries: [], figures: new Map<number, KpiFigures>() };
    const pages = Math.max(1, Math.ceil(entries.length / AGENTS_PER_CARD));
    const page = o.page === undefined ? 1 : Math.min(Math.max(1, o.page), pages);
    const shown = entries.slice((page - 1) * AGENTS_PER_CARD, page * AGENTS_PER_CARD);
    return buildMunicipalityCard({
      kind: o.kind,
      period: m.period,
      municipality: m.name,
      municipalityCode: m.code,
      assessment: m.assessment,
      thresholds: this.thresholds,
      followUp: m.followUp,
      trend: m.trend,
      chart: this.chart,
      audience,
      agents: shown.map((e) => this.agentLine(e, figures.get(e.personId) ?? null, audience)),
      agentsTotal: entries.length,
      warning: o.warning,
      escalation: o.escalation,
      canRespond: o.canRespond,
      page: o.page === undefined ? undefined : { page, pages },
      otherMunicipalities: o.otherMunicipalities,
    });
  }

  private agentLine(e: TrainingEntry, f: KpiFigures | null, audience: Audience | 'sekretariat'): AgentLine {
    const detail = audience === 'koordinator' || audience === 'leder';
    let figures: string | null = null;
    if (detail) {
      if (f) {
        const a = assess(totalsOf([f]), this.thresholds);
        figures = `Straksafklaring ${percent(a.resolutionRate)} · tilfredshed ${score(a.satisfaction)} · ${integer(f.callsHandled)} opkald`;
      } else {
        figures = 'Ingen tal for denne måned';
      }
    }
    const done = e.completedAt !== null;
    return {
      personId: e.personId,
      name: e.name,
      figures,
      done,
      state: done
        ? `Undervisning gennemført ${formatDate(e.completedAt!)}${e.completedBy ? ` (registreret af ${e.completedBy})` : ''}`
        : `På træningslisten siden ${e.since}: kan ikke tage vagter`,
      canTrain: audience === 'koordinator' || audience === 'sekretariat',
    };
  }
}
