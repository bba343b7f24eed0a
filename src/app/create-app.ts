import type restify from 'restify';
import type { Config } from './config.js';
import { listenHost } from './config.js';
import { createServer } from './server.js';
import { botAuthOptions, deliveryLimits, graphInstallerOptions } from './options.js';
import { createHousekeepingModule } from './housekeeping.js';
import { rateBudgetFor } from '../delivery/rate-budget.js';
import { createModules, menuNotices, moduleList, type Modules } from './capabilities.js';
import { openDatabase } from '../db/open-database.js';
import type { Db } from '../db/database.js';
import { migrate, pendingMigrations } from '../db/migrate.js';
import { createAdapter } from '../platform/adapter.js';
import { DbStorage, storeItemsOf } from '../platform/db-storage.js';
import { TeamsBot } from '../platform/teams-bot.js';
import { PressStore } from '../platform/press-store.js';
import { BotFrameworkSender } from '../platform/proactive-sender.js';
import { PgBossScheduler } from '../delivery/pg-boss-scheduler.js';
import { createDeliveryEngine, type AppInstaller, type DeliveryEngine } from '../delivery/delivery-engine.js';
import { createDemoInbox } from '../delivery/demo-inbox.js';
import { RegistryService } from '../registry/registry-service.js';
import { seedMunicipalities } from '../registry/registry-repository.js';
import { menuCardFor } from '../menu/menu-module.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { DomainError } from '../shared/errors.js';
import { buildErrorCard } from '../ui/message-card.js';
import type { CoreDeps } from '../platform/capability.js';

export interface AppOverrides {
  clock?: Clock;
  log?: Logger;
  db?: Db;
  installer?: AppInstaller | null;
}

/** The core dependencies with the configuration they were built from (for tests, the CLI and benchmarks). */
export type AppDeps = CoreDeps & { config: Config };

export interface App {
  deps: AppDeps;
  /** Every capability, built once; the CLI, tests and benchmarks call their services. */
  modules: Modules;
  bot: TeamsBot;
  server: restify.Server;
  scheduler: PgBossScheduler;
  engine: DeliveryEngine;
  /** Starts listening; resolves to the base URL. */
  listen(port?: number): Promise<string>;
  stop(): Promise<void>;
}

/** The composition root: builds every part once and wires them; nothing else constructs services. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const db =
    overrides.db ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/pglite` }));
  await migrate(db);
  await seedMunicipalities(db);
  if (config.DDH_LOCAL) log.warn('Lokal tilstand: ingen Bot Framework-godkendelse; lytter kun på 127.0.0.1');

  const registry = new RegistryService(db, config.DDH_LOCAL);
  const adapter = createAdapter(botAuthOptions(config));
  const scheduler = new PgBossScheduler(db, clock, log, { pollSeconds: config.SCHEDULER_POLL_SECONDS });
  const installer =
    overrides.installer !== undefined
      ? overrides.installer
      : config.GRAPH_ENABLED
        ? // Loaded only when used: the Graph and Azure identity libraries cost start-up time otherwise.
          (await import('../delivery/graph-installer.js')).createGraphInstaller(graphInstallerOptions(config), log)
        : null;
  const sender = new BotFrameworkSender(adapter, config.MICROSOFT_APP_ID ?? '', config.TEAMS_SEND_TIMEOUT_MS);
  const engine = createDeliveryEngine({
    db,
    clock,
    log,
    limits: deliveryLimits(config),
    scheduler,
    sender,
    installer,
    demoInbox: config.DEMO_INBOX ? createDemoInbox() : null,
  });
  const core: CoreDeps = { db, clock, log, scheduler, delivery: engine.delivery, registry };
  const deps: AppDeps = { ...core, config };
  const modules = createModules(core, config);

  const presses = new PressStore(db);
  const bot = new TeamsBot(adapter, new DbStorage(db), {
    identify: (id) => registry.identify(id),
    loadTurn: (id, keys) =>
      registry.identifyWithTurnState(id, keys).then(({ actor, state }) => ({ actor, items: storeItemsOf(state) })),
    saveConversation: (c) => registry.rememberConversation(c),
    menu: async (turn, items, notice) =>
      menuCardFor(turn, items, [
        ...(notice ? [notice] : []),
        ...(turn.actor ? await menuNotices(modules, config.DDH_LOCAL, turn.actor) : []),
      ]),
    errorCard: (message) => buildErrorCard(new DomainError('INVALID_INPUT', message)),
    presses,
    log,
  });
  const housekeeping = createHousekeepingModule(core, presses);
  housekeeping.register(bot);
  for (const m of moduleList(modules)) m.register(bot);
  bot.wire();

  await scheduler.start();
  await engine.start();
  for (const m of moduleList(modules)) await m.start?.();
  await housekeeping.start?.();
  const server = createServer({
    config,
    bot,
    log,
    ready: async () => (await pendingMigrations(db)) === 0,
    ingestBudget: rateBudgetFor(db),
  });

  let stopped = false;
  return {
    deps,
    modules,
    bot,
    server,
    scheduler,
    engine,
    listen: (port = config.PORT) =>
      new Promise((resolve) => {
        const host = listenHost(config);
        server.listen(port, host, () => {
          const addr = server.address();
          resolve(`http://${host}:${addr.port}`);
        });
      }),
    async stop() {
      if (stopped) return;
      stopped = true;
      // Finish in-flight requests and jobs before the database goes away.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.stop();
      await scheduler.stop();
      if (!overrides.db) await db.close();
    },
  };
}
