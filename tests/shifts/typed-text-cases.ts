/**
 * The no-show card builders for the typed-text table (tests/cards/typed-text.test.ts): every field a person typed
 * gets the hostile string. Typed here: agent and contact names (the registry and the roster), the secretariat's
 * report note, the "Afløser fundet" note, and the agent's Viva Engage post quoted in the alert.
 */
import {
  buildAlertCard,
  buildQueueCard,
  buildReportShiftCard,
  buildUnreachableNoticeCard,
} from '../../src/shifts/shifts-cards.js';
import type { Incident } from '../../src/shifts/shifts-domain.js';
import type { AlertView } from '../../src/shifts/shifts-views.js';
import type { TypedTextCase } from '../support/typed-text.js';

const incident: Incident = {
  id: 12,
  shiftId: 3,
  municipalityCode: 751,
  shiftStartsAt: new Date('2026-11-24T07:00:00Z'),
  shiftEndsAt: new Date('2026-11-24T11:00:00Z'),
  source: 'manual',
  status: 'acknowledged',
  step: 1,
  openedAt: new Date('2026-11-24T07:05:00Z'),
  reportedBy: 4,
  reportNote: null,
  acknowledgedBy: 5,
  acknowledgedAt: new Date('2026-11-24T07:09:00Z'),
  eta: new Date('2026-11-24T07:30:00Z'),
  resolvedAt: null,
  resolution: null,
  resolvedBy: null,
  resolutionNote: null,
  loginAt: null,
};

function alertView(typed: string, overrides: Partial<Incident> = {}): AlertView {
  const at = new Date('2026-11-24T07:06:00Z');
  return {
    incident: { ...incident, reportNote: typed, ...overrides },
    municipalityName: 'Aarhus',
    agentLabel: typed,
    notice: { postedAt: at, text: typed },
    events: [
      { kind: 'reported', personName: typed, at, note: typed },
      { kind: 'acknowledged', personName: typed, at, note: null },
      { kind: 'eta', personName: typed, at, note: 'kl. 08:30' },
      { kind: 'unreachable', personName: null, at, note: `Primær kontaktperson (${typed}) kunne ikke nås i Teams` },
      { kind: 'sms', personName: null, at, note: `Sms sendt til ${typed}` },
      { kind: 'leader', personName: null, at, note: typed },
      { kind: 'resolved', personName: typed, at, note: typed },
    ],
    now: new Date('2026-11-24T07:10:00Z'),
  };
}

export const TYPED_TEXT_CASES: TypedTextCase[] = [
  {
    name: 'shifts alert (names, report note, Engage post, history)',
    build: (typed) => buildAlertCard(alertView(typed)),
  },
  {
    name: 'shifts alert, resolved (replacement note)',
    build: (typed) =>
      buildAlertCard(
        alertView(typed, {
          status: 'resolved',
          resolution: 'replacement',
          resolutionNote: typed,
          resolvedAt: new Date('2026-11-24T07:20:00Z'),
        }),
      ),
  },
  {
    name: 'shifts work queue (agent, numbers to call)',
    build: (typed) =>
      buildQueueCard({
        alerts: [alertView(typed)],
        phones: new Map([[751, [`${typed} (primær kontaktperson): +45 20 01 07 03`]]]),
        more: false,
      }),
  },
  {
    name: "shifts secretariat's notice (names)",
    build: (typed) =>
      buildUnreachableNoticeCard({
        municipalityName: 'Aarhus',
        sentence: `Primær kontaktperson (${typed}) kunne ikke nås i Teams`,
        next: 'Udeblivelsen er sendt videre.',
        shift: '24.11.2026 kl. 08:00–12:00',
        phones: [`${typed} (primær kontaktperson): +45 20 01 07 03`],
      }),
  },
  {
    name: 'shifts report, shift choice (agent names)',
    build: (typed) =>
      buildReportShiftCard({
        municipalityCode: 751,
        municipalityName: 'Aarhus',
        shifts: [{ shiftId: 3, startsAt: incident.shiftStartsAt, endsAt: incident.shiftEndsAt!, agentLabel: typed }],
      }),
  },
];
