/**
 * The adapter reuses one Bot Connector client per service URL instead of building a pipeline per activity;
 * replies must still go to the service URL of the activity they answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, TurnContext } from 'botbuilder';
import { createAdapter } from '../../src/platform/adapter.js';
import { loadLocalConfig } from '../../src/app/config.js';
import { botAuthOptions } from '../../src/app/options.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';

describe('DdhAdapter', () => {
  let a: FakeConnector;
  let b: FakeConnector;
  beforeAll(async () => {
    [a, b] = await Promise.all([startFakeConnector(), startFakeConnector()]);
  });
  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  const activity = (serviceUrl: string, n: number): Activity =>
    ({
      type: 'message',
      id: `m${n}`,
      text: `hej ${n}`,
      channelId: 'msteams',
      serviceUrl,
      from: { id: '29:u', name: 'Ulla Test' },
      recipient: { id: '28:bot', name: 'DDH' },
      conversation: { id: `personal-${n}`, conversationType: 'personal', tenantId: 't' },
    }) as Activity;

  it('reuses the connector and user-token clients per service URL, and replies where each activity came from', async () => {
    const adapter = createAdapter(botAuthOptions(loadLocalConfig({})));
    const seen: { connector: unknown; tokens: unknown }[] = [];
    const turn = (serviceUrl: string, n: number) =>
      adapter.authenticateAndRun('', activity(serviceUrl, n), async (ctx: TurnContext) => {
        seen.push({
          connector: ctx.turnState.get(ctx.adapter.ConnectorClientKey),
          tokens: ctx.turnState.get(adapter.UserTokenClientKey),
        });
        await ctx.sendActivity(`svar ${n}`);
      });
    await turn(a.url, 1);
    await turn(b.url, 2);
    await turn(a.url, 3);
    expect(seen[0].connector).toBeDefined();
    expect(seen[2].connector).toBe(seen[0].connector);
    expect(seen[1].connector).not.toBe(seen[0].connector);
    expect(seen[1].tokens).toBe(seen[0].tokens);
    expect(a.calls.map((c) => [c.conversationId, c.body.text])).toEqual([
      ['personal-1', 'svar 1'],
      ['personal-3', 'svar 3'],
    ]);
    expect(b.calls.map((c) => [c.conversationId, c.body.text])).toEqual([['personal-2', 'svar 2']]);
  });

  it('gives separate adapters separate clients', async () => {
    const clients: unknown[] = [];
    for (const adapter of [
      createAdapter(botAuthOptions(loadLocalConfig({}))),
      createAdapter(botAuthOptions(loadLocalConfig({}))),
    ]) {
      await adapter.authenticateAndRun(
        '',
        activity(a.url, 9),
        async (ctx) => void clients.push(ctx.turnState.get(ctx.adapter.ConnectorClientKey)),
      );
    }
    expect(clients[0]).not.toBe(clients[1]);
  });
});
