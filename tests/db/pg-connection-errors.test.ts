/**
 * A server that goes away just as a connection is handed out: PostgreSQL shutting down sends ReadyForQuery and
 * then FATAL 57P01 ("terminating connection due to administrator command"), often in one TCP packet. The pool
 * hands the client over inside that packet's handler, before any listener of ours exists; the error must reach
 * the caller as a failed transaction, never the process as an uncaught exception. A tiny stand-in server on
 * 127.0.0.1 speaks just enough of the wire protocol to send exactly that sequence, every time.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgDatabase } from '../../src/db/pg-database.js';

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'ascii');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

const fields = (f: Record<string, string>) =>
  Buffer.concat([...Object.entries(f).map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')), Buffer.from([0])]);

/** Accepts the startup message, then answers "ready" and "terminated by the administrator" in one write. */
function startDyingServer(): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write(
        Buffer.concat([
          message('R', int32(0)),
          message('Z', Buffer.from('I')),
          message(
            'E',
            fields({ S: 'FATAL', V: 'FATAL', C: '57P01', M: 'terminating connection due to administrator command' }),
          ),
        ]),
      );
      socket.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port, sockets }),
    ),
  );
}

describe('pg connections that die as they are handed out', () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    stop = null;
  });

  it('fails the transaction instead of raising an uncaught error', async () => {
    const { server, port, sockets } = await startDyingServer();
    const db = createPgDatabase(`postgres://postgres@127.0.0.1:${port}/test`, 2);
    stop = async () => {
      await db.close().catch(() => undefined);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    };
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      for (let i = 0; i < 5; i++) {
        await expect(db.withTransaction((tx) => tx.query('SELECT 1'))).rejects.toThrow();
        await expect(db.query('SELECT 1')).rejects.toThrow();
      }
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
