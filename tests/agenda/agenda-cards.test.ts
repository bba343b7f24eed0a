/**
 * The agenda's templates and builders: every Action.Execute says which inputs it sends, so no card blocks its own
 * buttons (the review card's reason box never blocks Godkend); status colours are container styles around default
 * text; counted words are Danish (no bracket plurals); a decided item's card keeps no inputs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR, expandCard } from '../../src/ui/card-template.js';
import { BRACKET_PLURAL } from '../../src/shared/danish.js';
import { buildAgendaItemCard, buildLateSubmissionCard, buildReviewQueueCard } from '../../src/agenda/agenda-cards.js';
import type { AgendaItemView } from '../../src/agenda/agenda-views.js';

const templates = readdirSync(CARDS_DIR).filter((file) => file.startsWith('agenda-') && file.endsWith('.json'));

function nodes(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}

const view = (status: AgendaItemView['item']['status'], audience: AgendaItemView['audience']): AgendaItemView => ({
  audience,
  item: {
    id: 12,
    meetingId: 3,
    submitterPersonId: 5,
    title: 'Vagtplanen 2027',
    markers: ['O', 'B'],
    presenter: 'Rikke, Viborg',
    introduction: '',
    recommendation: 'Det indstilles, at planen godkendes.',
    attachments: [
      { name: 'Plan', url: 'https://eksempel.dk/plan.pdf' },
      { name: 'Bilag', url: 'https://eksempel.dk/bilag.pdf' },
    ],
    subItems: [],
    status,
    late: false,
    reason: status === 'afvist' ? 'Hører til i forummet' : null,
    position: null,
    version: 2,
    submittedAt: new Date('2026-11-20T09:00:00Z'),
  },
  meeting: {
    id: 3,
    kind: 'styregruppe',
    startsAt: new Date('2026-12-10T09:00:00Z'),
    endsAt: new Date('2026-12-10T11:00:00Z'),
    place: 'Aarhus Rådhus',
    hostMunicipalityCode: 751,
    status: 'planlagt',
  },
  deadline: new Date('2026-11-26T22:59:59Z'),
  submitterName: 'Rikke Repræsentant',
  changeable: status === 'indsendt',
  reviewable: status === 'indsendt',
  moveTargets: [
    { meetingId: 7, startsAt: new Date('2027-01-14T09:00:00Z'), deadline: new Date('2026-12-31T22:59:59Z') },
  ],
  notice: null,
});

describe('agenda cards', () => {
  it.each(templates)('%s: every Action.Execute declares associatedInputs', (file) => {
    const template = JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8'));
    const executes = nodes(template).filter((node) => node.type === 'Action.Execute');
    for (const action of executes) expect(action.associatedInputs, JSON.stringify(action)).toBeDefined();
  });

  it.each(templates)('%s: colours come from container styles, not coloured text', (file) => {
    const template = JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8'));
    expect(nodes(template).filter((node) => 'color' in node)).toEqual([]);
  });

  it.each(templates)('%s with its sample has no bracket plurals and no required inputs', (file) => {
    const name = file.replace(/\.json$/, '');
    const card = expandCard(name, JSON.parse(readFileSync(join(CARDS_DIR, 'samples', file), 'utf8')));
    expect(JSON.stringify(card)).not.toMatch(BRACKET_PLURAL);
    expect(nodes(card).filter((node) => node.isRequired === true)).toEqual([]);
  });

  it('lets Godkend go without the reason box; Afvis and Flyt send what was typed', () => {
    const actions = nodes(buildAgendaItemCard(view('indsendt', 'reviewer'))).filter(
      (node) => node.type === 'Action.Execute',
    );
    expect(actions.map((a) => [a.title, a.associatedInputs])).toEqual([
      ['Godkend', 'none'],
      ['Afvis', 'auto'],
      ['Flyt til valgt møde', 'auto'],
    ]);
    const inputs = nodes(buildAgendaItemCard(view('indsendt', 'reviewer'))).filter((node) =>
      String(node.type).startsWith('Input.'),
    );
    expect(inputs.map((input) => input.id)).toEqual(['reason-12', 'targetMeetingId-12']);
  });

  it('shows the outcome of a decided item with no reason box, no meeting list and no buttons', () => {
    for (const status of ['godkendt', 'afvist', 'trukket'] as const) {
      const card = buildAgendaItemCard(view(status, 'reviewer'));
      const all = nodes(card);
      expect(all.filter((node) => String(node.type).startsWith('Input.'))).toEqual([]);
      expect(all.filter((node) => node.type === 'Action.Execute')).toEqual([]);
      expect(
        all.some((node) => node.type === 'Container' && ['good', 'attention', 'warning'].includes(String(node.style))),
      ).toBe(true);
    }
    expect(JSON.stringify(buildAgendaItemCard(view('afvist', 'reviewer')))).toContain(
      'Begrundelse: Hører til i forummet',
    );
  });

  it('counts in Danish: one waiting item, two attachments', () => {
    const queue = buildReviewQueueCard({
      meetings: [
        {
          meeting: {
            meetingId: 3,
            startsAt: new Date('2026-12-10T09:00:00Z'),
            deadline: new Date('2026-11-26T22:59:59Z'),
          },
          items: [view('indsendt', 'reviewer')],
        },
      ],
      last: null,
    });
    expect(JSON.stringify(queue)).toContain('1 punkt venter på behandling.');
    expect(JSON.stringify(queue)).toContain('"value":"2 bilag"');
    const late = buildLateSubmissionCard({
      meetingStartsAt: new Date('2026-12-05T09:00:00Z'),
      deadline: new Date('2026-11-21T22:59:59Z'),
      nextMeeting: null,
    });
    const warning = nodes(late).find((node) => node.type === 'Container');
    expect(warning).toMatchObject({ style: 'warning' });
    expect(JSON.stringify(warning)).toContain('Fristen er overskredet');
  });

  it('keeps a long queue under Teams’ card size and says how many more wait', () => {
    const long = (id: number): AgendaItemView => {
      const base = view('indsendt', 'reviewer');
      return { ...base, item: { ...base.item, id, introduction: 'Lang introduktion. '.repeat(200) } };
    };
    const group = (ids: number[]) => ({
      meeting: { meetingId: 3, startsAt: new Date('2026-12-10T09:00:00Z'), deadline: new Date('2026-11-26T22:59:59Z') },
      items: ids.map(long),
    });
    const card = buildReviewQueueCard({
      meetings: [group([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), group([11, 12])],
      last: null,
    });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    const shown = nodes(card).filter((node) => node.type === 'Action.Execute' && node.title === 'Godkend').length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(12);
    expect(JSON.stringify(card)).toContain(`12 punkter venter på behandling. Her er de første ${shown};`);
    const small = buildReviewQueueCard({ meetings: [group([1]), group([2])], last: null });
    expect(nodes(small).filter((node) => node.title === 'Godkend')).toHaveLength(2);
    expect(JSON.stringify(small)).toContain('"2 punkter venter på behandling."');
  });
});
