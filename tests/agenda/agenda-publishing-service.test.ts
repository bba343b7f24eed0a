/**
 * PublishingService's contract: only the chair and the secretariat see the overview and publish, and anyone else
 * gets the same answer whether or not the meeting exists; a meeting is published only when no item waits for
 * review; a publication writes a numbered version and sends the card to the committee's chat and to every member's
 * representative, with a vote button on decision items, and asks Viva Engage for a post; the Word document is
 * served only behind its signed link, for the latest version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPublishedAgendaCard } from '../../src/agenda/agenda-meeting-cards.js';
import type { PublishedAgendaView } from '../../src/agenda/agenda-views.js';
import { testDatabases } from '../support/databases.js';
import {
  countOf,
  expectRefusal,
  itemFields,
  outboxRows,
  startAgendaWorld,
  type AgendaWorld,
} from './agenda-fixtures.js';

describe.each(testDatabases())('PublishingService on %s', (kind) => {
  let w: AgendaWorld;
  let decisionItemId: number;
  let first: PublishedAgendaView;
  beforeAll(async () => {
    w = await startAgendaWorld(kind);
  });
  afterAll(() => w.t.stop());

  const publishing = () => w.agenda.publishing;
  const linkOf = (view: PublishedAgendaView) => {
    const url = new URL(view.documentUrl);
    return { version: Number(url.searchParams.get('v')), sig: url.searchParams.get('sig')! };
  };

  it('refuses the overview and publishing to everyone but the chair and the secretariat, before any lookup', async () => {
    const message = 'Kun formanden og DDH-sekretariatet kan udgive dagsordenen.';
    for (const actor of [w.rep, w.agent]) {
      await expectRefusal(publishing().overview(actor), 'FORBIDDEN', message);
      await expectRefusal(publishing().publish(actor, w.openMeeting.id), 'FORBIDDEN', message);
      await expectRefusal(publishing().publish(actor, 999_999), 'FORBIDDEN', message);
    }
    await expectRefusal(publishing().publish(w.secretary, 999_999), 'NOT_FOUND');
    await w.db.query(`UPDATE meetings SET status = 'aflyst' WHERE id = $1`, [w.laterMeeting.id]);
    await expectRefusal(publishing().publish(w.secretary, w.laterMeeting.id), 'CLOSED');
    await w.db.query(`UPDATE meetings SET status = 'planlagt' WHERE id = $1`, [w.laterMeeting.id]);
    expect(await countOf(w.db, 'agenda_publications')).toBe(0);
  });

  it('shows the coming meetings with how many items are accepted and how many wait', async () => {
    for (const title of ['Vagtplanen 2027', 'Budget 2027']) {
      const outcome = await w.agenda.submissions.submit(w.rep, itemFields(w.openMeeting.id, title));
      if (outcome.kind !== 'submitted') throw new Error(outcome.kind);
      if (title === 'Vagtplanen 2027') decisionItemId = outcome.receipt.item.id;
    }
    await w.agenda.reviews.review(w.chair, 'accept', { itemId: decisionItemId, version: 1 });
    const overview = await publishing().overview(w.chair);
    expect(overview.meetings).toEqual([
      { meetingId: w.lateMeeting.id, startsAt: w.lateMeeting.startsAt, accepted: 0, waiting: 0 },
      { meetingId: w.openMeeting.id, startsAt: w.openMeeting.startsAt, accepted: 1, waiting: 1 },
      { meetingId: w.laterMeeting.id, startsAt: w.laterMeeting.startsAt, accepted: 0, waiting: 0 },
    ]);
  });

  it('refuses to publish while an item waits for review', async () => {
    await expectRefusal(publishing().publish(w.secretary, w.openMeeting.id), 'CONFLICT');
    expect(await countOf(w.db, 'agenda_publications')).toBe(0);
  });

  it('publishes: the numbered agenda, to the committee and each representative, with a vote button on decisions', async () => {
    const waiting = await w.db.query<{ id: number }>(`SELECT id FROM agenda_items WHERE status = 'indsendt'`);
    await w.agenda.reviews.review(w.secretary, 'reject', {
      itemId: waiting.rows[0].id,
      version: 1,
      reason: 'Næste år',
    });
    first = await publishing().publish(w.secretary, w.openMeeting.id);
    expect(first.items.map((it) => `${it.number}. ${it.title}`)).toEqual([
      '1. Velkomst',
      '2. Godkendelse af dagens dagsorden',
      `3. Godkendelse af referat ${'05.12.2026'}`,
      '4. Vagtplanen 2027',
      '5. Evt.',
    ]);
    expect(first.placeLine).toBe('Aarhus Kommune, Aarhus Rådhus');
    expect(linkOf(first).version).toBe(1);
    const stored = await w.db.query('SELECT version, published_by FROM agenda_publications WHERE meeting_id = $1', [
      w.openMeeting.id,
    ]);
    expect(stored.rows).toEqual([{ version: 1, published_by: w.secretary.id }]);
    const key = `agenda:published:${w.openMeeting.id}:v1`;
    const rows = await outboxRows(w.db, key);
    expect(rows.map((r) => [r.key, r.recipient])).toEqual([
      [`${key}:repr:751`, { kind: 'role', municipalityCode: 751, role: 'repraesentant' }],
      [`${key}:repr:791`, { kind: 'role', municipalityCode: 791, role: 'repraesentant' }],
      [`${key}:styregruppe`, { kind: 'named', purpose: 'styregruppe' }],
    ]);
    const card = JSON.stringify(rows[2].card);
    expect(card.match(/"verb":"vote\.startFromItem"/g)).toHaveLength(1);
    expect(card).toContain(`"itemId":"${decisionItemId}"`);
    const engage = await w.db.query('SELECT key FROM timers WHERE key LIKE $1', ['engage:post:agenda:%']);
    expect(engage.rows).toEqual([{ key: `engage:post:agenda:${w.openMeeting.id}:v1` }]);
  });

  it('builds the published card without vote buttons when no verb is given', () => {
    const card = JSON.stringify(buildPublishedAgendaCard(first, { startVoteVerb: null }));
    expect(card).toContain('Vagtplanen 2027');
    expect(card).not.toContain('Start afstemning');
  });

  it('serves the Word document behind a valid signature, for the latest version only', async () => {
    const { version, sig } = linkOf(first);
    const doc = await publishing().signedDocument(w.openMeeting.id, version, sig);
    expect(doc.subarray(0, 2).toString()).toBe('PK');
    await expectRefusal(publishing().signedDocument(w.openMeeting.id, version, 'forfalsket'), 'FORBIDDEN');
    await expectRefusal(publishing().signedDocument(w.lateMeeting.id, version, sig), 'FORBIDDEN');
    const second = await publishing().publish(w.chair, w.openMeeting.id);
    expect(linkOf(second).version).toBe(2);
    await expectRefusal(publishing().signedDocument(w.openMeeting.id, version, sig), 'NOT_FOUND');
    const latest = linkOf(second);
    expect((await publishing().signedDocument(w.openMeeting.id, latest.version, latest.sig)).length).toBeGreaterThan(0);
  });
});
