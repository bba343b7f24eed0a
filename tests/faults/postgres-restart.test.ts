/**
 * PostgreSQL restarted under the running bot: committed actions survive, and the bot recovers without a
 * restart of its own. Runs a private PostgreSQL cluster (initdb on a free port) so the machine's shared one
 * is never disturbed; skipped where the PostgreSQL server binaries are not installed.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../src/app/config.js';
import { createApp, type App } from '../../src/app/create-app.js';
import { createPgDatabase } from '../../src/db/pg-database.js';
import { createLogger } from '../../src/shared/logger.js';
import { ManualClock } from '../../src/shared/clock.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';

const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
const bin = versions.length ? `/usr/lib/postgresql/${versions.sort().at(-1)}/bin` : '';
const usable = Boolean(bin) && existsSync(`${bin}/initdb`) && process.getuid?.() === 0;
const PORT = 55433;

const asPostgres = (cmd: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/${cmd}`, ...args], { stdio: 'pipe', timeout: 60_000 });

describe.skipIf(!usable)('PostgreSQL restarted while the bot runs', () => {
  let dir = '';
  let app: App;
  let url = '';
  let connector: FakeConnector;
  const user = 'f0000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ddh-pg-'));
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    asPostgres('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres']);
    asPostgres('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-o',
      `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
    ]);
    const db = createPgDatabase(`postgres://postgres@127.0.0.1:${PORT}/postgres`, 5);
    connector = await startFakeConnector();
    app = await createApp(loadLocalConfig({ LOG_LEVEL: 'silent', SCHEDULER_POLL_SECONDS: '0.5' }), {
      db,
      log: createLogger('silent'),
      clock: new ManualClock(new Date('2026-11-24T09:00:00Z')),
      installer: null,
    });
    url = await app.listen(0);
    await addMembers(db, [791]);
    await addPerson(db, { name: 'Rita Restart', objectId: user, roles: [[791, 'repraesentant']] });
  }, 120_000);

  afterAll(async () => {
    await app?.stop().catch(() => undefined);
    await app?.deps.db.close().catch(() => undefined);
    await connector?.stop();
    if (dir) {
      try {
        asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const submit = async (meetingId: number, title: string) => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: title,
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: `29:${user}`, aadObjectId: user },
        recipient: { id: '28:bot' },
        conversation: { id: `personal-${user}`, conversationType: 'personal', tenantId: 't' },
        value: {
          action: {
            type: 'Action.Execute',
            verb: AGENDA_VERBS.submit,
            data: { meetingId: String(meetingId), title, markers: 'O', presenter: 'Rita, Viborg' },
          },
        },
      }),
    });
    return { status: res.status, text: await res.text() };
  };

  it('keeps what was committed and serves again once PostgreSQL is back', async () => {
    const meeting = await addMeeting(app.deps.db, { startsAt: '2026-12-20T09:00:00Z' });
    expect((await submit(meeting.id, 'Før genstart')).text).toContain('Kvittering');
    // A transaction caught between two statements by the restart must fail, not take the process down.
    let resume!: () => void;
    let begun!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    const running = new Promise<void>((r) => (begun = r));
    const caught = app.deps.db.withTransaction(async (tx) => {
      await tx.query('SELECT 1');
      begun();
      await paused;
      await tx.query('SELECT 1');
    });
    // Handled from the start: on a loaded machine the transaction may fail while the test waits for pg_ctl.
    const failed = expect(caught).rejects.toThrow();
    await running;
    asPostgres('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
    await new Promise((r) => setTimeout(r, 300));
    resume();
    await failed;
    // While the database is away the bot is alive but not ready, so a load balancer sends traffic elsewhere.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    asPostgres('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-o',
      `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`,
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
    ]);
    let after = { status: 0, text: '' };
    for (let i = 0; i < 50 && !after.text.includes('Kvittering'); i++) {
      after = await submit(meeting.id, `Efter genstart ${i}`).catch(() => ({ status: 0, text: '' }));
      if (!after.text.includes('Kvittering')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(after.text).toContain('Kvittering');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const titles = (await app.deps.db.query<{ title: string }>('SELECT title FROM agenda_items ORDER BY id')).rows.map(
      (r) => r.title,
    );
    expect(titles[0]).toBe('Før genstart');
    expect(titles.at(-1)).toMatch(/^Efter genstart/);
  }, 120_000);
});
