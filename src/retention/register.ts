/** The daily retention purge, as a chain of durable timers (one per day, 03:00 UTC). */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { purgeExpired } from './retention-service.js';

export const PURGE_JOB = 'retention.purge';

export function register(_app: BotApp, deps: CapabilityDeps): void {
  deps.scheduler.work(PURGE_JOB, async () => {
    const r = await purgeExpired(deps.db, deps.clock.now(), deps.config.RETENTION_MONTHS);
    deps.log.info({ purge: r.deleted, cutoff: r.cutoff }, 'retention purge');
    await scheduleNext(deps);
  });
}

async function scheduleNext(deps: CapabilityDeps): Promise<void> {
  const next = new Date(deps.clock.now().getTime() + 86_400_000);
  const day = next.toISOString().slice(0, 10);
  await deps.scheduler.schedule(PURGE_JOB, {}, { key: `retention:purge:${day}`, runAt: new Date(`${day}T03:00:00Z`) });
}

export async function start(deps: CapabilityDeps): Promise<void> {
  await scheduleNext(deps);
}
