/**
 * The real bot for HTTP tests: the composition root, restify on 127.0.0.1, the real Teams AI
 * Application and Bot Framework adapter (local mode, no tokens), a real database, and a fake
 * Bot Connector on 127.0.0.1 that records every reply and proactive message.
 */
import { randomUUID } from 'node:crypto';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/app/config.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import type { AppDeps } from '../../src/app/create-app.js';
import { openTestDatabase, type DatabaseKind } from './databases.js';
import { countingDb, measured, type CountingDb } from './counting-db.js';
import { startFakeConnector, type FakeConnector } from './fake-connector.js';

export interface ConversationOptions {
  conversationId?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  replyToId?: string;
  tenantId?: string;
}

export interface HttpAnswer {
  status: number;
  body: any;
}

export interface TestApp {
  url: string;
  /** The database, counting statements on demand (issue 22: statements per action). */
  db: CountingDb;
  app: App;
  deps: AppDeps;
  clock: ManualClock;
  connector: FakeConnector;
  /** Posts a raw activity (merged over a default message from `from`). */
  activity(from: string, extra: Record<string, unknown>, conv?: ConversationOptions): Promise<HttpAnswer>;
  message(from: string, text: string, conv?: ConversationOptions): Promise<HttpAnswer>;
  execute(from: string, verb: string, data?: Record<string, unknown>, conv?: ConversationOptions): Promise<HttpAnswer>;
  submit(from: string, verb: string, data?: Record<string, unknown>, conv?: ConversationOptions): Promise<HttpAnswer>;
  /** Runs what is due at clock.now(): timers into the queue, jobs, outbox, until nothing is left. */
  runJobs(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  now?: string | Date;
  env?: Record<string, string>;
  database?: DatabaseKind;
  /** Where the bot logs (e.g. a capture for the no-personal-data test); silent by default. */
  log?: import('../../src/shared/logger.js').Logger;
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const connector = await startFakeConnector();
  const db = countingDb(await openTestDatabase(opts.database ?? 'pglite'));
  const clock = new ManualClock(new Date(opts.now ?? '2026-11-24T09:00:00Z'));
  const config = loadConfig({ DDH_LOCAL: '1', LOG_LEVEL: 'silent', SCHEDULER_POLL_SECONDS: '0.5', ...opts.env });
  const log = opts.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const app = await createApp(config, { clock, db, log, installer: null });
  // Each activity is measured work for db.counting; the background loops are not.
  const handle = app.bot.handle.bind(app.bot);
  app.bot.handle = (body, auth) => measured(() => handle(body, auth));
  const url = await app.listen(0);

  const post = async (activity: Record<string, unknown>): Promise<HttpAnswer> => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body };
  };

  const base = (from: string, conv: ConversationOptions = {}) => {
    const tenantId = conv.tenantId ?? 'tenant-test';
    return {
      type: 'message',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: `29:${from}`, aadObjectId: from, name: 'Testbruger' },
      recipient: { id: '28:ddh-bot', name: 'DDH' },
      conversation: {
        id: conv.conversationId ?? `personal-${from}`,
        conversationType: conv.conversationType ?? 'personal',
        tenantId,
        isGroup: (conv.conversationType ?? 'personal') !== 'personal',
      },
      channelData: { tenant: { id: tenantId } },
      locale: 'da-DK',
      replyToId: conv.replyToId,
    };
  };

  const t: TestApp = {
    url,
    db,
    app,
    deps: app.deps,
    clock,
    connector,
    activity: (from, extra, conv) => post({ ...base(from, conv), ...extra }),
    message: (from, text, conv) => post({ ...base(from, conv), text }),
    execute: (from, verb, data = {}, conv) =>
      post({
        ...base(from, conv),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    submit: (from, verb, data = {}, conv) => post({ ...base(from, conv), value: { ...data, verb } }),
    async runJobs() {
      // Jobs enqueue messages and message outcomes schedule jobs: settle both until quiet.
      for (let i = 0; i < 3; i++) {
        await app.scheduler.drain();
        await app.engine.drain();
      }
    },
    async stop() {
      await app.stop();
      await db.close();
      await connector.stop();
    },
  };
  return t;
}
