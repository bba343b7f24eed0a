/** Viva Engage: posts asked for by other capabilities, and reading agents' delay posts. */
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { ENGAGE_POST_JOB, handDelayNotice, type EngagePostRequest } from './engage-public.js';
import { EngageAuth } from './engage-auth.js';
import { YammerRestClient } from './engage-client.js';
import { tokenKey } from './engage-crypto.js';
import { EngageService } from './engage-service.js';
import { EngageStatusService } from './engage-status-service.js';
import { ENGAGE_WORDS, EngageHandlers } from './engage-handlers.js';

export const POLL_JOB = 'engage.poll';
const DEFAULT_BASE_URL = 'https://www.yammer.com';

export interface EngageSettings {
  clientId: string | undefined;
  tenantId: string | undefined;
  /** Encrypts the service account's token cache at rest. */
  tokenKey: string | undefined;
  baseUrl: string | undefined;
  newsGroupId: string | undefined;
  shiftGroupId: string | undefined;
  postTypes: string[];
  pollSeconds: number;
}

export interface EngageModule extends CapabilityModule {
  service: EngageService;
  status: EngageStatusService;
  /** Null when Engage is not configured. */
  auth: EngageAuth | null;
}

export function createEngageModule(deps: CoreDeps, settings: EngageSettings): EngageModule {
  const { db, clock, scheduler } = deps;
  const auth =
    settings.clientId && settings.tenantId && settings.tokenKey
      ? new EngageAuth(db, settings.clientId, settings.tenantId, tokenKey(settings.tokenKey))
      : null;
  const client = auth ? new YammerRestClient(settings.baseUrl ?? DEFAULT_BASE_URL, () => auth.token()) : null;
  const service = new EngageService({
    db,
    clock,
    delivery: deps.delivery,
    client,
    groups: {
      newsGroupId: settings.newsGroupId ?? null,
      shiftGroupId: settings.shiftGroupId ?? null,
      postTypes: settings.postTypes,
    },
  });

  const status = new EngageStatusService({
    setup: {
      configured: auth !== null,
      newsGroup: Boolean(settings.newsGroupId),
      shiftGroup: Boolean(settings.shiftGroupId),
      postTypes: settings.postTypes,
    },
    loginStatus: auth ? () => auth.status() : null,
  });
  const handlers = new EngageHandlers(status);

  /** Polling is a chain of timers, one per interval, so it survives restarts and runs once across instances. */
  const scheduleNextPoll = async () => {
    const every = settings.pollSeconds * 1000;
    const next = Math.ceil((clock.now().getTime() + 1) / every) * every;
    await scheduler.schedule(
      POLL_JOB,
      {},
      { key: `engage:poll:${new Date(next).toISOString()}`, runAt: new Date(next) },
    );
  };

  return {
    name: 'engage',
    service,
    status,
    auth,
    register(app) {
      app.onText(ENGAGE_WORDS, handlers.statusText);
      scheduler.work(ENGAGE_POST_JOB, async (payload, meta) => {
        await service.post(meta.key, payload as unknown as EngagePostRequest);
      });
      scheduler.work(POLL_JOB, async () => {
        try {
          await service.poll((notice) => handDelayNotice(scheduler, notice));
        } finally {
          await scheduleNextPoll();
        }
      });
    },
    async start() {
      if (settings.shiftGroupId && auth) await scheduleNextPoll();
    },
    /** Whether Engage works, for the secretariat's menu (not set up / logged in / login lapsed). */
    menuNotices: (actor) => status.menuLines(actor),
  };
}
