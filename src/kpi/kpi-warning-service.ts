/**
 * What people do with KPI cards, each decided on the server from the actor and the stored state:
 * acknowledge a warning, save the follow-up plan, register an agent's training, and open the municipality's
 * KPI (per-agent figures only for its own quality coordinator and leaders).
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Card } from '../platform/bot-app.js';
import type { Actor, MunicipalRole } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import { findPersonById } from '../registry/registry-repository.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { buildMessageCard } from '../ui/message-card.js';
import { formatDateTime } from '../shared/time.js';
import {
  audienceFor,
  mayRecordTraining,
  mayRespondToWarning,
  viewableMunicipalities,
  type KpiThresholds,
} from './kpi-domain.js';
import { monthName, municipalityName } from './kpi-format.js';
import { latestPeriod } from './kpi-repository.js';
import * as repo from './kpi-warning-repository.js';
import type { KpiWarning } from './kpi-warning-repository.js';
import { batchOf, escalationText, secretariatChat, sendOrUpdate, warningMessages } from './kpi-outbox.js';
import type { KpiViews } from './kpi-views.js';
import { monthSummary, summaryCard } from './kpi-summary.js';

export interface KpiWarningDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  views: KpiViews;
  thresholds: KpiThresholds;
  warningRoles: readonly MunicipalRole[];
}

/** Where a training button was pressed, so the answer is that card, redrawn. */
export interface TrainingReturn {
  view?: 'warning' | 'overview';
  warningId?: number;
  municipalityCode?: number;
  page?: number;
}

export class KpiWarningService {
  constructor(private readonly d: KpiWarningDeps) {}

  async acknowledge(actor: Actor, warningId: number): Promise<Card> {
    const w = await this.respondable(actor, warningId);
    return this.d.db.withTransaction(async (tx) => {
      await repo.findWarning(tx, w.id, true);
      // The first acknowledgement counts; a repeated press (or a Teams retry) changes nothing.
      if (await repo.acknowledge(tx, w.id, actor.id, this.d.clock.now())) await this.refresh(tx, w.id);
      return this.cardFor(tx, actor, (await repo.findWarning(tx, w.id))!);
    });
  }

  async savePlan(actor: Actor, warningId: number, plan: string): Promise<Card> {
    const w = await this.respondable(actor, warningId);
    return this.d.db.withTransaction(async (tx) => {
      await repo.findWarning(tx, w.id, true);
      const current = (await repo.findWarning(tx, w.id))!;
      if (current.plan !== plan) {
        await repo.savePlan(tx, w.id, plan, actor.id, this.d.clock.now());
        await this.refresh(tx, w.id);
        const key = `kpi:${w.period}:${w.municipalityCode}:plan`;
        const card = buildMessageCard({
          title: `Opfølgningsplan fra ${municipalityName(w.municipalityCode)} (${monthName(w.period)})`,
          text: plan,
          lines: [`Gemt af ${actor.name} ${formatDateTime(this.d.clock.now())}.`],
        });
        await sendOrUpdate(this.d.delivery, tx, [
          {
            key,
            to: secretariatChat('sekretariat'),
            card,
            batch: batchOf(w.period),
            cardRef: `kpi-plan:${w.period}:${w.municipalityCode}`,
          },
        ]);
      }
      return this.cardFor(tx, actor, (await repo.findWarning(tx, w.id))!);
    });
  }

  /** Registers the training; every open flag of the agent in the municipalities the actor answers for is closed. */
  async completeTraining(
    actor: Actor,
    personId: number,
    back: TrainingReturn,
  ): Promise<{ card?: Card; toast: string }> {
    const flags = await repo.flagsOfPerson(this.d.db, personId);
    if (!flags.length) throw new DomainError('NOT_FOUND', 'Agenten står ikke på træningslisten.');
    const codes = [...new Set(flags.map((f) => f.municipalityCode))].filter((c) => mayRecordTraining(actor, c));
    if (!codes.length)
      throw forbidden('Kun agentens egen kvalitetskoordinator eller DDH-sekretariatet kan registrere undervisning.');
    const person = await findPersonById(this.d.db, personId);
    const name = person?.name ?? 'Agenten';
    const completed = await this.d.db.withTransaction(async (tx) => {
      const periods: string[] = [];
      for (const code of codes) {
        const done = await repo.completeTraining(tx, personId, code, actor.id, this.d.clock.now());
        if (!done.length) continue;
        periods.push(...done);
        for (const w of await repo.warningsOfMunicipality(tx, code, done[0]))
          if (!w.withdrawn) await this.refresh(tx, w.id);
      }
      return periods;
    });
    const toast = completed.length
      ? `Undervisningen er registreret for ${name}, som igen kan tage vagter.`
      : `Undervisningen for ${name} var allerede registreret.`;
    return { toast, card: await this.returnCard(actor, back) };
  }

