/**
 * What people do with KPI cards, each decided on the server from the actor and the stored state:
 * acknowledge a warning, save the follow-up plan, register an agent's training, and open the municipality's
 * KPI (per-agent figures only for its own quality coordinator and leaders). Answers are views; the handlers
 * turn them into cards.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Actor, MunicipalRole } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import { findPersonById } from '../registry/registry-repository.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { formatDateTime } from '../shared/time.js';
import {
  audienceFor,
  mayRecordTraining,
  mayRespondToWarning,
  viewableMunicipalities,
  type KpiThresholds,
} from './kpi-domain.js';
import { escalationText, municipalityName } from './kpi-format.js';
import { latestPeriod } from './kpi-repository.js';
import * as warningRepo from './kpi-warning-repository.js';
import type { KpiWarning } from './kpi-warning-repository.js';
import { batchOf, secretariatChat, sendOrUpdate, warningMessages } from './kpi-outbox.js';
import type { MunicipalityViews } from './kpi-municipality-view.js';
import { loadMonthSummary } from './kpi-month-summary.js';
import type { MunicipalityView, OverviewView } from './kpi-cards.js';
import { buildPlanSavedCard } from './kpi-secretariat-cards.js';

export interface KpiWarningDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  views: MunicipalityViews;
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

export interface TrainingResult {
  toast: string;
  /** The card the button was on, redrawn; null when there is none to redraw (then the toast is the answer). */
  redraw: OverviewView | null;
}

export class KpiWarningService {
  constructor(private readonly deps: KpiWarningDeps) {}

  async acknowledge(actor: Actor, warningId: number): Promise<MunicipalityView> {
    const warning = await this.respondable(actor, warningId);
    return this.deps.db.withTransaction(async (tx) => {
      await warningRepo.findWarning(tx, warning.id, true);
      // The first acknowledgement counts; a repeated press (or a Teams retry) changes nothing.
      if (await warningRepo.acknowledge(tx, warning.id, actor.id, this.deps.clock.now()))
        await this.refresh(tx, warning.id);
      return this.viewFor(tx, actor, (await warningRepo.findWarning(tx, warning.id))!);
    });
  }

  async savePlan(actor: Actor, warningId: number, plan: string): Promise<MunicipalityView> {
    const warning = await this.respondable(actor, warningId);
    return this.deps.db.withTransaction(async (tx) => {
      await warningRepo.findWarning(tx, warning.id, true);
      const current = (await warningRepo.findWarning(tx, warning.id))!;
      if (current.plan !== plan) {
        const now = this.deps.clock.now();
        await warningRepo.savePlan(tx, warning.id, plan, actor.id, now);
        await this.refresh(tx, warning.id);
        const { period, municipalityCode } = warning;
        const card = buildPlanSavedCard({
          municipality: municipalityName(municipalityCode),
          period,
          plan,
          savedBy: actor.name,
          savedAt: formatDateTime(now),
        });
        await sendOrUpdate(this.deps.delivery, tx, [
          {
            key: `kpi:${period}:${municipalityCode}:plan`,
            to: secretariatChat('sekretariat'),
            card,
            batch: batchOf(period),
            cardRef: `kpi-plan:${period}:${municipalityCode}`,
          },
        ]);
      }
      return this.viewFor(tx, actor, (await warningRepo.findWarning(tx, warning.id))!);
    });
  }

  /** Registers the training; every open flag of the agent in the municipalities the actor answers for is closed. */
  async completeTraining(actor: Actor, personId: number, back: TrainingReturn): Promise<TrainingResult> {
    const { db, clock } = this.deps;
    // Rights first, then only the actor's own municipalities are read (issue 21.4): a coordinator pressing the button
    // for an agent of another municipality gets the same answer whether that agent is on its list or not.
    const own = actor.secretariat
      ? null
      : actor.roles.filter((r) => mayRecordTraining(actor, r.municipalityCode)).map((r) => r.municipalityCode);
    if (own && !own.length)
      throw forbidden('Kun agentens egen kvalitetskoordinator eller DDH-sekretariatet kan registrere undervisning.');
    const flags = await warningRepo.flagsOfPerson(db, personId, own);
    if (!flags.length)
      throw new DomainError(
        'NOT_FOUND',
        own
          ? 'Agenten står ikke på træningslisten i din kommune. Kun agentens egen kvalitetskoordinator eller DDH-sekretariatet kan registrere undervisning.'
          : 'Agenten står ikke på træningslisten.',
      );
    const codes = [...new Set(flags.map((f) => f.municipalityCode))];
    const person = await findPersonById(db, personId);
    const name = person?.name ?? 'Agenten';
    const completed = await db.withTransaction(async (tx) => {
      const periods: string[] = [];
      for (const code of codes) {
        const done = await warningRepo.completeTraining(tx, personId, code, actor.id, clock.now());
        if (!done.length) continue;
        periods.push(...done);
        for (const warning of await warningRepo.warningsOfMunicipality(tx, code, done[0]))
          if (!warning.withdrawn) await this.refresh(tx, warning.id);
      }
      return periods;
    });
    const toast = completed.length
      ? `Undervisningen er registreret for ${name}, som igen kan tage vagter.`
      : `Undervisningen for ${name} var allerede registreret.`;
    return { toast, redraw: await this.redraw(actor, back) };
  }

