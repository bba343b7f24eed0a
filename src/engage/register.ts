/** Viva Engage (issue 8): posts asked for by other capabilities, and reading agents' delay posts. */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { ENGAGE_POST_JOB, handDelayNotice, type EngagePostRequest } from '../shared/engage-contract.js';
import { EngageAuth, engageLoginStatus } from './engage-auth.js';
import { YammerRestClient } from './engage-client.js';
import { tokenKey } from './engage-crypto.js';
import { EngageService } from './engage-service.js';

export const POLL_JOB = 'engage.poll';
const DEFAULT_BASE_URL = 'https://www.yammer.com';

export function engageAuthFor(deps: CapabilityDeps): EngageAuth | null {
  const c = deps.config;
  if (!c.ENGAGE_CLIENT_ID || !c.ENGAGE_TENANT_ID || !c.ENGAGE_TOKEN_KEY) return null;
  return new EngageAuth(deps.db, c.ENGAGE_CLIENT_ID, c.ENGAGE_TENANT_ID, tokenKey(c.ENGAGE_TOKEN_KEY));
}

export function engageServiceFor(deps: CapabilityDeps): EngageService {
  const auth = engageAuthFor(deps);
  const client = auth
    ? new YammerRestClient(deps.config.ENGAGE_BASE_URL ?? DEFAULT_BASE_URL, () => auth.token())
    : null;
  return new EngageService(deps.db, deps.clock, deps.delivery, client, {
    newsGroupId: deps.config.ENGAGE_NEWS_GROUP_ID ?? null,
    shiftGroupId: deps.config.ENGAGE_SHIFT_GROUP_ID ?? null,
    postTypes: deps.config.ENGAGE_POST_TYPES,
  });
}

export function register(_app: BotApp, deps: CapabilityDeps): void {
  const service = engageServiceFor(deps);
  deps.scheduler.work(ENGAGE_POST_JOB, async (payload, meta) => {
    await service.post(meta.key, payload as unknown as EngagePostRequest);
  });
  deps.scheduler.work(POLL_JOB, async () => {
    try {
      await service.poll((n) => handDelayNotice(deps.scheduler, n));
    } finally {
      await scheduleNextPoll(deps);
    }
  });
}

/** Polling is a chain of timers, one per interval, so it survives restarts and runs once across instances. */
async function scheduleNextPoll(deps: CapabilityDeps): Promise<void> {
  const every = deps.config.ENGAGE_POLL_SECONDS * 1000;
  const next = Math.ceil((deps.clock.now().getTime() + 1) / every) * every;
  await deps.scheduler.schedule(
    POLL_JOB,
    {},
    { key: `engage:poll:${new Date(next).toISOString()}`, runAt: new Date(next) },
  );
}

export async function start(deps: CapabilityDeps): Promise<void> {
  if (deps.config.ENGAGE_SHIFT_GROUP_ID && engageAuthFor(deps)) await scheduleNextPoll(deps);
}

/** Lines for the menu: whether Engage works. */
export async function engageNotices(deps: CapabilityDeps): Promise<string[]> {
  if (!engageAuthFor(deps)) return deps.config.DDH_LOCAL ? [] : ['Viva Engage er ikke sat op.'];
  const status = await engageLoginStatus(deps.db);
  return status === 'ok' ? [] : ['Viva Engage: login mangler eller er udløbet (npm run engage:login).'];
}
