/**
 * SubmissionService's contract: who may submit; what a submission writes (the item, the draft kept or removed)
 * and sends (the submitter's receipt, the review card to the secretariat's chat); refusals that keep the draft;
 * the submitter's edits and withdrawal until the deadline; items the bot proposes itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import {
  countOf,
  expectRefusal,
  itemFields,
  outboxRows,
  startAgendaWorld,
  type AgendaWorld,
} from './agenda-fixtures.js';

describe.each(testDatabases())('SubmissionService on %s', (kind) => {
  let w: AgendaWorld;
  let itemId: number;
  beforeAll(async () => {
    w = await startAgendaWorld(kind);
  });
  afterAll(() => w.t.stop());

  const submissions = () => w.agenda.submissions;
  const draftOf = async (personId: number) =>
    (
      await w.db.query<{ data: Record<string, string> }>('SELECT data FROM agenda_drafts WHERE person_id = $1', [
        personId,
      ])
    ).rows[0]?.data;

  it('offers the form to those who may submit: representatives see open meetings only, reviewers late ones too', async () => {
    await expectRefusal(submissions().form(w.agent), 'FORBIDDEN');
    const form = await submissions().form(w.rep);
    expect(form.meetings.map((m) => m.meetingId)).toEqual([w.openMeeting.id, w.laterMeeting.id]);
    expect(form.meetings[0].deadline.toISOString()).toBe('2026-12-06T22:59:59.000Z');
    expect(form).toMatchObject({ draft: {}, problems: [], deadlineDays: 14, editing: null });
    const reviewerForm = await submissions().form(w.secretary);
    expect(reviewerForm.meetings.map((m) => m.meetingId)).toEqual([
      w.lateMeeting.id,
      w.openMeeting.id,
      w.laterMeeting.id,
    ]);
  });

  it('refuses a person who may not submit before keeping anything', async () => {
    await expectRefusal(submissions().submit(w.agent, itemFields(w.openMeeting.id)), 'FORBIDDEN');
    await expectRefusal(submissions().submitDraftTo(w.agent, w.openMeeting.id), 'FORBIDDEN');
    expect(await draftOf(w.agent.id)).toBeUndefined();
    expect(await countOf(w.db, 'agenda_items')).toBe(0);
  });

  it('answers an incomplete item with the form and its problems, and keeps what was typed', async () => {
    const outcome = await submissions().submit(w.rep, {
      ...itemFields(w.openMeeting.id, 'Ufærdigt punkt'),
      attachment1Url: 'http://usikker.dk',
      recommendation: '',
      unknownField: 'kasseres',
    });
    expect(outcome.kind).toBe('incomplete');
    if (outcome.kind !== 'incomplete') return;
    expect(outcome.form.problems.join(' ')).toContain('https-link');
    expect(outcome.form.problems.join(' ')).toContain('indstilling');
    expect(outcome.form.draft).toMatchObject({ title: 'Ufærdigt punkt', attachment1Url: 'http://usikker.dk' });
    expect(await draftOf(w.rep.id)).not.toHaveProperty('unknownField');
    expect(await countOf(w.db, 'agenda_items')).toBe(0);
  });

  it('refuses unknown and cancelled meetings', async () => {
    await expectRefusal(submissions().submit(w.rep, itemFields(999_999)), 'NOT_FOUND');
    const cancelled = await w.db.query<{ id: number }>(
      `INSERT INTO meetings (kind, starts_at, ends_at, place, status) VALUES ('styregruppe', '2027-02-01T09:00:00Z', '2027-02-01T11:00:00Z', 'Aflyst', 'aflyst') RETURNING id`,
    );
    await expectRefusal(submissions().submit(w.rep, itemFields(cancelled.rows[0].id)), 'CLOSED');
    expect(await countOf(w.db, 'agenda_items')).toBe(0);
  });

  it('answers a late item from a representative with the deadline and the next open meeting, keeping the draft', async () => {
    const outcome = await submissions().submit(w.rep, itemFields(w.lateMeeting.id));
    expect(outcome).toEqual({
      kind: 'late',
      refusal: {
        meetingStartsAt: w.lateMeeting.startsAt,
        deadline: new Date('2026-11-21T22:59:59.000Z'),
        nextMeeting: { meetingId: w.openMeeting.id, startsAt: w.openMeeting.startsAt },
      },
    });
    expect((await draftOf(w.rep.id))?.title).toBe('Vagtplanen 2027');
    expect(await countOf(w.db, 'agenda_items')).toBe(0);
  });

  it('sends the kept draft to the next meeting: writes the item, notes the draft as submitted, sends receipt and review card', async () => {
    const outcome = await submissions().submitDraftTo(w.rep, w.openMeeting.id);
    expect(outcome.kind).toBe('submitted');
    if (outcome.kind !== 'submitted') return;
    const { receipt } = outcome;
    itemId = receipt.item.id;
    expect(receipt).toMatchObject({
      audience: 'submitter',
      submitterName: 'Rikke Repræsentant',
      changeable: true,
      item: { meetingId: w.openMeeting.id, title: 'Vagtplanen 2027', markers: ['O', 'B'], late: false, version: 1 },
    });
    expect(await draftOf(w.rep.id)).toEqual({ submittedItemId: itemId });
    const rows = await outboxRows(w.db, `agenda:`);
    expect(rows.map((r) => [r.key, r.recipient, r.card_ref])).toEqual([
      [`agenda:receipt:${itemId}`, { kind: 'person', personId: w.rep.id }, `agenda-receipt:${itemId}`],
      [
        `agenda:review:${itemId}`,
        { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
        `agenda-review:${itemId}`,
      ],
    ]);
    expect(JSON.stringify(rows[1].card)).toContain('agenda.accept');
    expect(JSON.stringify(rows[0].card)).toContain('agenda.withdraw');
  });

  it('answers "Send til næste møde" pressed again (another copy of the refusal) with the same item, not a form', async () => {
    const again = await submissions().submitDraftTo(w.rep, w.openMeeting.id);
    expect(again).toMatchObject({ kind: 'submitted', receipt: { audience: 'submitter', item: { id: itemId } } });
    expect(await countOf(w.db, 'agenda_items')).toBe(1);
    expect((await outboxRows(w.db, 'agenda:receipt:')).length).toBe(1);
  });

  it('lets a reviewer put an item on a meeting past its deadline, marked late', async () => {
    const outcome = await submissions().submit(w.secretary, itemFields(w.lateMeeting.id, 'Sent punkt'));
    expect(outcome.kind === 'submitted' && outcome.receipt.item.late).toBe(true);
  });

  it('gives the edit form to the submitter only; anyone else gets the same answer whether or not the item exists', async () => {
    const refusal = 'Kun den, der har indsendt punktet, kan ændre eller trække det.';
    await expectRefusal(submissions().editForm(w.otherRep, itemId), 'FORBIDDEN', refusal);
    await expectRefusal(submissions().editForm(w.otherRep, 999_999), 'FORBIDDEN', refusal);
    await expectRefusal(submissions().withdraw(w.agent, itemId, 1), 'FORBIDDEN', refusal);
    const form = await submissions().editForm(w.rep, itemId);
    expect(form).toMatchObject({
      kind: 'form',
      form: {
        editing: { itemId, version: 1 },
        meetings: [{ meetingId: w.openMeeting.id }],
        draft: { title: 'Vagtplanen 2027', markers: 'O,B', attachment1Url: 'https://eksempel.dk/vagtplan.xlsx' },
      },
    });
  });

  it('saves an edit on the current version, updates both cards in place, and ignores a stale card', async () => {
    await expectRefusal(
      submissions().edit(w.rep, itemId, 1, { ...itemFields(w.openMeeting.id), recommendation: '' }),
      'INVALID_INPUT',
    );
    const view = await submissions().edit(w.rep, itemId, 1, itemFields(w.laterMeeting.id, 'Vagtplanen 2027, rettet'));
    expect(view.item).toMatchObject({ title: 'Vagtplanen 2027, rettet', version: 2, meetingId: w.openMeeting.id });
    await expectRefusal(submissions().edit(w.rep, itemId, 1, itemFields(w.openMeeting.id, 'Forældet')), 'STALE');
    const refs = await w.db.query<{ card_ref: string; version: number; card: unknown }>(
      'SELECT card_ref, version, card FROM card_refs WHERE card_ref LIKE $1 ORDER BY card_ref',
      [`%:${itemId}`],
    );
    expect(refs.rows.map((r) => [r.card_ref, r.version])).toEqual([
      [`agenda-receipt:${itemId}`, 2],
      [`agenda-review:${itemId}`, 2],
    ]);
    expect(refs.rows.every((r) => JSON.stringify(r.card).includes('Vagtplanen 2027, rettet'))).toBe(true);
  });

  it('changes nothing after the deadline and says so (nothing is saved), with the deadline', async () => {
    const notice =
      'Fristen for at ændre punkter til mødet 20.12.2026 kl. 10:00 var 06.12.2026 kl. 23:59. Punktet står uændret.';
    w.t.clock.set('2026-12-06T23:00:00Z');
    try {
      // From the receipt: its current card, without buttons, saying why.
      expect(await submissions().withdraw(w.rep, itemId, 2)).toMatchObject({
        changeable: false,
        notice,
        item: { status: 'indsendt', version: 2 },
      });
      expect(await submissions().editForm(w.rep, itemId)).toMatchObject({ kind: 'item', item: { notice } });
      // From the edit form: refused, so the form keeps what was typed.
      await expectRefusal(
        submissions().edit(w.rep, itemId, 2, itemFields(w.openMeeting.id, 'For sent rettet')),
        'DEADLINE_PASSED',
        notice,
      );
    } finally {
      w.t.clock.set('2026-11-24T09:00:00Z');
    }
  });

  it('withdraws the item; a withdrawn item can no longer change, and a stale press gets the current card', async () => {
    const view = await submissions().withdraw(w.rep, itemId, 2);
    expect(view).toMatchObject({ changeable: false, item: { status: 'trukket', reason: 'trukket af indsenderen' } });
    // A press on another copy of the old receipt changes nothing and gets the current card.
    expect(await submissions().withdraw(w.rep, itemId, 2)).toMatchObject({ item: { status: 'trukket', version: 3 } });
    await expectRefusal(
      submissions().edit(w.rep, itemId, 3, itemFields(w.openMeeting.id)),
      'STALE',
      'Punktet er trukket tilbage og kan ikke længere ændres.',
    );
  });

  it('proposes a generated item on the next open meeting: no submitter, no receipt, a review card', async () => {
    const proposal = {
      title: 'Opfølgning på KPI',
      markers: ['D' as const],
      presenter: 'Sekretariatet',
      introduction: '',
    };
    const proposed = await w.db.withTransaction((tx) => submissions().proposeGenerated(tx, proposal));
    const row = await w.db.query('SELECT meeting_id, submitter_person_id, late FROM agenda_items WHERE id = $1', [
      proposed!.itemId,
    ]);
    expect(row.rows[0]).toEqual({ meeting_id: w.openMeeting.id, submitter_person_id: null, late: false });
    expect((await outboxRows(w.db, `agenda:`)).map((r) => r.key)).toContain(`agenda:review:${proposed!.itemId}`);
    expect((await outboxRows(w.db, `agenda:receipt:${proposed!.itemId}`)).length).toBe(0);

    // After every deadline: late, on the next planned meeting; with no meeting left: nothing.
    w.t.clock.set('2027-01-01T09:00:00Z');
    try {
      const late = await w.db.withTransaction((tx) => submissions().proposeGenerated(tx, proposal));
      const lateRow = await w.db.query('SELECT meeting_id, late FROM agenda_items WHERE id = $1', [late!.itemId]);
      expect(lateRow.rows[0]).toEqual({ meeting_id: w.laterMeeting.id, late: true });
      w.t.clock.set('2027-03-01T09:00:00Z');
      expect(await w.db.withTransaction((tx) => submissions().proposeGenerated(tx, proposal))).toBeNull();
    } finally {
      w.t.clock.set('2026-11-24T09:00:00Z');
    }
  });
});
