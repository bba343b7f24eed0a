/** A Yammer REST v1 stand-in on 127.0.0.1: records posts, serves a community's messages, answers 429 or 401 on demand. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CommunityMessage {
  id: number;
  sender_id: number;
  created_at: string;
  body: { plain: string };
}

export interface YammerStandIn {
  server: Server;
  posts: { at: number; body: string; group: string }[];
  community: CommunityMessage[];
  /** The groups messages were read from, in order. */
  reads: string[];
  /** The next n requests get 429 with Retry-After: 7. */
  throttle(n: number): void;
  /** The next n requests get 401 (a lapsed token). */
  refuse(n: number): void;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function yammerStandIn(): YammerStandIn {
  const posts: YammerStandIn['posts'] = [];
  const community: CommunityMessage[] = [];
  const reads: string[] = [];
  let throttleNext = 0;
  let refuseNext = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    res.setHeader('content-type', 'application/json');
    if (throttleNext > 0) {
      throttleNext--;
      // Not writeHead(...).end(): restify replaces http.ServerResponse's writeHead in-process with one returning undefined.
      res.statusCode = 429;
      res.setHeader('retry-after', '7');
      res.end('{}');
      return;
    }
    if (refuseNext > 0) {
      refuseNext--;
      res.statusCode = 401;
      res.end('{}');
      return;
    }
    const url = new URL(req.url!, 'http://stand-in');
    if (req.method === 'POST' && url.pathname === '/api/v1/messages.json') {
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      posts.push({ at: Date.now(), body: form.get('body')!, group: form.get('group_id')! });
      res.end(JSON.stringify({ messages: [{ id: 1000 + posts.length }] }));
      return;
    }
    reads.push(decodeURIComponent(url.pathname.replace(/^\/api\/v1\/messages\/in_group\/|\.json$/g, '')));
    const newer = Number(url.searchParams.get('newer_than') ?? 0);
    res.end(
      JSON.stringify({
        messages: community.filter((message) => message.id > newer).reverse(),
        references: [{ type: 'user', id: 7, email: 'agent@eksempel.dk' }],
      }),
    );
  });
  return {
    server,
    posts,
    community,
    reads,
    throttle: (n) => (throttleNext = n),
    refuse: (n) => (refuseNext = n),
    listen: () =>
      new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
