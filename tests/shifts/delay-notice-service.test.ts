/**
 * DelayNoticeService's contract, on the real app and a real database. It accepts a DelayNotice from the Engage
 * integration and answers what became of it: 'unmatched' (unreadable time, unknown poster, or no shift of theirs
 * from 60 minutes before its start until its end), 'stored' (on a shift without an incident), 'attached' (on the
 * shift's incident: an 'engage' line in the history, and every copy of the alert shows the post) or 'duplicate'
 * (the same Engage message again). It writes shift_delay_notices; it never resolves or pauses an incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DelayNotice } from '../../src/engage/engage-public.js';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { incidentEventsOf, personIn, rosterShift } from './shifts-support.js';

const notice = (messageId: string, spec: Partial<DelayNotice>): DelayNotice => ({
  messageId,
  senderEmail: spec.senderEmail ?? null,
  senderObjectId: spec.senderObjectId ?? null,
  postedAt: spec.postedAt ?? '2026-11-24T07:02:00.000Z',
  text: spec.text ?? 'Bussen er forsinket, er der 8:20',
});

describe.each(testDatabases())('DelayNoticeService on %s', (kind) => {
  let t: TestApp;
  const delayNotices = () => t.app.modules.shifts.delayNotices;
  const shiftOf = (externalId: string, agentEmail: string) =>
    rosterShift(t, {
      externalId,
      municipalityCode: 751,
      agentEmail,
      startsAt: '2026-11-24T07:00:00Z',
      endsAt: '2026-11-24T11:00:00Z',
    });
  const noticesOf = async (shiftId: number) =>
    (
      await t.deps.db.query<{ message_id: string; text: string }>(
        'SELECT message_id, text FROM shift_delay_notices WHERE shift_id = $1 ORDER BY message_id',
        [shiftId],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T07:05:00Z', database: kind });
  });
  afterAll(() => t?.stop());

  it('leaves a post unmatched when its time is unreadable, its poster unknown, or no shift of theirs is near', async () => {
    await shiftOf('DN-1', 'tidlig@eksempel.dk');
    expect(
      await delayNotices().handleDelayNotice(notice('m-1', { senderEmail: 'tidlig@eksempel.dk', postedAt: 'i går' })),
    ).toBe('unmatched');
    expect(await delayNotices().handleDelayNotice(notice('m-2', {}))).toBe('unmatched');
    expect(
      await delayNotices().handleDelayNotice(
        notice('m-3', { senderEmail: 'tidlig@eksempel.dk', postedAt: '2026-11-24T05:30:00.000Z' }),
      ),
    ).toBe('unmatched');
  });

  it('stores a post on a shift without an incident, trimmed; the same message again is a duplicate', async () => {
    const shift = await shiftOf('DN-2', 'rolig@eksempel.dk');
    const post = notice('m-4', { senderEmail: 'ROLIG@eksempel.dk', text: '  Lidt   forsinket \n i dag ' });
    expect(await delayNotices().handleDelayNotice(post)).toBe('stored');
    expect(await delayNotices().handleDelayNotice(post)).toBe('duplicate');
    expect(await noticesOf(shift.id)).toEqual([{ message_id: 'm-4', text: 'Lidt forsinket i dag' }]);
  });

  it("attaches a post to the shift's incident: the history says so and every alert shows it, nothing resolves", async () => {
    const contact = await personIn(t, { roles: [[751, 'primaer_kontakt']] });
    const agent = await personIn(t, { email: 'sen.bus@eksempel.dk', reachable: false });
    const shift = await shiftOf('DN-3', 'sen.bus@eksempel.dk');
    const incident = (await t.app.modules.shifts.noShows.runCheck(shift.id))!;
    await t.runJobs();
    // Engage knows the poster by Entra object id; the roster by e-mail: the registry person joins the two.
    const outcome = await delayNotices().handleDelayNotice(
      notice('m-5', { senderObjectId: agent.person.entraObjectId!, postedAt: '2026-11-24T07:03:00.000Z' }),
    );
    expect(outcome).toBe('attached');
    expect((await incidentEventsOf(t, incident.id)).at(-1)).toEqual({ kind: 'engage', note: null });
    const status = await t.deps.db.query<{ status: string }>('SELECT status FROM noshow_incidents WHERE id = $1', [
      incident.id,
    ]);
    expect(status.rows[0].status).toBe('open');
    await t.runJobs();
    expect(JSON.stringify(t.connector.updates(`personal-${contact.person.entraObjectId}`).at(-1))).toContain(
      'Agenten har skrevet på Viva Engage kl. 08:03: Bussen er forsinket, er der 8:20',
    );
  });
});
