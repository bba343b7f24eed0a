/**
 * ReminderService's contract: planning writes one timer per meeting and reminder day still ahead (keyed by the
 * meeting's start, so planning again adds nothing) and tomorrow's re-planning; sending writes one message per
 * member municipality's representative, once per key, and nothing for a meeting that moved, was cancelled or whose
 * deadline has passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { outboxRows, startAgendaWorld, type AgendaWorld } from './agenda-fixtures.js';

describe.each(testDatabases())('ReminderService on %s', (kind) => {
  let w: AgendaWorld;
  beforeAll(async () => {
    w = await startAgendaWorld(kind);
  });
  afterAll(() => w.t.stop());

  const reminders = () => w.agenda.reminders;
  const timers = async (prefix: string) =>
    (
      await w.db.query<{ key: string; due_at: Date; payload: Record<string, unknown> }>(
        'SELECT key, due_at, payload FROM timers WHERE key LIKE $1 ORDER BY due_at, key',
        [`${prefix}%`],
      )
    ).rows;

  it("plans 7 and 1 days before each deadline still ahead, and tomorrow's planning; planning again adds nothing", async () => {
    expect(await reminders().planReminders()).toBe(4);
    const open = w.openMeeting.startsAt.toISOString();
    const later = w.laterMeeting.startsAt.toISOString();
    expect((await timers('agenda:reminder:')).map((r) => [r.key, r.due_at.toISOString()])).toEqual([
      [`agenda:reminder:${w.openMeeting.id}:${open}:7`, '2026-11-29T22:59:59.000Z'],
      [`agenda:reminder:${w.openMeeting.id}:${open}:1`, '2026-12-05T22:59:59.000Z'],
      [`agenda:reminder:${w.laterMeeting.id}:${later}:7`, '2026-12-24T22:59:59.000Z'],
      [`agenda:reminder:${w.laterMeeting.id}:${later}:1`, '2026-12-30T22:59:59.000Z'],
    ]);
    expect((await timers('agenda:plan:')).map((r) => [r.key, r.due_at.toISOString()])).toContainEqual([
      'agenda:plan:2026-11-25',
      '2026-11-25T05:00:00.000Z',
    ]);
    expect(await reminders().planReminders()).toBe(0);
  });

  it("sends one reminder to each member's representative, once per key", async () => {
    const payload = { meetingId: w.openMeeting.id, startsAt: w.openMeeting.startsAt.toISOString(), days: 7 };
    await reminders().sendReminder(payload);
    await reminders().sendReminder(payload);
    const key = `agenda:reminder:${w.openMeeting.id}:${payload.startsAt}:7`;
    const rows = await outboxRows(w.db, key);
    expect(rows.map((r) => [r.key, r.recipient])).toEqual([
      [`${key}:751`, { kind: 'role', municipalityCode: 751, role: 'repraesentant' }],
      [`${key}:791`, { kind: 'role', municipalityCode: 791, role: 'repraesentant' }],
    ]);
    expect(JSON.stringify(rows[0].card)).toContain('Påmindelse: frist for dagsordenspunkter 06.12.2026');
    expect(JSON.stringify(rows[0].card)).toContain('agenda.open');
  });

  it('sends nothing for a meeting that moved, was cancelled, or whose deadline has passed', async () => {
    const startsAt = w.laterMeeting.startsAt.toISOString();
    await reminders().sendReminder({ meetingId: w.laterMeeting.id, startsAt: '2027-01-13T09:00:00.000Z', days: 7 });
    await reminders().sendReminder({
      meetingId: w.lateMeeting.id,
      startsAt: w.lateMeeting.startsAt.toISOString(),
      days: 1,
    });
    await w.db.query(`UPDATE meetings SET status = 'aflyst' WHERE id = $1`, [w.laterMeeting.id]);
    await reminders().sendReminder({ meetingId: w.laterMeeting.id, startsAt, days: 1 });
    await w.db.query(`UPDATE meetings SET status = 'planlagt' WHERE id = $1`, [w.laterMeeting.id]);
    expect(await outboxRows(w.db, `agenda:reminder:${w.laterMeeting.id}:`)).toEqual([]);
    expect(await outboxRows(w.db, `agenda:reminder:${w.lateMeeting.id}:`)).toEqual([]);
  });
});