  /** The municipality's latest month for whoever may see it; without a code, the actor's own (or DDH's for the secretariat). */
  async overview(actor: Actor, code?: number, page?: number): Promise<Card> {
    const own = viewableMunicipalities(actor);
    if (code !== undefined && !own.includes(code) && !actor.secretariat)
      throw forbidden('Du har ikke adgang til KPI-tal for den kommune.');
    const target = code ?? own[0];
    if (target === undefined) {
      if (!actor.secretariat)
        throw forbidden(
          'Kun kommunernes kvalitetskoordinatorer, ledere, kontaktpersoner, repræsentanter og DDH-sekretariatet kan se KPI-tal.',
        );
      const period = await latestPeriod(this.d.db);
      if (!period) return buildMessageCard({ title: 'KPI-tal', text: 'Der er ikke indlæst KPI-tal endnu.' });
      return summaryCard(await monthSummary(this.d.db, period, this.d.thresholds, false));
    }
    const period = await latestPeriod(this.d.db, target);
    const m = period ? await this.d.views.month(this.d.db, period, target) : null;
    if (!m)
      return buildMessageCard({
        title: `KPI for ${municipalityName(target)}`,
        text: 'Der er ikke indlæst KPI-tal for kommunen endnu.',
      });
    const w = await repo.warningOf(this.d.db, m.period, target);
    return this.d.views.render(this.d.db, m, audienceFor(actor, target) ?? 'kommune', {
      kind: 'oversigt',
      warning: w && !w.withdrawn && w.kind === 'advarsel' ? w : null,
      escalation: w ? escalationText(w) : null,
      canRespond: mayRespondToWarning(actor, target),
      page: page ?? 1,
      otherMunicipalities: own.filter((c) => c !== target).map((c) => ({ code: c, name: municipalityName(c) })),
    });
  }

  private async respondable(actor: Actor, warningId: number): Promise<KpiWarning> {
    const w = await repo.findWarning(this.d.db, warningId);
    if (!w) throw notFound('Advarslen');
    if (!mayRespondToWarning(actor, w.municipalityCode)) {
      throw forbidden(
        'Kun kommunens kvalitetskoordinator, leder, primære kontaktperson eller repræsentant kan svare på advarslen.',
      );
    }
    if (w.withdrawn || w.kind !== 'advarsel')
      throw new DomainError('STALE', 'Advarslen er trukket tilbage, fordi tallene er indlæst igen.');
    return w;
  }

  /** Redraws every role's card of a warning (they are updated in place through the outbox). */
  private async refresh(tx: Queryable, warningId: number): Promise<void> {
    const w = (await repo.findWarning(tx, warningId))!;
    const m = await this.d.views.month(tx, w.period, w.municipalityCode);
    if (!m) return;
    for (const msg of await warningMessages(tx, this.d.views, m, w, this.d.warningRoles))
      await this.d.delivery.updateCard(msg.cardRef!, msg.card!, tx);
  }

  /** The warning card as the actor's own role sees it. */
  private async cardFor(q: Queryable, actor: Actor, w: KpiWarning): Promise<Card> {
    const m = (await this.d.views.month(q, w.period, w.municipalityCode))!;
    return this.d.views.render(q, m, audienceFor(actor, w.municipalityCode) ?? 'kommune', {
      kind: w.withdrawn ? 'trukket' : w.kind,
      warning: w,
      escalation: escalationText(w),
      canRespond: mayRespondToWarning(actor, w.municipalityCode),
    });
  }

  private async returnCard(actor: Actor, back: TrainingReturn): Promise<Card | undefined> {
    if (back.view === 'overview' && back.municipalityCode !== undefined)
      return this.overview(actor, back.municipalityCode, back.page);
    if (back.view === 'warning' && back.warningId !== undefined) {
      const w = await repo.findWarning(this.d.db, back.warningId);
      if (w && audienceFor(actor, w.municipalityCode)) return this.cardFor(this.d.db, actor, w);
    }
    return undefined;
  }
}
