/**
 * A Bot Framework connector on 127.0.0.1 that records what the bot sends and can be told to fail:
 * the real HTTP path of botbuilder's ConnectorClient runs against it, nothing is mocked in-process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  /** Set for replies and updates. */
  activityId?: string;
  kind: 'send' | 'reply' | 'update' | 'delete' | 'create' | 'other';
  body: any;
  at: number;
  status: number;
}

export interface FaultRule {
  /** Which calls it hits; default all. */
  match?: (call: { method: string; path: string; conversationId: string; body: any }) => boolean;
  status: number;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** How many matching calls fail; default 1. Infinity for always. */
  times?: number;
  /** Body sent with the failure, e.g. { error: { code: 'ConversationNotFound' } }. */
  body?: unknown;
}

export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  /** When each request arrived, before any latency: a call in flight is here and not yet in `calls`. */
  readonly arrivals: { method: string; path: string; at: number }[] = [];
  private faults: (FaultRule & { left: number })[] = [];
  private latencyMs = 0;
  private nextId = 1;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  fail(rule: FaultRule): void {
    this.faults.push({ ...rule, left: rule.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Successful outgoing messages (new messages and replies), optionally to one conversation. */
  sent(conversationId?: string): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        c.status < 300 &&
        (c.kind === 'send' || c.kind === 'reply') &&
        (!conversationId || c.conversationId === conversationId),
    );
  }

  updates(conversationId?: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.status < 300 && c.kind === 'update' && (!conversationId || c.conversationId === conversationId),
    );
  }

  /** The Adaptive Card of a recorded call, if it carries one. */
  static cardOf(call: RecordedCall): any {
    return call.body?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      ?.content;
  }

  /** Waits until predicate holds over the calls, polling; throws after timeoutMs. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > end)
        throw new Error(`FakeConnector.waitFor timed out after ${timeoutMs} ms (${this.calls.length} calls)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  reset(): void {
    this.calls.length = 0;
    this.arrivals.length = 0;
    this.faults = [];
    this.latencyMs = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = decodeURIComponent((req.url ?? '').split('?')[0]);
    const m = /\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(path);
    const conversationId = m?.[1] ?? '';
    const activityId = m?.[2];
    const method = req.method ?? 'GET';
    this.arrivals.push({ method, path, at: Date.now() });
    let kind: RecordedCall['kind'] = 'other';
    if (method === 'POST' && path.replace(/\/$/, '').endsWith('/v3/conversations')) kind = 'create';
    else if (method === 'POST' && m && !activityId) kind = 'send';
    else if (method === 'POST' && activityId) kind = 'reply';
    else if (method === 'PUT' && activityId) kind = 'update';
    else if (method === 'DELETE' && activityId) kind = 'delete';

    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault = this.faults.find((f) => f.left > 0 && (!f.match || f.match({ method, path, conversationId, body })));
    const call: RecordedCall = { method, path, conversationId, activityId, kind, body, at: Date.now(), status: 200 };
    this.calls.push(call);
    res.setHeader('content-type', 'application/json');
    if (fault) {
      fault.left--;
      call.status = fault.status;
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', String(fault.retryAfter));
      res.statusCode = fault.status;
      res.end(JSON.stringify(fault.body ?? { error: { code: `Fault${fault.status}`, message: 'injected' } }));
      return;
    }
    const id =
      kind === 'update' ? activityId : kind === 'create' ? `a:created-${this.nextId++}` : `act-${this.nextId++}`;
    res.end(JSON.stringify(kind === 'create' ? { id, activityId: `act-${this.nextId++}` } : { id }));
  }
}

export async function startFakeConnector(): Promise<FakeConnector> {
  return new FakeConnector().start();
}
