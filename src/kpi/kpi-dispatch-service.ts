/**
 * After a month's figures are stored (same transaction): the warning to each municipality below target, the
 * follow-up to last month's warned municipalities, the escalation of those still below (secretariat and an (O)
 * item for the steering committee), withdrawals on re-import, and the DDH-wide summary (secretariat, Viva Engage).
 */
import type { Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { MunicipalRole } from '../registry/registry-types.js';
import { requestEngagePost } from '../engage/engage-public.js';
import { buildMessageCard } from '../ui/message-card.js';
import { previousPeriod, type KpiThresholds } from './kpi-domain.js';
import { shortFigures } from './kpi-format.js';
import type { VerdictRecord } from './kpi-repository.js';
import * as warnings from './kpi-warning-repository.js';
import type { KpiWarning, WarningKind } from './kpi-warning-repository.js';
import { proposeKpiAgendaItem } from './kpi-agenda.js';
import type { AgendaPublic } from '../agenda/agenda-public.js';
import { batchOf, secretariatChat, sendOrUpdate, warningKey, warningMessages } from './kpi-outbox.js';
import type { KpiViews, MunicipalityMonth } from './kpi-views.js';
import { engageSummary, monthSummary, summaryCard } from './kpi-summary.js';

export interface KpiDispatchDeps {
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  views: KpiViews;
  thresholds: KpiThresholds;
  warningRoles: readonly MunicipalRole[];
  agenda: AgendaPublic;
}

export interface DispatchCounts {
  warned: number;
  followedUp: number;
  escalated: number;
  withdrawn: number;
  /** Municipalities whose warning reached nobody (no role holder with the bot); the secretariat is told. */
  undelivered: number;
}

const kindOf = (r: VerdictRecord): WarningKind | null =>
  r.assessment.verdict === 'advarsel'
    ? 'advarsel'
    : r.followUp === 'forbedret' || r.followUp === 'ikke_vurderet'
      ? 'opfoelgning'
      : null;

export class KpiDispatchService {
  constructor(private readonly d: KpiDispatchDeps) {}

  async afterImport(
    tx: Queryable,
    period: string,
    records: VerdictRecord[],
    replaced: boolean,
  ): Promise<DispatchCounts> {
    const counts: DispatchCounts = { warned: 0, followedUp: 0, escalated: 0, withdrawn: 0, undelivered: 0 };
    const before = new Map((await warnings.warningsOfPeriod(tx, period)).map((w) => [w.municipalityCode, w]));
    const now = this.d.clock.now();
    for (const r of records) {
      const kind = kindOf(r);
      const old = before.get(r.municipalityCode);
      before.delete(r.municipalityCode);
      if (!kind) {
        if (old && !old.withdrawn) await this.withdraw(tx, old);
        if (old && !old.withdrawn) counts.withdrawn++;
        continue;
      }
      let w = await warnings.upsertWarning(tx, period, r.municipalityCode, kind, now);
      const m = (await this.d.views.month(tx, period, r.municipalityCode))!;
      if (kind === 'advarsel' && r.followUp === 'ikke_forbedret' && !w.escalated) {
        await this.escalate(tx, m, w);
        w = (await warnings.findWarning(tx, w.id))!;
        counts.escalated++;
      }
      const result = await sendOrUpdate(
        this.d.delivery,
        tx,
        await warningMessages(tx, this.d.views, m, w, this.d.warningRoles),
      );
      if (kind === 'advarsel') counts.warned++;
      else counts.followedUp++;
      if (kind === 'advarsel' && result.unreachable.length === this.d.warningRoles.length) {
        counts.undelivered++;
        await this.reportUndelivered(
          tx,
          m,
          result.unreachable.map((u) => u.reason ?? 'ukendt årsag'),
        );
      }
    }
    // A municipality left out of a re-imported file has no figures any more: its warning goes too.
    for (const old of before.values()) {
      if (old.withdrawn) continue;
      await this.withdraw(tx, old);
      counts.withdrawn++;
    }
    const summary = await monthSummary(tx, period, this.d.thresholds, replaced);
    await sendOrUpdate(this.d.delivery, tx, [
      {
        key: `kpi:${period}:summary`,
        to: secretariatChat('sekretariat'),
        card: summaryCard(summary),
        batch: batchOf(period),
        cardRef: `kpi-summary:${period}`,
      },
    ]);
    await requestEngagePost(this.d.scheduler, `kpi:${period}`, engageSummary(summary, this.d.thresholds), tx);
    return counts;
  }

  /** The new figures no longer support the warning: every card already sent says so; nothing new is sent. */
  private async withdraw(tx: Queryable, w: KpiWarning): Promise<void> {
    await warnings.withdrawWarning(tx, w.id, this.d.clock.now());
    const withdrawn = { ...w, withdrawn: true };
    const m = await this.d.views.month(tx, w.period, w.municipalityCode);
    for (const role of this.d.warningRoles) {
      const card = m
        ? await this.d.views.render(tx, m, 'kommune', {
            kind: 'trukket',
            warning: withdrawn,
            escalation: null,
            canRespond: false,
          })
        : buildMessageCard({
            title: `KPI-advarsel ${w.period} er trukket tilbage`,
            text: 'Måneden er indlæst igen uden tal for kommunen.',
          });
      await this.d.delivery.updateCard(warningKey(w, role), card, tx);
    }
  }

  /**
   * Still below the month after a warning: an (O) item for the steering committee through the agenda. The
   * secretariat hears of it in the month's summary (one message, however many municipalities) and gets the item's
   * review card from the agenda.
   */
  private async escalate(tx: Queryable, m: MunicipalityMonth, w: KpiWarning): Promise<void> {
    const previous = previousPeriod(m.period);
    const figureLines = shortFigures(m.assessment, this.d.thresholds);
    const item = await proposeKpiAgendaItem(tx, this.d.agenda, {
      municipality: m.name,
      periods: [previous, m.period],
      figureLines,
    });
    await warnings.markEscalated(tx, w.id, item?.itemId ?? null, this.d.clock.now());
  }

  private async reportUndelivered(tx: Queryable, m: MunicipalityMonth, reasons: string[]): Promise<void> {
    const key = `kpi:${m.period}:${m.code}:uafleveret`;
    const card = buildMessageCard({
      title: `KPI-advarslen til ${m.name} kunne ikke afleveres`,
      text: `Ingen i ${m.name} med en af de roller, advarslen går til, kan nås i Teams. Kontakt kommunen direkte.`,
      lines: [...new Set(reasons)],
      tone: 'warning',
    });
    await sendOrUpdate(this.d.delivery, tx, [
      { key, to: secretariatChat('sekretariat'), card, batch: batchOf(m.period), cardRef: key },
    ]);
  }
}