  /** The municipality's latest month for whoever may see it; without a code, the actor's own (or DDH's for the secretariat). */
  async overview(actor: Actor, code?: number, page?: number): Promise<OverviewView> {
    const { db, thresholds, views } = this.deps;
    const own = viewableMunicipalities(actor);
    if (code !== undefined && !own.includes(code) && !actor.secretariat)
      throw forbidden('Du har ikke adgang til KPI-tal for den kommune.');
    const target = code ?? own[0];
    if (target === undefined) {
      if (!actor.secretariat)
        throw forbidden(
          'Kun kommunernes kvalitetskoordinatorer, ledere, kontaktpersoner, repræsentanter og DDH-sekretariatet kan se KPI-tal.',
        );
      const period = await latestPeriod(db);
      if (!period) return { kind: 'nothing-yet', municipality: null };
      return { kind: 'ddh', view: await loadMonthSummary(db, period, thresholds, false) };
    }
    const period = await latestPeriod(db, target);
    const month = period ? await views.month(db, period, target) : null;
    if (!month) return { kind: 'nothing-yet', municipality: municipalityName(target) };
    const warning = await warningRepo.warningOf(db, month.period, target);
    const view = await views.view(db, month, audienceFor(actor, target) ?? 'kommune', {
      kind: 'oversigt',
      warning: warning && !warning.withdrawn && warning.kind === 'advarsel' ? warning : null,
      escalation: warning ? escalationText(warning) : null,
      canRespond: mayRespondToWarning(actor, target),
      page: page ?? 1,
      otherMunicipalities: own.filter((c) => c !== target).map((c) => ({ code: c, name: municipalityName(c) })),
    });
    return { kind: 'municipality', view };
  }

  private async respondable(actor: Actor, warningId: number): Promise<KpiWarning> {
    // The warning is read before the rights are checked (its municipality decides them): an unknown id gets
    // "findes ikke" where a known one gets "Kun ...". Issue 21.4 makes the two answers one.
    const warning = await warningRepo.findWarning(this.deps.db, warningId);
    if (!warning) throw notFound('Advarslen');
    if (!mayRespondToWarning(actor, warning.municipalityCode)) {
      throw forbidden(
        'Kun kommunens kvalitetskoordinator, leder, primære kontaktperson eller repræsentant kan svare på advarslen.',
      );
    }
    if (warning.withdrawn || warning.kind !== 'advarsel')
      throw new DomainError('STALE', 'Advarslen er trukket tilbage, fordi tallene er indlæst igen.');
    return warning;
  }

  /** Redraws every role's card of a warning (they are updated in place through the outbox). */
  private async refresh(tx: Queryable, warningId: number): Promise<void> {
    const warning = (await warningRepo.findWarning(tx, warningId))!;
    const month = await this.deps.views.month(tx, warning.period, warning.municipalityCode);
    if (!month) return;
    for (const message of await warningMessages(tx, this.deps.views, month, warning, this.deps.warningRoles))
      await this.deps.delivery.updateCard(message.cardRef!, message.card!, tx);
  }

  /** The warning card as the actor's own role sees it. */
  private async viewFor(db: Queryable, actor: Actor, warning: KpiWarning): Promise<MunicipalityView> {
    const month = (await this.deps.views.month(db, warning.period, warning.municipalityCode))!;
    return this.deps.views.view(db, month, audienceFor(actor, warning.municipalityCode) ?? 'kommune', {
      kind: warning.withdrawn ? 'trukket' : warning.kind,
      warning,
      escalation: escalationText(warning),
      canRespond: mayRespondToWarning(actor, warning.municipalityCode),
    });
  }

  private async redraw(actor: Actor, back: TrainingReturn): Promise<OverviewView | null> {
    if (back.view === 'overview' && back.municipalityCode !== undefined)
      return this.overview(actor, back.municipalityCode, back.page);
    if (back.view === 'warning' && back.warningId !== undefined) {
      const warning = await warningRepo.findWarning(this.deps.db, back.warningId);
      if (warning && audienceFor(actor, warning.municipalityCode))
        return { kind: 'municipality', view: await this.viewFor(this.deps.db, actor, warning) };
    }
    return null;
  }
}
