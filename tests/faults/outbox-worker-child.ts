/**
 * A delivery worker in a process of its own (the SIGKILL and shared-limits tests): it sends what the outbox holds
 * until killed. Arguments: database URL, then optionally the per-conversation and per-tenant limits per second.
 */
import { createPgDatabase } from '../../src/db/pg-database.js';
import { createDeliveryEngine } from '../../src/delivery/delivery-engine.js';
import { PgBossScheduler } from '../../src/delivery/pg-boss-scheduler.js';
import { BotFrameworkSender } from '../../src/platform/proactive-sender.js';
import { DdhAdapter } from '../../src/platform/adapter.js';
import { createLogger } from '../../src/shared/logger.js';
import { systemClock } from '../../src/shared/clock.js';

const db = createPgDatabase(process.argv[2], 2);
const log = createLogger('silent');
const engine = createDeliveryEngine({
  db,
  clock: systemClock,
  log,
  limits: { perConversationPerSecond: Number(process.argv[3] ?? 7), perTenantPerSecond: Number(process.argv[4] ?? 50) },
  scheduler: new PgBossScheduler(db, systemClock, log, { pollSeconds: 1 }),
  sender: new BotFrameworkSender(new DdhAdapter({}), '', 60_000),
  installer: null,
});
await engine.start();
process.stdout.write('ready\n');
