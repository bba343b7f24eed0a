/** The daily retention purge of personal data, as a chain of durable timers (one per day, 03:00 UTC). */
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { RetentionService } from './retention-service.js';

export const PURGE_JOB = 'retention.purge';

export interface RetentionSettings {
  months: number;
}

export interface RetentionModule extends CapabilityModule {
  service: RetentionService;
}

export function createRetentionModule(deps: CoreDeps, settings: RetentionSettings): RetentionModule {
  const service = new RetentionService({ db: deps.db, clock: deps.clock, months: settings.months });
  const scheduleNext = async () => {
    const tomorrow = new Date(deps.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    await deps.scheduler.schedule(
      PURGE_JOB,
      {},
      { key: `retention:purge:${tomorrow}`, runAt: new Date(`${tomorrow}T03:00:00Z`) },
    );
  };
  return {
    name: 'retention',
    service,
    register() {
      deps.scheduler.work(PURGE_JOB, async () => {
        const report = await service.purge();
        deps.log.info({ purge: report.deleted, cutoff: report.cutoff }, 'retention purge');
        await scheduleNext();
      });
    },
    start: scheduleNext,
  };
}
