/**
 * EngageService's contract: each requested post reaches the news community at most once per key (skipped when
 * switched off or not set up, a failed attempt tried again, a post left 'posting' never repeated), delay posts in
 * the shift community are handed on once each, and a lapsed login tells the secretariat's chat once a day.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngageAuthError, EngageRateLimited, YammerRestClient } from '../../src/engage/engage-client.js';
import type { DelayNotice } from '../../src/engage/engage-public.js';
import { composePost, EngageService, MAX_POST_CHARS, type EngageGroups } from '../../src/engage/engage-service.js';
import { FakeConnector } from '../support/fake-connector.js';
import { testDatabases } from '../support/databases.js';
import { addPerson } from '../support/registry-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { yammerStandIn } from './yammer-stand-in.js';

const GROUPS: EngageGroups = { newsGroupId: 'news', shiftGroupId: 'shift', postTypes: ['agenda', 'decision'] };
const SECRETARIAT_CHAT = '19:sekretariat@thread.v2';
const AGENDA = {
  kind: 'agenda' as const,
  title: 'Dagsorden',
  body: 'Punkter',
  link: 'https://teams.example/dagsorden',
};

describe('composePost', () => {
  it('writes title, body and link as plain text, and cuts long bodies with a note', () => {
    expect(composePost(AGENDA)).toBe('Dagsorden\n\nPunkter\n\nhttps://teams.example/dagsorden');
    const long = composePost({ kind: 'agenda', title: '*T*', body: 'x'.repeat(10_000) });
    expect(long.length).toBeLessThanOrEqual(MAX_POST_CHARS);
    expect(long).toMatch(/^\*T\*\n\nx+\n… \(forkortet; se Teams\)$/);
  });
});

describe.each(testDatabases())('EngageService on %s', (kind) => {
  let app: TestApp;
  const yammer = yammerStandIn();
  let baseUrl: string;
  /** A fresh client per service: the limiter's budget is per client, and these tests make many requests. */
  const service = (groups: EngageGroups = GROUPS, configured = true) =>
    new EngageService({
      db: app.deps.db,
      clock: app.clock,
      delivery: app.deps.delivery,
      client: configured ? new YammerRestClient(baseUrl, async () => 'token') : null,
      groups,
    });
  const postRow = async (key: string) =>
    (
      await app.deps.db.query<{ state: string; reason: string | null; message_id: string | null }>(
        'SELECT state, reason, message_id FROM engage_posts WHERE key = $1',
        [key],
      )
    ).rows[0];
  const lapsedLoginRows = async () =>
    (await app.deps.db.query<{ key: string }>(`SELECT key FROM outbox WHERE key LIKE 'engage:login-lapsed:%'`)).rows;

  beforeAll(async () => {
    baseUrl = await yammer.listen();
    app = await startTestApp({ database: kind });
    const secretary = '11111111-2222-4333-8444-0000000000e1';
    await addPerson(app.deps.db, { name: 'Sigrid Sekretær', objectId: secretary, secretariat: true });
    const chat = { conversationId: SECRETARIAT_CHAT, conversationType: 'groupChat' as const };
    await app.execute(secretary, 'menu.register-chat.save', { purpose: 'sekretariat' }, chat);
  });
  beforeEach(() => {
    yammer.posts.length = 0;
  });
  afterAll(async () => {
    await app.stop();
    await yammer.close();
  });

  describe('post', () => {
    it('posts once per key to the news community, even when the job runs again', async () => {
      const engage = service();
      expect(await engage.post('engage:post:agenda:1', AGENDA)).toBe('posted');
      expect(await engage.post('engage:post:agenda:1', AGENDA)).toBe('already');
      expect(yammer.posts).toHaveLength(1);
      expect(yammer.posts[0]).toMatchObject({ group: 'news', body: composePost(AGENDA) });
      expect(await postRow('engage:post:agenda:1')).toEqual({ state: 'posted', reason: null, message_id: '1001' });
    });

    it('skips kinds that are switched off, and everything while Engage is not set up, for good', async () => {
      const summary = { kind: 'kpi-summary' as const, title: 'KPI', body: '...' };
      expect(await service().post('engage:post:kpi:1', summary)).toBe('skipped');
      expect(await postRow('engage:post:kpi:1')).toMatchObject({
        state: 'skipped',
        reason: 'opslag af typen kpi-summary er slået fra',
      });
      expect(await service(GROUPS, false).post('engage:post:agenda:2', AGENDA)).toBe('skipped');
      expect(await service({ ...GROUPS, newsGroupId: null }).post('engage:post:agenda:3', AGENDA)).toBe('skipped');
      expect(await postRow('engage:post:agenda:2')).toMatchObject({ reason: 'Viva Engage er ikke sat op' });
      expect(await service().post('engage:post:agenda:2', AGENDA)).toBe('already');
      expect(yammer.posts).toHaveLength(0);
    });

    it('passes a 429 on with its Retry-After, records the failure, and the retry posts once', async () => {
      const decision = { kind: 'decision' as const, title: 'Beslutning', body: 'Vedtaget' };
      yammer.throttle(1);
      const engage = service();
      const error = await engage.post('engage:post:decision:9', decision).catch((thrown) => thrown);
      expect(error).toBeInstanceOf(EngageRateLimited);
      expect((error as EngageRateLimited).retryAfterMs).toBe(7000);
      expect(await postRow('engage:post:decision:9')).toMatchObject({ state: 'failed' });
      expect(await engage.post('engage:post:decision:9', decision)).toBe('posted');
      expect(await engage.post('engage:post:decision:9', decision)).toBe('already');
      expect(yammer.posts).toHaveLength(1);
    });

    it('never repeats a post left "posting" by a process that died mid-call', async () => {
      await app.deps.db.query(
        `INSERT INTO engage_posts (key, kind, title, body, state) VALUES ('engage:post:agenda:7', 'agenda', 'D', 'P', 'posting')`,
      );
      expect(await service().post('engage:post:agenda:7', AGENDA)).toBe('already');
      expect(yammer.posts).toHaveLength(0);
    });

    it('tells the secretariat once a day when the login has lapsed, and throws for the job queue', async () => {
      expect(await lapsedLoginRows()).toEqual([]);
      yammer.refuse(2);
      await expect(service().post('engage:post:agenda:11', AGENDA)).rejects.toBeInstanceOf(EngageAuthError);
      await expect(service().post('engage:post:agenda:11', AGENDA)).rejects.toBeInstanceOf(EngageAuthError);
      expect(await postRow('engage:post:agenda:11')).toMatchObject({ state: 'failed' });
      expect(await lapsedLoginRows()).toEqual([{ key: 'engage:login-lapsed:2026-11-24' }]);
      await app.runJobs();
      await app.connector.waitFor(() => app.connector.sent(SECRETARIAT_CHAT).length > 0);
      const card = FakeConnector.cardOf(app.connector.sent(SECRETARIAT_CHAT).at(-1)!);
      expect(JSON.stringify(card)).toContain('Viva Engage: login er udløbet');
    });
  });

  describe('poll', () => {
    it('reads nothing while the shift community is not set up', async () => {
      const before = yammer.reads.length;
      expect(await service({ ...GROUPS, shiftGroupId: null }).poll(async () => undefined)).toBe(0);
      expect(await service(GROUPS, false).poll(async () => undefined)).toBe(0);
      expect(yammer.reads).toHaveLength(before);
    });

    it('hands each new delay post on once, moving its cursor', async () => {
      yammer.community.push({
        id: 501,
        sender_id: 7,
        created_at: '2026-11-24T07:03:00Z',
        body: { plain: 'Jeg er forsinket 10 min' },
      });
      const handed: DelayNotice[] = [];
      const engage = service();
      expect(await engage.poll(async (notice) => handed.push(notice))).toBe(1);
      expect(await engage.poll(async (notice) => handed.push(notice))).toBe(0);
      yammer.community.push({
        id: 502,
        sender_id: 7,
        created_at: '2026-11-24T07:04:00Z',
        body: { plain: 'Teknisk problem ' + 'x'.repeat(3000) },
      });
      expect(await engage.poll(async (notice) => handed.push(notice))).toBe(1);
      expect(handed.map((notice) => [notice.messageId, notice.senderEmail, notice.postedAt])).toEqual([
        ['501', 'agent@eksempel.dk', '2026-11-24T07:03:00.000Z'],
        ['502', 'agent@eksempel.dk', '2026-11-24T07:04:00.000Z'],
      ]);
      expect(handed[1].text).toHaveLength(2000);
      expect(yammer.reads.at(-1)).toBe('shift');
      const cursor = await app.deps.db.query('SELECT last_message_id FROM engage_cursor WHERE group_id = $1', [
        'shift',
      ]);
      expect(cursor.rows).toEqual([{ last_message_id: '502' }]);
    });

    it('reports a lapsed login met while reading, and throws', async () => {
      await app.deps.db.query(`DELETE FROM outbox WHERE key LIKE 'engage:login-lapsed:%'`);
      yammer.refuse(1);
      await expect(service().poll(async () => undefined)).rejects.toBeInstanceOf(EngageAuthError);
      expect(await lapsedLoginRows()).toHaveLength(1);
    });
  });
});
