import restify from 'restify';
import type { Config } from './config.js';
import type { TeamsBot } from '../platform/teams-bot.js';
import type { HttpRequest } from '../platform/bot-app.js';
import { tenantOf } from '../platform/conversation-reference.js';
import type { Logger } from '../shared/logger.js';
import type { RateBudget } from '../delivery/rate-budget.js';

export interface ServerDeps {
  config: Config;
  bot: TeamsBot;
  log: Logger;
  ready: () => Promise<boolean>;
  /** The ingest budget: shared by every instance through PostgreSQL, in memory with the embedded database. */
  ingestBudget: RateBudget;
}

const MAX_BODY_BYTES = 1024 * 1024;
const RAW_TEXT_TYPES = new Set(['text/csv', 'text/tsv', 'text/tab-separated-values']);

/** restify with /api/messages, health probes and the capabilities' HTTP endpoints. */
export function createServer({ config, bot, log, ready, ingestBudget }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'ddh-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // CSV and TSV bodies (roster ingest) reach their handler as text, which reports bad rows itself;
  // restify's own fielded-text parser would answer them first with a bare 400.
  const readRaw = restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES });
  server.use((req, res, next) => {
    if (!RAW_TEXT_TYPES.has((req.contentType() ?? '').toLowerCase())) return next();
    readRaw(req, res, (err?: unknown) => {
      if (err) return next(err as Error);
      (req as unknown as { _parsedBody: boolean })._parsedBody = true;
      return next();
    });
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: false }));
  server.server.requestTimeout = 30_000;

  server.post('/api/messages', async (req, res) => {
    const tenant = tenantOf((req.body ?? {}) as object);
    if (config.ALLOWED_TENANT_IDS.length > 0 && (!tenant || !config.ALLOWED_TENANT_IDS.includes(tenant))) {
      log.warn({ tenantId: tenant }, 'activity from a tenant not on the allow-list refused');
      res.send(403, { error: 'tenant not allowed' });
      return;
    }
    const auth = req.headers.authorization;
    const out = await bot.handle(req.body, typeof auth === 'string' ? auth : '');
    if (out.body === undefined) res.send(out.status);
    else res.send(out.status, out.body);
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', async (_req, res) => {
    const ok = await ready().catch(() => false);
    res.send(ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' });
  });

  // Ingest senders (the contact-center platform, Plangy) get a budget each; a runaway client cannot starve the bot.
  const ingestWindows = [{ limit: config.INGEST_RATE_PER_MINUTE, ms: 60_000 }];
  for (const route of bot.routes) {
    server[route.method](route.path, async (req: restify.Request, res: restify.Response) => {
      if (route.path.startsWith('/api/ingest/')) {
        const sender = senderOf(req, config.TRUSTED_PROXY_HOPS);
        const wait = await ingestBudget.take([{ key: `ingest:${sender}`, windows: ingestWindows }]);
        if (wait > 0) {
          res.setHeader('retry-after', String(Math.ceil(wait / 1000)));
          res.send(429, { error: 'For mange forespørgsler; prøv igen senere.' });
          return;
        }
      }
      const request: HttpRequest = {
        body: req.body,
        rawBody:
          typeof (req as { rawBody?: unknown }).rawBody === 'string'
            ? (req as unknown as { rawBody: string }).rawBody
            : '',
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress ?? '',
        query: (req.query ?? {}) as Record<string, string | undefined>,
        params: (req.params ?? {}) as Record<string, string>,
      };
      try {
        const out = await route.handler(request);
        if (Buffer.isBuffer(out.body)) {
          res.writeHead(out.status, {
            'content-type': out.contentType ?? 'application/octet-stream',
            'content-length': out.body.length,
          });
          res.end(out.body);
          return;
        }
        if (out.contentType) res.setHeader('content-type', out.contentType);
        res.send(out.status, out.body);
      } catch (err) {
        log.error({ err, path: route.path }, 'endpoint failed');
        res.send(500, { error: 'Der opstod en intern fejl.' });
      }
    });
  }

  server.on('restifyError', (req, res, err, cb) => {
    // Never leak stack traces; restify's own errors (bad JSON, too large) keep their status.
    err.toJSON = () => ({ error: err.statusCode && err.statusCode < 500 ? err.message : 'Der opstod en intern fejl.' });
    return cb();
  });
  return server;
}

/**
 * Who is calling, for the ingest budget. Behind a proxy every request comes from the proxy's address; with
 * TRUSTED_PROXY_HOPS = n the caller is the address the n-th proxy from us appended to X-Forwarded-For (App Service's
 * front end appends one: n = 1). Entries further left are the caller's own claims and are not trusted.
 */
export function senderOf(
  req: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } },
  hops: number,
): string {
  const socket = req.socket.remoteAddress ?? '-';
  if (hops <= 0) return socket;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const entry = chain[chain.length - hops];
  // IPv4 with a port (App Service writes "203.0.113.7:51234"); IPv6 in brackets with a port.
  return entry ? entry.replace(/^\[(.+)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1') : socket;
}
