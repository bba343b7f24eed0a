import { describe, expect, it } from 'vitest';
import { historyCsv, monthBounds, summarize } from '../../src/shifts/noshow-history-service.js';
import type { Incident } from '../../src/shifts/shifts-domain.js';

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
