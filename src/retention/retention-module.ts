/** The daily retention purge of personal data, as a chain of durable timers (one per day, 03:00 UTC). */
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { purgeExpired } from './retention-service.js';

export const PURGE_JOB = 'retention.purge';

export interface RetentionSettings {
  months: number;
}

export function createRetentionModule(deps: CoreDeps, settings: RetentionSettings): CapabilityModule {
  const scheduleNext = async () => {
    const next = new Date(deps.clock.now().getTime() + 86_400_000);
    const day = next.toISOString().slice(0, 10);
    await deps.scheduler.schedule(
      PURGE_JOB,
      {},
      { key: `retention:purge:${day}`, runAt: new Date(`${day}T03:00:00Z`) },
    );
  };
  return {
    name: 'retention',
    register() {
      deps.scheduler.work(PURGE_JOB, async () => {
        const r = await purgeExpired(deps.db, deps.clock.now(), settings.months);
        deps.log.info({ purge: r.deleted, cutoff: r.cutoff }, 'retention purge');
        await scheduleNext();
      });
    },
    start: scheduleNext,
  };
}
