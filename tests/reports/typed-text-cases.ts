/** The reports' card builders with typed text wherever a person's words can appear (questions, names, reasons). */
import type { TypedTextCase } from '../support/typed-text.js';
import {
  buildDecisionsReportCard,
  buildDeliveriesReportCard,
  buildReachReportCard,
} from '../../src/reports/reports-cards.js';

const at = new Date('2026-11-24T09:00:00Z');

export const TYPED_TEXT_CASES: TypedTextCase[] = [
  {
    name: 'decision register (question)',
    build: (typed) =>
      buildDecisionsReportCard({
        decisions: [
          { id: 1, decidedAt: at, question: typed, result: 'vedtaget', for: 1, against: 0, abstain: 0, seats: 1 },
        ],
        total: 1,
        csvUrl: 'https://bot.example/a.csv',
      }),
  },
  {
    name: 'delivery report (reasons name people)',
    build: (typed) =>
      buildDeliveriesReportCard({
        since: at,
        batches: [
          {
            batch: 'x',
            label: 'x',
            firstAt: at,
            sent: 0,
            failed: 0,
            unreachable: 1,
            pending: 0,
            reasons: [{ reason: typed, count: 1 }],
          },
        ],
        total: 1,
        csvUrl: 'https://bot.example/a.csv',
      }),
  },
  {
    name: 'reachability (names, roles, reasons)',
    build: (typed) =>
      buildReachReportCard({
        people: [
          {
            personId: 1,
            name: typed,
            email: 'a@b.dk',
            roles: typed,
            primaryContact: true,
            mobile: false,
            state: 'none',
            reason: typed,
            lastOutcome: { status: 'unreachable', reason: typed, at },
          },
        ],
        counts: { chat: 0, install: 0, none: 1 },
        withoutPrimaryContact: [],
        demo: false,
        csvUrl: 'https://bot.example/a.csv',
      }),
  },
];
