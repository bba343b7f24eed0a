/**
 * Danish that reads right on the election's and the votes' cards and in `npm run election -- key` (issue 18): counted
 * nouns instead of bracket plurals, methods by their Danish names instead of internal keys, numbers in da-DK, Danish
 * labels and placeholders on the vote form's date and time, and buttons that declare the inputs they use.
 */
import { describe, expect, it } from 'vitest';
import { BRACKET_PLURAL } from '../../src/shared/danish.js';
import {
  buildKeyCard,
  buildRoundCard,
  buildCommitteeConfirmedCard,
  keyTable,
} from '../../src/elections/elections-cards.js';
import { buildVoteCard, buildVoteFormCard } from '../../src/voting/voting-cards.js';
import type { KeyView } from '../../src/elections/elections-views.js';
import type { Method } from '../../src/elections/elections-domain.js';
import { constitution } from './typed-text-cases.js';

const json = (x: unknown) => JSON.stringify(x);
const INTERNAL = /largest-remainder|dhondt|\b(open|closed|confirmed)\b/;

const key = (method: Method, seats: number, missing: number): KeyView => ({
  quarter: '2027K3',
  isDemo: false,
  missing,
  method,
  rows: [
    { region: 'Hovedstaden', population: 1_234_567, seats, electable: seats },
    { region: 'Sjælland', population: 850_000, seats: 1, electable: 1 },
    { region: 'Syddanmark', population: 1_230_000, seats: 3, electable: 3 },
    { region: 'Midtjylland', population: 1_350_000, seats: 2, electable: 1 },
    { region: 'Nordjylland', population: 590_000, seats: 0, electable: 0 },
  ],
  order: ['Hovedstaden', 'Midtjylland'],
  tie: { regions: ['Sjælland', 'Nordjylland'], seats },
  canStart: false,
  running: false,
  notice: null,
});

describe('Danish form on election and vote cards', () => {
  it.each([0, 1, 2])('counts with the right noun form for %s, in every card and in the CLI table', (n) => {
    const texts = [
      json(buildKeyCard(key('largest-remainder', n, n))),
      keyTable(key('dhondt', n, n)).join('\n'),
      json(
        buildRoundCard({
          electionId: 1,
          region: 'Midtjylland',
          seats: n,
          open: true,
          votes: n,
          members: n,
          candidates: [{ personId: 1, municipalityCode: 791, name: 'Vera Viborg', votes: n }],
          result: null,
          notice: null,
        }),
      ),
      json(
        buildCommitteeConfirmedCard({
          termName: 'Styregruppen 2028-2029',
          seats: n,
          alreadyConfirmed: false,
          constitution: constitution('Vera Viborg'),
        }),
      ),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(BRACKET_PLURAL);
      expect(text).not.toMatch(INTERNAL);
    }
    expect(texts[2]).toContain(n === 1 ? '1 stemme"' : `${n} stemmer"`);
    expect(texts[2]).toContain(n === 1 ? 'vælger 1 medlem ' : `vælger ${n} medlemmer`);
  });

  it("names the method in Danish and writes numbers as Danes do, in the CLI's table too", () => {
    const table = keyTable(key('largest-remainder', 4, 0)).join('\n');
    expect(table).toContain('metode: største brøk');
    expect(table).toContain('befolkning pr. 1. juli 2027');
    expect(table).toContain('1.234.567');
    expect(keyTable(key('dhondt', 4, 0))[0]).toContain("metode: D'Hondt");
    expect(json(buildKeyCard(key('dhondt', 4, 0)))).toContain('1.234.567 indb.');
  });

  it("labels the vote form's date and time in Danish, with Danish placeholders", () => {
    const inputs = (buildVoteFormCard({ question: '', recommendation: '', itemId: null }).body as any[]).filter((e) =>
      ['Input.Date', 'Input.Time'].includes(e.type),
    );
    expect(inputs.map((e) => [e.type, e.label, e.placeholder])).toEqual([
      ['Input.Date', 'Lukker (dato, valgfri)', 'Vælg dato'],
      ['Input.Time', 'Lukker (klokkeslæt)', 'Vælg klokkeslæt'],
    ]);
  });

  it('counts the seats that voted without a bracket plural', () => {
    const card = (seats: number) =>
      json(
        buildVoteCard({
          vote: {
            id: 1,
            question: 'Spørgsmål',
            recommendation: '',
            agendaItemId: null,
            conversationId: 'c',
            anonymous: false,
            showDuring: true,
            closesAt: null,
            status: 'open',
            result: null,
            startedAt: new Date(),
            closedAt: null,
            chairPersonId: null,
          },
          tally: { for: 0, imod: 0, undlader: 0, voted: 0, seats },
          ballots: [],
          seatCodes: [],
          userIds: [],
        }),
      );
    expect(card(1)).toContain('0 af 1 har stemt');
    expect(card(13)).toContain('0 af 13 har stemt');
    expect(card(1)).not.toMatch(BRACKET_PLURAL);
  });
});
