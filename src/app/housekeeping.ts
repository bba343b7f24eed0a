/** The platform's own daily chores, as a chain of durable timers like every other timed job. */
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import type { PressStore } from '../platform/press-store.js';

export const PURGE_PRESSES_JOB = 'platform.purge-presses';
/** Teams retries a press within minutes; two days leaves room for a device that was offline. */
const KEEP_PRESSES_DAYS = 2;

export function createHousekeepingModule(deps: CoreDeps, presses: PressStore): CapabilityModule {
  const scheduleNext = async () => {
    const day = new Date(deps.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    await deps.scheduler.schedule(
      PURGE_PRESSES_JOB,
      {},
      { key: `platform:purge-presses:${day}`, runAt: new Date(`${day}T02:30:00Z`) },
    );
  };
  return {
    name: 'housekeeping',
    register() {
      deps.scheduler.work(PURGE_PRESSES_JOB, async () => {
        const removed = await presses.purgeOlderThan(KEEP_PRESSES_DAYS);
        deps.log.info({ removed }, 'card presses purged');
        await scheduleNext();
      });
    },
    start: scheduleNext,
  };
}
