/**
 * KPI warnings: the monthly import (file in the secretariat's chat, or `npm run import -- kpi FILE`),
 * warnings and follow-up to the municipalities, the training list and its check before shifts.
 */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import type { MunicipalRole } from '../registry/registry-types.js';
import type { AgendaPublic } from '../agenda/agenda-public.js';
import { TREND_AS_CHART, viewableMunicipalities, type KpiThresholds } from './kpi-domain.js';
import { KPI_VERBS } from './kpi-cards.js';
import { MunicipalityViews } from './kpi-municipality-view.js';
import { KpiDispatchService } from './kpi-dispatch-service.js';
import { KpiImportService } from './kpi-import-service.js';
import { KpiWarningService } from './kpi-warning-service.js';
import { KpiShiftGate, SHIFT_GATE_JOB } from './kpi-shift-gate.js';
import { KpiHandlers } from './kpi-handlers.js';
import type { KpiAveraging } from './kpi-averaging.js';

export interface KpiSettings {
  thresholds: KpiThresholds;
  /** Which of a municipality's roles receive its warning. */
  warningRoles: MunicipalRole[];
  /** KPI_AVERAGING: how a municipality's straksafklaring is averaged over its agents (kpi-averaging.ts). */
  averaging?: KpiAveraging;
}

/** What KPI uses of other capabilities, through their public faces. */
export interface KpiNeighbours {
  agenda: AgendaPublic;
}

export interface KpiModule extends CapabilityModule {
  imports: KpiImportService;
  /** What an import sends; the import service calls it in its transaction. */
  dispatch: KpiDispatchService;
  warnings: KpiWarningService;
  shiftGate: KpiShiftGate;
}

/** Builds the KPI services once (the command line, tests and benchmarks use the same module). */
export function createKpiModule(deps: CoreDeps, settings: KpiSettings, neighbours: KpiNeighbours): KpiModule {
  const { warningRoles } = settings;
  const thresholds = { ...settings.thresholds, averaging: settings.averaging ?? 'calls' };
  const views = new MunicipalityViews(thresholds, TREND_AS_CHART);
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
    agenda: neighbours.agenda,
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
  return {
    name: 'kpi',
    imports,
    dispatch,
    warnings,
    shiftGate,
    register(app: BotApp) {
      const handlers = new KpiHandlers(imports, warnings);
      app.addMenuItem({
        title: 'Indlæs månedens KPI-tal',
        verb: KPI_VERBS.upload,
        order: 40,
        visible: (actor, turn) => actor.secretariat && turn.conversation.type === 'personal',
      });
      app.addMenuItem({
        title: 'KPI for min kommune',
        verb: KPI_VERBS.overview,
        order: 41,
        visible: (actor, turn) =>
          turn.conversation.type === 'personal' && (actor.secretariat || viewableMunicipalities(actor).length > 0),
      });
      app.onAction(KPI_VERBS.upload, handlers.upload);
      app.onAction(KPI_VERBS.overview, handlers.overview);
      app.onAction(KPI_VERBS.acknowledge, handlers.acknowledge);
      app.onAction(KPI_VERBS.plan, handlers.plan);
      app.onAction(KPI_VERBS.trainingDone, handlers.trainingDone);
      app.onText(/^kpi(\s+\d{3})?\s*$/i, handlers.overviewText);
      // The app has one file handler and only KPI takes files; the handler tells files apart by their content.
      app.onFile(handlers.file);
      deps.scheduler.work(SHIFT_GATE_JOB, async () => {
        await shiftGate.check();
      });
    },
  };
}
