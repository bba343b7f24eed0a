/** Builds the shifts services once from the capability deps (used by register, the CLI and benchmarks). */
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { AlertService } from './shifts-alert-service.js';
import { DEFAULT_NOSHOW_POLICY, type NoShowPolicy } from './shifts-domain.js';
import { RosterService } from './shifts-roster-service.js';
import { NoShowService } from './shifts-service.js';

export interface ShiftsServices {
  alerts: AlertService;
  noShows: NoShowService;
  roster: RosterService;
  policy: NoShowPolicy;
  zone: string;
}

export function policyFromConfig(config: CapabilityDeps['config']): NoShowPolicy {
  return {
    graceMinutes: config.NOSHOW_GRACE_MINUTES ?? DEFAULT_NOSHOW_POLICY.graceMinutes,
    secondaryAfterMinutes: config.NOSHOW_SECONDARY_AFTER_MINUTES ?? DEFAULT_NOSHOW_POLICY.secondaryAfterMinutes,
    secretariatAfterMinutes: config.NOSHOW_SECRETARIAT_AFTER_MINUTES ?? DEFAULT_NOSHOW_POLICY.secretariatAfterMinutes,
  };
}

export function createShiftsServices(deps: CapabilityDeps): ShiftsServices {
  const policy = policyFromConfig(deps.config);
  const zone = deps.config.TIMEZONE;
  const log = deps.log.child({ cap: 'shifts' });
  const alerts = new AlertService({ delivery: deps.delivery, clock: deps.clock, log });
  const noShows = new NoShowService({ db: deps.db, clock: deps.clock, scheduler: deps.scheduler, log, alerts, policy });
  const roster = new RosterService({
    db: deps.db,
    clock: deps.clock,
    scheduler: deps.scheduler,
    log,
    noShows,
    alerts,
    policy,
    zone,
  });
  return { alerts, noShows, roster, policy, zone };
}
