/**
 * ReviewService's contract: only the chair and the secretariat decide, and anyone else gets the same answer
 * whether or not the item exists; accept, reject (reason required) and move (another planned meeting, lateness
 * recomputed) write the item's new state and update the receipt and the review card in place; a stale card and a
 * second decision change nothing and are answered with the item's current card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgendaItem } from '../../src/agenda/agenda-repository.js';
import { testDatabases } from '../support/databases.js';
import { expectRefusal, itemFields, startAgendaWorld, type AgendaWorld } from './agenda-fixtures.js';

describe.each(testDatabases())('ReviewService on %s', (kind) => {
  let w: AgendaWorld;
  beforeAll(async () => {
    w = await startAgendaWorld(kind);
  });
  afterAll(() => w.t.stop());

  const reviews = () => w.agenda.reviews;
  const submitted = async (title: string, meetingId = w.openMeeting.id): Promise<AgendaItem> => {
    const outcome = await w.agenda.submissions.submit(w.rep, itemFields(meetingId, title));
    if (outcome.kind !== 'submitted') throw new Error(`not submitted: ${outcome.kind}`);
    return outcome.receipt.item;
  };
  const stored = async (id: number) =>
    (await w.db.query('SELECT status, reason, meeting_id, late, version FROM agenda_items WHERE id = $1', [id]))
      .rows[0];
  const cardVersions = async (id: number) =>
    (
      await w.db.query<{ card_ref: string; version: number }>(
        'SELECT card_ref, version FROM card_refs WHERE card_ref IN ($1, $2) ORDER BY card_ref',
        [`agenda-receipt:${id}`, `agenda-review:${id}`],
      )
    ).rows.map((r) => r.version);

  it('refuses everyone but the chair and the secretariat, the same for an existing and a missing item', async () => {
    const item = await submitted('Punkt til afvisning af adgang');
    const message = 'Kun formanden og DDH-sekretariatet kan behandle dagsordenspunkter.';
    for (const actor of [w.rep, w.otherRep, w.agent]) {
      await expectRefusal(reviews().review(actor, 'accept', { itemId: item.id, version: 1 }), 'FORBIDDEN', message);
      await expectRefusal(reviews().review(actor, 'accept', { itemId: 999_999, version: 1 }), 'FORBIDDEN', message);
    }
    expect(await stored(item.id)).toMatchObject({ status: 'indsendt', version: 1 });
    await expectRefusal(reviews().review(w.secretary, 'accept', { itemId: 999_999, version: 1 }), 'NOT_FOUND');
  });

  it('accepts: the item is on the agenda, both cards are updated; a second decision changes nothing and gets the current card', async () => {
    const item = await submitted('Punkt til godkendelse');
    const view = await reviews().review(w.chair, 'accept', { itemId: item.id, version: 1 });
    expect(view).toMatchObject({ audience: 'reviewer', reviewable: false, item: { status: 'godkendt', version: 2 } });
    expect(await stored(item.id)).toMatchObject({ status: 'godkendt', reason: null, version: 2 });
    expect(await cardVersions(item.id)).toEqual([2, 2]);
    for (const version of [1, 2]) {
      const again = await reviews().review(w.secretary, 'reject', { itemId: item.id, version, reason: 'for sent' });
      expect(again).toMatchObject({ reviewable: false, notice: null, item: { status: 'godkendt', version: 2 } });
    }
    expect(await stored(item.id)).toMatchObject({ status: 'godkendt', reason: null, version: 2 });
    expect(await cardVersions(item.id)).toEqual([2, 2]);
  });

  it('rejects only with a reason of 3 to 1000 characters', async () => {
    const item = await submitted('Punkt til afvisning');
    await expectRefusal(
      reviews().review(w.secretary, 'reject', { itemId: item.id, version: 1, reason: ' x ' }),
      'INVALID_INPUT',
    );
    await expectRefusal(
      reviews().review(w.secretary, 'reject', { itemId: item.id, version: 1, reason: 'x'.repeat(1001) }),
      'INVALID_INPUT',
    );
    expect(await stored(item.id)).toMatchObject({ status: 'indsendt', version: 1 });
    await reviews().review(w.secretary, 'reject', { itemId: item.id, version: 1, reason: 'Hører til i DDH-forum' });
    expect(await stored(item.id)).toMatchObject({ status: 'afvist', reason: 'Hører til i DDH-forum' });
  });

  it('moves to another planned meeting, still submitted; lateness follows the new meeting', async () => {
    const item = await submitted('Punkt til flytning');
    await expectRefusal(
      reviews().review(w.secretary, 'move', { itemId: item.id, version: 1 }),
      'INVALID_INPUT',
      'Vælg det møde, punktet skal flyttes til.',
    );
    await expectRefusal(
      reviews().review(w.secretary, 'move', { itemId: item.id, version: 1, targetMeetingId: w.openMeeting.id }),
      'INVALID_INPUT',
      'Punktet står allerede på det møde.',
    );
    await expectRefusal(
      reviews().review(w.secretary, 'move', { itemId: item.id, version: 1, targetMeetingId: 999_999 }),
      'NOT_FOUND',
    );
    const other = await submitted('Punkt der viser flyttemulighederne');
    const reviewerView = await reviews().review(w.secretary, 'accept', { itemId: other.id, version: 1 });
    expect(reviewerView.moveTargets.map((m) => m.meetingId)).toEqual([w.lateMeeting.id, w.laterMeeting.id]);
    const moved = await reviews().review(w.secretary, 'move', {
      itemId: item.id,
      version: 1,
      targetMeetingId: w.lateMeeting.id,
      reason: 'haster',
    });
    expect(moved).toMatchObject({ reviewable: true, item: { status: 'indsendt' } });
    expect(await stored(item.id)).toMatchObject({
      status: 'indsendt',
      meeting_id: w.lateMeeting.id,
      late: true,
      reason: 'flyttet af sekretariatet: haster',
      version: 2,
    });
  });

  it('changes nothing from a card showing an older version, and answers with the current card', async () => {
    const item = await submitted('Punkt med forældet kort');
    await w.agenda.submissions.edit(w.rep, item.id, 1, itemFields(w.openMeeting.id, 'Punkt med nyt indhold'));
    const current = await reviews().review(w.chair, 'accept', { itemId: item.id, version: 1 });
    expect(current).toMatchObject({ reviewable: true, item: { title: 'Punkt med nyt indhold', version: 2 } });
    expect(await stored(item.id)).toMatchObject({ status: 'indsendt', version: 2 });
  });
});
