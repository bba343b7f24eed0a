/** The secretariat's reports: "Rapporter" in the menu, a card per report, and their CSV files behind signed links. */
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { ReportLinks } from './report-links.js';
import { REPORTS_VERBS } from './reports-cards.js';
import { ReportsHandlers } from './reports-handlers.js';
import { ReportsService } from './reports-service.js';

export interface ReportsSettings {
  /** The bot's public address, for the CSV links on the cards. */
  baseUrl: string;
  linkSecret: string;
  zone: string;
  /** Graph installs the app for people without a chat (the reachability report says so). */
  graphEnabled: boolean;
  /** The local demo's inbox is on (the reachability card explains it). */
  demoInbox: boolean;
}

export interface ReportsModule extends CapabilityModule {
  service: ReportsService;
}

export function createReportsModule(deps: CoreDeps, settings: ReportsSettings): ReportsModule {
  const links = new ReportLinks(settings.linkSecret, settings.baseUrl.replace(/\/+$/, ''), deps.clock);
  const service = new ReportsService({
    db: deps.db,
    clock: deps.clock,
    zone: settings.zone,
    links,
    graphEnabled: settings.graphEnabled,
    demo: settings.demoInbox,
  });
  const handlers = new ReportsHandlers(service);
  return {
    name: 'reports',
    service,
    register(app) {
      app.addMenuItem({
        title: 'Rapporter',
        verb: REPORTS_VERBS.menu,
        order: 800,
        visible: (actor) => actor.secretariat,
      });
      app.onAction(REPORTS_VERBS.menu, handlers.menu);
      app.onAction(REPORTS_VERBS.noShows, handlers.noShows);
      app.onAction(REPORTS_VERBS.decisions, handlers.decisions);
      app.onAction(REPORTS_VERBS.deliveries, handlers.deliveries);
      app.onAction(REPORTS_VERBS.reach, handlers.reach);
      app.onHttp('get', '/api/reports/:file', handlers.download);
    },
  };
}
