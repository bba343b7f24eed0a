/**
 * KPI warnings (issue 6): the monthly import (file in the secretariat's chat, or `npm run import -- kpi FILE`),
 * warnings and follow-up to the municipalities, the training list and its check before shifts.
 */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { TREND_AS_CHART, viewableMunicipalities, type KpiThresholds } from './kpi-domain.js';
import { KPI_VERBS } from './kpi-cards.js';
import { KpiViews } from './kpi-views.js';
import { KpiDispatchService } from './kpi-dispatch-service.js';
import { KpiImportService } from './kpi-import-service.js';
import { KpiWarningService } from './kpi-warning-service.js';
import { KpiShiftGate, SHIFT_GATE_JOB } from './kpi-shift-gate.js';
import { KpiHandlers } from './kpi-handlers.js';

export interface KpiModule {
  imports: KpiImportService;
  warnings: KpiWarningService;
  shiftGate: KpiShiftGate;
}

export function thresholdsOf(config: CapabilityDeps['config']): KpiThresholds {
  return {
    resolutionPercent: config.KPI_RESOLUTION_THRESHOLD,
    satisfactionAbove: config.KPI_SATISFACTION_THRESHOLD,
    minCalls: config.KPI_MIN_CALLS,
    minAnswers: config.KPI_MIN_SATISFACTION_ANSWERS,
  };
}

/** Builds the KPI services from the shared dependencies (also used by the command line and benchmarks). */
export function createKpiModule(deps: CapabilityDeps): KpiModule {
  const thresholds = thresholdsOf(deps.config);
  const views = new KpiViews(thresholds, TREND_AS_CHART);
  const warningRoles = deps.config.KPI_WARNING_ROLES;
  const shiftGate = new KpiShiftGate({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    scheduler: deps.scheduler,
  });
  const dispatch = new KpiDispatchService({
    clock: deps.clock,
    delivery: deps.delivery,
    scheduler: deps.scheduler,
    views,
    thresholds,
    warningRoles,
    agenda: { db: deps.db, clock: deps.clock, delivery: deps.delivery, deadlineDays: deps.config.AGENDA_DEADLINE_DAYS },
  });
  const imports = new KpiImportService({
    db: deps.db,
    clock: deps.clock,
    thresholds,
    dispatch,
    startShiftGate: (tx) => shiftGate.start(tx),
  });
  const warnings = new KpiWarningService({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    views,
    thresholds,
    warningRoles,
  });
  return { imports, warnings, shiftGate };
}

/** The import use case (kept for callers that only import files: tests, the playground, benchmarks). */
export function kpiServiceFor(deps: CapabilityDeps): KpiImportService {
  return createKpiModule(deps).imports;
}

export function register(app: BotApp, deps: CapabilityDeps): void {
  const kpi = createKpiModule(deps);
  const h = new KpiHandlers(kpi.imports, kpi.warnings);

  app.addMenuItem({
    title: 'Indlæs månedens KPI-tal',
    verb: KPI_VERBS.upload,
    order: 40,
    visible: (a, t) => a.secretariat && t.conversation.type === 'personal',
  });
  app.addMenuItem({
    title: 'KPI for min kommune',
    verb: KPI_VERBS.overview,
    order: 41,
    visible: (a, t) => t.conversation.type === 'personal' && (a.secretariat || viewableMunicipalities(a).length > 0),
  });
  app.onAction(KPI_VERBS.upload, h.upload);
  app.onAction(KPI_VERBS.overview, h.overview);
  app.onAction(KPI_VERBS.acknowledge, h.acknowledge);
  app.onAction(KPI_VERBS.plan, h.plan);
  app.onAction(KPI_VERBS.trainingDone, h.trainingDone);
  app.onText(/^kpi(\s+\d{3})?\s*$/i, h.overviewText);
  // The app has one file handler and only KPI takes files; the handler tells files apart by their content.
  app.onFile(h.file);
  deps.scheduler.work(SHIFT_GATE_JOB, async () => {
    await kpi.shiftGate.check();
  });
}
