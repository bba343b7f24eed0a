/**
 * What a meeting move needs from the agenda (agenda-public's moveItemsToMeeting, called by the meetings capability
 * in its transaction): every item moves with its state (accepted items stay accepted), the deadline reminders are
 * planned for the new date, every copy of every item's cards shows the new meeting, and each submitter is named
 * once with all their items, so the caller sends one message each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { addMeeting } from '../support/registry-fixtures.js';
import { expectRefusal, itemFields, startAgendaWorld, type AgendaWorld } from './agenda-fixtures.js';

describe.each(testDatabases())('moving a meeting’s items on %s', (kind) => {
  let w: AgendaWorld;
  const ids: number[] = [];
  beforeAll(async () => {
    w = await startAgendaWorld(kind);
  });
  afterAll(() => w.t.stop());

  const items = async () =>
    (
      await w.db.query<{ id: number; meeting_id: number; status: string; version: number }>(
        'SELECT id, meeting_id, status, version FROM agenda_items ORDER BY id',
      )
    ).rows;

  it('moves 3 accepted items to the new meeting: all stay accepted, one entry per submitter', async () => {
    for (const [actor, title] of [
      [w.rep, 'Vagtplanen 2027'],
      [w.rep, 'Budget 2027'],
      [w.otherRep, 'Case fra Aarhus'],
    ] as const) {
      const outcome = await w.agenda.submissions.submit(actor, itemFields(w.openMeeting.id, title));
      if (outcome.kind !== 'submitted') throw new Error(outcome.kind);
      await w.agenda.reviews.review(w.chair, 'accept', { itemId: outcome.receipt.item.id, version: 1 });
      ids.push(outcome.receipt.item.id);
    }
    // The meetings capability moves the meeting: a new one, the old one cancelled, the items moved in one go.
    const moved = await addMeeting(w.db, { startsAt: '2027-01-05T09:00:00Z', place: 'Aarhus Rådhus', host: 751 });
    const result = await w.db.withTransaction(async (tx) => {
      await tx.query(`UPDATE meetings SET status = 'aflyst' WHERE id = $1`, [w.openMeeting.id]);
      return w.agenda.public.moveItemsToMeeting(tx, w.openMeeting.id, moved.id);
    });

    expect(await items()).toEqual(ids.map((id) => ({ id, meeting_id: moved.id, status: 'godkendt', version: 3 })));
    expect(result.moved).toBe(3);
    expect(result.submitters.sort((a, b) => a.personId - b.personId)).toEqual(
      [
        { personId: w.rep.id, items: [ids[0], ids[1]] },
        { personId: w.otherRep.id, items: [ids[2]] },
      ]
        .sort((a, b) => a.personId - b.personId)
        .map((entry) => ({
          personId: entry.personId,
          items: entry.items.map((itemId) => ({ itemId, title: expect.any(String), status: 'godkendt' })),
        })),
    );

    // Every card shows the new meeting and its deadline (22.12.2026).
    const cards = await w.db.query<{ card_ref: string; card: unknown }>(
      `SELECT card_ref, card FROM card_refs WHERE card_ref LIKE 'agenda-%' ORDER BY card_ref`,
    );
    expect(cards.rows).toHaveLength(6);
    for (const row of cards.rows) {
      expect(JSON.stringify(row.card)).toContain('Styregruppemøde 05.01.2027 kl. 10:00');
      expect(JSON.stringify(row.card)).toContain('22.12.2026 kl. 23:59');
    }
    // Reminders 7 and 1 days before the new deadline.
    const timers = await w.db.query<{ key: string; due_at: Date }>(
      `SELECT key, due_at FROM timers WHERE key LIKE $1 ORDER BY due_at`,
      [`agenda:reminder:${moved.id}:%`],
    );
    expect(timers.rows.map((row) => new Date(row.due_at).toISOString())).toEqual([
      '2026-12-15T22:59:59.000Z',
      '2026-12-21T22:59:59.000Z',
    ]);
    // The new meeting's agenda holds them.
    const published = await w.agenda.publishing.publish(w.secretary, moved.id);
    expect(published.items.filter((item) => item.itemId !== null).map((item) => item.itemId)).toEqual(ids);
  });

  it('updates cards and reminders when the meeting row itself moved (same id)', async () => {
    await w.db.query(
      `UPDATE meetings SET starts_at = '2027-01-21T09:00:00Z', ends_at = '2027-01-21T11:00:00Z' WHERE id = $1`,
      [w.laterMeeting.id],
    );
    const outcome = await w.agenda.submissions.submit(w.rep, itemFields(w.laterMeeting.id, 'Punkt på flyttet møde'));
    if (outcome.kind !== 'submitted') throw new Error(outcome.kind);
    await w.db.query(
      `UPDATE meetings SET starts_at = '2027-01-28T09:00:00Z', ends_at = '2027-01-28T11:00:00Z' WHERE id = $1`,
      [w.laterMeeting.id],
    );
    const result = await w.db.withTransaction((tx) =>
      w.agenda.public.moveItemsToMeeting(tx, w.laterMeeting.id, w.laterMeeting.id),
    );
    expect(result).toEqual({
      moved: 1,
      submitters: [
        {
          personId: w.rep.id,
          items: [{ itemId: outcome.receipt.item.id, title: 'Punkt på flyttet møde', status: 'indsendt' }],
        },
      ],
    });
    const receipt = await w.db.query<{ card: unknown }>('SELECT card FROM card_refs WHERE card_ref = $1', [
      `agenda-receipt:${outcome.receipt.item.id}`,
    ]);
    expect(JSON.stringify(receipt.rows[0].card)).toContain('Styregruppemøde 28.01.2027');
  });

  it('refuses to move items onto a cancelled meeting', async () => {
    await expectRefusal(
      w.db.withTransaction((tx) => w.agenda.public.moveItemsToMeeting(tx, w.laterMeeting.id, w.openMeeting.id)),
      'CLOSED',
    );
  });
});
