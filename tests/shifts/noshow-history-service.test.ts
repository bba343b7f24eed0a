/**
 * NoShowHistoryService's contract. The month card is the secretariat's (anyone else: FORBIDDEN): the requested
 * month when it is one of the last 13 in Copenhagen time, else the current one, with a row per municipality of the
 * incidents opened in it. The CSV takes any month (a bad one is INVALID_INPUT). It reads only; aggregates, no names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyCsv, monthBounds, summarize } from '../../src/shifts/noshow-history-service.js';
import type { Incident } from '../../src/shifts/shifts-domain.js';
import { insertIncident, markAcknowledged } from '../../src/shifts/shifts-incident-repository.js';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { personIn } from './shifts-support.js';

const base: Incident = {
  id: 1,
  shiftId: 1,
  municipalityCode: 751,
  shiftStartsAt: new Date('2024-01-10T07:00:00Z'),
  shiftEndsAt: null,
  source: 'detected',
  status: 'resolved',
  step: 0,
  openedAt: new Date('2024-01-10T07:05:00Z'),
  reportedBy: null,
  reportNote: null,
  acknowledgedBy: 1,
  acknowledgedAt: new Date('2024-01-10T07:09:00Z'),
  eta: null,
  resolvedAt: new Date('2024-01-10T07:20:00Z'),
  resolution: 'login',
  resolvedBy: null,
  resolutionNote: null,
  loginAt: new Date('2024-01-10T07:20:00Z'),
};

describe('no-show history', () => {
  it('counts per municipality, busiest first', () => {
    const rows = summarize([
      base,
      { ...base, id: 2, acknowledgedAt: new Date('2024-01-10T07:07:00Z'), resolution: 'replacement' },
      {
        ...base,
        id: 3,
        municipalityCode: 461,
        source: 'manual',
        status: 'open',
        acknowledgedAt: null,
        resolution: null,
      },
    ]);
    expect(rows).toEqual([
      expect.objectContaining({
        municipalityName: 'Aarhus',
        incidents: 2,
        acknowledged: 2,
        resolvedByLogin: 1,
        replacementFound: 1,
        stillOpen: 0,
        meanMinutesToAcknowledge: 3,
      }),
      expect.objectContaining({
        municipalityName: 'Odense',
        incidents: 1,
        manual: 1,
        stillOpen: 1,
        meanMinutesToAcknowledge: null,
      }),
    ]);
  });

  it('writes CSV for Danish Excel', () => {
    const csv = historyCsv('2024-01', summarize([base]));
    expect(csv.startsWith('\uFEFF"maaned";"kommunekode";"kommune"')).toBe(true);
    expect(csv).toContain('"2024-01";"751";"Aarhus";"1";"1";"0";"1";"1";"0";"0";"4"');
  });

  it('uses Copenhagen month boundaries and refuses a bad month', () => {
    expect(monthBounds('2024-01', 'Europe/Copenhagen').from.toISOString()).toBe('2023-12-31T23:00:00.000Z');
    expect(monthBounds('2024-07', 'Europe/Copenhagen').to.toISOString()).toBe('2024-07-31T22:00:00.000Z');
    expect(() => monthBounds('jan 2024', 'Europe/Copenhagen')).toThrow(/ÅÅÅÅ-MM/);
  });
});

describe.each(testDatabases())('NoShowHistoryService on %s', (kind) => {
  let t: TestApp;
  const history = () => t.app.modules.shifts.history;
  const opened = async (municipalityCode: number, openedAt: string) =>
    (await insertIncident(t.deps.db, {
      shiftId: null,
      municipalityCode,
      shiftStartsAt: new Date(openedAt),
      shiftEndsAt: null,
      source: 'manual',
      openedAt: new Date(openedAt),
      reportedBy: null,
      reportNote: null,
    }))!;

  beforeAll(async () => {
    // 00:30 on 1 December in Copenhagen, still 30 November in UTC.
    t = await startTestApp({ now: '2026-11-30T23:30:00Z', database: kind });
    const secretary = await personIn(t, { secretariat: true, reachable: false });
    const acknowledged = await opened(751, '2026-11-30T23:10:00Z');
    await markAcknowledged(t.deps.db, acknowledged.id, secretary.person.id, new Date('2026-11-30T23:16:00Z'), null);
    await opened(751, '2026-11-30T22:50:00Z');
    await opened(461, '2026-11-02T08:00:00Z');
  });
  afterAll(() => t?.stop());

  it('refuses everyone but the secretariat', async () => {
    const contact = await personIn(t, { roles: [[751, 'primaer_kontakt']], reachable: false });
    await expect(history().monthView(contact.actor, null)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      userMessage: 'Kun DDH-sekretariatet kan se historikken over udeblivelser.',
    });
  });

  it('shows the current Copenhagen month by default, with the last 13 months to choose from', async () => {
    const secretary = await personIn(t, { secretariat: true, reachable: false });
    const view = await history().monthView(secretary.actor, null);
    expect(view.month).toBe('2026-12');
    expect(view.months).toHaveLength(13);
    expect([view.months[0], view.months[12]]).toEqual(['2026-12', '2025-12']);
    expect(view.rows).toEqual([
      expect.objectContaining({
        municipalityName: 'Aarhus',
        incidents: 1,
        acknowledged: 1,
        meanMinutesToAcknowledge: 6,
      }),
    ]);
  });

  it('shows a requested month among the 13; any other falls back to the current one', async () => {
    const secretary = await personIn(t, { secretariat: true, reachable: false });
    const november = await history().monthView(secretary.actor, '2026-11');
    expect(november.month).toBe('2026-11');
    // As many in each: by Danish name, where "Aa" is Å and comes last.
    expect(november.rows.map((row) => [row.municipalityName, row.incidents])).toEqual([
      ['Odense', 1],
      ['Aarhus', 1],
    ]);
    expect((await history().monthView(secretary.actor, '2020-01')).month).toBe('2026-12');
  });

  it('writes any month as CSV and refuses a month it cannot read', async () => {
    expect(await history().csv('2026-11')).toContain('"2026-11";"461";"Odense";"1";"0";"1"');
    await expect(history().csv('november')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
