/**
 * How a capability plugs into the bot. Each capability folder has one `<cap>-module.ts` with
 * `create<Cap>Module(deps)`: it builds the capability's services once and returns a module whose `register(app)`
 * adds its card verbs, menu items, text and file handlers, HTTP endpoints and job handlers. The composition root
 * (src/app/capabilities.ts) builds every module from the configuration; the CLI, tests and benchmarks use the same
 * modules, so nothing else constructs services.
 */
import type { Db } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { Actor } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { BotApp } from './bot-app.js';

/** What every capability gets from the composition root; its own settings come beside it, narrow and typed. */
export interface CoreDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  scheduler: JobScheduler;
  delivery: Delivery;
  registry: RegistryService;
}

export interface CapabilityModule {
  readonly name: string;
  /** Runs once, before the job queue starts (job handlers must be known by then). */
  register(app: BotApp): void;
  /** Runs after the job queue has started: e.g. planning timers for data that already exists. */
  start?(): Promise<void>;
  /** Lines under the menu telling this person what is switched off or needs their attention. */
  menuNotices?(actor: Actor): Promise<string[]>;
}
