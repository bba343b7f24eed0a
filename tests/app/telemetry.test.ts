import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../src/app/config.js';
import { startTelemetry } from '../../src/app/telemetry.js';
import { jobCounter } from '../../src/shared/metrics.js';

describe('telemetry', () => {
  it('is off without a connection string', async () => {
    expect(await startTelemetry(loadLocalConfig({}))).toBeNull();
  });

  it('starts with a connection string and shuts down cleanly (export itself is not verified here)', async () => {
    const bodies: string[] = [];
    const ingest = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('utf8'));
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"itemsReceived":1,"itemsAccepted":1,"errors":[]}');
      });
    });
    await new Promise<void>((r) => ingest.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(ingest.address() as AddressInfo).port}/`;
    const t = await startTelemetry(
      loadLocalConfig({
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=${endpoint}`,
      }),
    );
    expect(t).not.toBeNull();
    jobCounter.add(1, { job: 'test.job', result: 'ok' });
    await t!.shutdown();
    ingest.close();
    expect(bodies.join('')).not.toMatch(/@eksempel\\.dk/);
  }, 30_000);
});
