/**
 * What the composition root hands every capability's `register(app, deps)`.
 * Type-only imports: capabilities depend on these interfaces, never on how they are built.
 */
import type { Config } from '../app/config.js';
import type { Db } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

export interface CapabilityDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  scheduler: JobScheduler;
  delivery: Delivery;
  registry: RegistryService;
}
