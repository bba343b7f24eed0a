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
import type { AgendaPublic } from '../agenda/agenda-public.js';
import { previousPeriod, type KpiThresholds } from './kpi-domain.js';
import { shortFigures } from './kpi-format.js';
import type { VerdictRecord } from './kpi-repository.js';
import * as warningRepo from './kpi-warning-repository.js';
import type { KpiWarning, WarningKind } from './kpi-warning-repository.js';
import { proposeKpiAgendaItem } from './kpi-agenda.js';
import { batchOf, secretariatChat, sendOrUpdate, warningKey, warningMessages } from './kpi-outbox.js';
import type { MunicipalityMonth, MunicipalityViews } from './kpi-municipality-view.js';
import { engagePostOf, loadMonthSummary } from './kpi-month-summary.js';
import { buildMunicipalityCard, buildWithdrawnWithoutFiguresCard } from './kpi-cards.js';
import { buildSummaryCard, buildUndeliveredCard } from './kpi-secretariat-cards.js';

export interface KpiDispatchDeps {
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  views: MunicipalityViews;
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

const kindOf = (record: VerdictRecord): WarningKind | null =>
  record.assessment.verdict === 'advarsel'
    ? 'advarsel'
    : record.followUp === 'forbedret' || record.followUp === 'ikke_vurderet'
      ? 'opfoelgning'
      : null;

export class KpiDispatchService {
  constructor(private readonly deps: KpiDispatchDeps) {}

  async afterImport(
    tx: Queryable,
    period: string,
    records: VerdictRecord[],
    replaced: boolean,
  ): Promise<DispatchCounts> {
    const { delivery, warningRoles } = this.deps;
    const counts: DispatchCounts = { warned: 0, followedUp: 0, escalated: 0, withdrawn: 0, undelivered: 0 };
    const before = new Map((await warningRepo.warningsOfPeriod(tx, period)).map((w) => [w.municipalityCode, w]));
    const now = this.deps.clock.now();
    for (const record of records) {
      const kind = kindOf(record);
      const old = before.get(record.municipalityCode);
      before.delete(record.municipalityCode);
      if (!kind) {
        if (old && !old.withdrawn) {
          await this.withdraw(tx, old);
          counts.withdrawn++;
        }
        continue;
      }
      let warning = await warningRepo.upsertWarning(tx, period, record.municipalityCode, kind, now);
      const month = (await this.deps.views.month(tx, period, record.municipalityCode))!;
      if (kind === 'advarsel' && record.followUp === 'ikke_forbedret' && !warning.escalated) {
        await this.escalate(tx, month, warning);
        warning = (await warningRepo.findWarning(tx, warning.id))!;
        counts.escalated++;
      }
      const result = await sendOrUpdate(
        delivery,
        tx,
        await warningMessages(tx, this.deps.views, month, warning, warningRoles),
      );
      if (kind === 'advarsel') counts.warned++;
      else counts.followedUp++;
      if (kind === 'advarsel' && result.unreachable.length === warningRoles.length) {
        counts.undelivered++;
        await this.reportUndelivered(
          tx,
          month,
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
    const summary = await loadMonthSummary(tx, period, this.deps.thresholds, replaced);
    await sendOrUpdate(delivery, tx, [
      {
        key: `kpi:${period}:summary`,
        to: secretariatChat('sekretariat'),
        card: buildSummaryCard(summary),
        batch: batchOf(period),
        cardRef: `kpi-summary:${period}`,
      },
    ]);
    await requestEngagePost(this.deps.scheduler, `kpi:${period}`, engagePostOf(summary), tx);
    return counts;
  }

  /** The new figures no longer support the warning: every card already sent says so; nothing new is sent. */
  private async withdraw(tx: Queryable, warning: KpiWarning): Promise<void> {
    await warningRepo.withdrawWarning(tx, warning.id, this.deps.clock.now());
    const withdrawn = { ...warning, withdrawn: true };
    const month = await this.deps.views.month(tx, warning.period, warning.municipalityCode);
    for (const role of this.deps.warningRoles) {
      const card = month
        ? buildMunicipalityCard(
            await this.deps.views.view(tx, month, 'kommune', {
              kind: 'trukket',
              warning: withdrawn,
              escalation: null,
              canRespond: false,
            }),
          )
        : buildWithdrawnWithoutFiguresCard(warning.period);
      await this.deps.delivery.updateCard(warningKey(warning, role), card, tx);
    }
  }

  /**
   * Still below the month after a warning: an (O) item for the steering committee through the agenda. The
   * secretariat hears of it in the month's summary (one message, however many municipalities) and gets the item's
   * review card from the agenda.
   */
  private async escalate(tx: Queryable, month: MunicipalityMonth, warning: KpiWarning): Promise<void> {
    const item = await proposeKpiAgendaItem(tx, this.deps.agenda, {
      municipality: month.name,
      periods: [previousPeriod(month.period), month.period],
      figureLines: shortFigures(month.assessment, this.deps.thresholds),
    });
    await warningRepo.markEscalated(tx, warning.id, item?.itemId ?? null, this.deps.clock.now());
  }

  private async reportUndelivered(tx: Queryable, month: MunicipalityMonth, reasons: string[]): Promise<void> {
    const key = `kpi:${month.period}:${month.code}:uafleveret`;
    await sendOrUpdate(this.deps.delivery, tx, [
      {
        key,
        to: secretariatChat('sekretariat'),
        card: buildUndeliveredCard(month.name, reasons),
        batch: batchOf(month.period),
        cardRef: key,
      },
    ]);
  }
}
