/** The no-show cards are valid Adaptive Cards 1.5, small, and keep user text literal. */
import { describe, expect, it } from 'vitest';
import * as AC from 'adaptivecards';
import {
  buildAlertCard,
  buildReportShiftCard,
  buildReportStartCard,
  buildUnreachableNoticeCard,
  SHIFT_VERBS,
} from '../../src/shifts/shifts-cards.js';
import type { Incident } from '../../src/shifts/shifts-domain.js';

function validate(card: Record<string, unknown>): string[] {
  const ac = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  ac.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of ac.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

const incident: Incident = {
  id: 12,
  shiftId: 3,
  municipalityCode: 751,
  shiftStartsAt: new Date('2026-11-24T07:00:00Z'),
  shiftEndsAt: new Date('2026-11-24T11:00:00Z'),
  source: 'detected',
  status: 'open',
  step: 0,
  openedAt: new Date('2026-11-24T07:05:00Z'),
  reportedBy: null,
  reportNote: null,
  acknowledgedBy: null,
  acknowledgedAt: null,
  eta: null,
  resolvedAt: null,
  resolution: null,
  resolvedBy: null,
  resolutionNote: null,
  loginAt: null,
};
const now = new Date('2026-11-24T07:07:00Z');
const hostile = '**fed** ${title} [link](https://evil.example) <b>x</b>';

function texts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(card);
  return out;
}

describe('shifts cards', () => {
  it('the open alert shows the facts and the three buttons, bound as text', () => {
    const card = buildAlertCard({
      incident,
      municipalityName: 'Aarhus',
      agentLabel: hostile,
      now,
      notice: { postedAt: new Date('2026-11-24T07:03:00Z'), text: hostile },
      events: [{ kind: 'opened', personName: null, at: incident.openedAt, note: null }],
    });
    expect(validate(card)).toEqual([]);
    expect(JSON.stringify(card).length).toBeLessThan(28_000);
    const t = texts(card);
    expect(t).toContain('Udeblivelse fra vagt: Aarhus');
    expect(t).toContain(hostile);
    expect(t).toContain(`Agenten har skrevet på Viva Engage kl. 08:03: ${hostile}`);
    expect(t).toContain('24.11.2026 kl. 08:00–12:00');
    expect(t).toContain('7 min. (kl. 08:07)');
    const actions = (card.actions as any[]).map((a) => a.title);
    expect(actions).toEqual(['Kvitter', 'Agent på vej', 'Afløser fundet']);
    expect((card.actions as any[])[0]).toMatchObject({
      type: 'Action.Execute',
      verb: SHIFT_VERBS.acknowledge,
      data: { incidentId: 12 },
    });
    // TextRuns only: no markdown-rendering TextBlock carries user text.
    expect(JSON.stringify(card)).not.toMatch(/"type":"TextBlock","text":"\*\*fed/);
  });

  it('a resolved alert has no buttons and says how it ended', () => {
    const card = buildAlertCard({
      incident: {
        ...incident,
        status: 'resolved',
        resolution: 'login',
        loginAt: new Date('2026-11-24T07:12:00Z'),
        resolvedAt: new Date('2026-11-24T07:12:00Z'),
      },
      municipalityName: 'Aarhus',
      agentLabel: 'Agent',
      now,
      notice: null,
      events: [],
    });
    expect(validate(card)).toEqual([]);
    expect(card.actions ?? []).toEqual([]);
    expect(texts(card)).toContain('Løst: Agent loggede på kl. 08:12');
  });

  it('the report cards and the unreachable notice are valid', () => {
    expect(validate(buildReportStartCard({ municipalities: [{ code: 751, name: 'Aarhus' }] }))).toEqual([]);
    expect(
      validate(
        buildReportShiftCard({
          municipalityName: 'Aarhus',
          municipalityCode: 751,
          shifts: [{ shiftId: 3, startsAt: incident.shiftStartsAt, endsAt: now, agentLabel: hostile }],
        }),
      ),
    ).toEqual([]);
    expect(
      validate(
        buildUnreachableNoticeCard({
          municipalityName: 'Aarhus',
          sentence: 'X kunne ikke nås',
          next: 'Videre.',
          shift: 'kl. 08:00',
          phones: ['Signe Holm (primær kontaktperson): +45 20 01 07 03'],
        }),
      ),
    ).toEqual([]);
  });
});
