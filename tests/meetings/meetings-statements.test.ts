/**
 * What a meeting action costs in SQL statements (issue 22), measured through the real app on PGlite: the member's
 * afbud (which calls in a deputy, updates two invitations and checks quorum) and opening the annual plan. The
 * bounds are the measured counts (29 and 7 on 2026-12) with a little room; a change adding round trips shows here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEETINGS_VERBS } from '../../src/meetings/meetings-cards.js';
import { addMeetingByCard, startMeetingsWorld, type MeetingsWorld } from './meetings-fixtures.js';

describe('statements per meetings action', () => {
  let w: MeetingsWorld;
  let meetingId: number;

  beforeAll(async () => {
    w = await startMeetingsWorld('pglite');
    meetingId = await addMeetingByCard(w, { place: 'Viborg Rådhus', onlineUrl: '' });
  });
  afterAll(() => w.t.stop());

  it('afbud with the deputy called in', async () => {
    const sql = await w.t.db.counting(() =>
      w.t.execute(w.oid.viborg, MEETINGS_VERBS.attendance, { meetingId, status: 'afbud' }),
    );
    console.info(`afbud: ${sql.length} statements`);
    expect(sql.length).toBeLessThanOrEqual(32);
  });

  it('the annual plan', async () => {
    const sql = await w.t.db.counting(() => w.t.execute(w.oid.secretary, MEETINGS_VERBS.calendar, { year: 2027 }));
    console.info(`annual plan: ${sql.length} statements`);
    expect(sql.length).toBeLessThanOrEqual(8);
  });
});
