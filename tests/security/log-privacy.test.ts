/** Logs carry ids and codes, never names, e-mails, typed text or card payloads. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { createLogger } from '../../src/shared/logger.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';

describe('log privacy', () => {
  let t: TestApp;
  const lines: string[] = [];
  const user = 'c0000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await startTestApp({ log: createLogger('trace', sink) });
    await addMembers(t.deps.db, [791]);
    await addPerson(t.deps.db, {
      name: 'Hemmelige Hansen',
      email: 'hemmelige.hansen@viborg.eksempel.dk',
      objectId: user,
      roles: [[791, 'repraesentant']],
      mobile: '+45 11 22 33 44',
    });
    const m = await addMeeting(t.deps.db, { startsAt: '2026-12-20T09:00:00Z' });
    await t.message(user, 'menu med fortroligt indhold');
    await t.execute(user, AGENDA_VERBS.submit, {
      meetingId: String(m.id),
      title: 'Fortrolig personalesag',
      markers: 'B',
      presenter: 'Hemmelige Hansen',
    });
    await t.execute(user, AGENDA_VERBS.submit, {
      meetingId: '999999',
      title: 'Fortrolig personalesag',
      markers: 'O',
      presenter: 'Hemmelige Hansen',
    });
    await t.runJobs();
  });
  afterAll(() => t.stop());

  it('logged something, and nothing personal', () => {
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [
      'Hemmelige',
      'hemmelige.hansen',
      '+45 11 22 33 44',
      'Fortrolig personalesag',
      'fortroligt indhold',
    ])
      expect(all).not.toContain(secret);
  });
});
