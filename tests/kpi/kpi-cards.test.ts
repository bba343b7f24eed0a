/** The KPI cards at their largest are valid Teams cards under the size limit, and user text stays text. */
import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { assess, DEFAULT_THRESHOLDS, totalsOf, AGENTS_PER_CARD } from '../../src/kpi/kpi-domain.js';
import { buildMunicipalityCard, type MunicipalityView } from '../../src/kpi/kpi-cards.js';
import { buildSummaryCard, buildUploadCard } from '../../src/kpi/kpi-secretariat-cards.js';

function sdkProblems(card: Record<string, unknown>): string[] {
  const ctx = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

const a = assess(
  totalsOf([{ callsHandled: 1234, callsResolved: 555, satisfactionAnswers: 321, satisfactionMean: 6.42 }]),
  DEFAULT_THRESHOLDS,
);
const longName = (n: number) => `Agent ${n} ${'Meget-Langt-Efternavn '.repeat(3)}`;

const input = (over: Partial<MunicipalityView> = {}): MunicipalityView => ({
  kind: 'advarsel',
  period: '2026-10',
  municipality: 'Ringkøbing-Skjern',
  municipalityCode: 760,
  assessment: a,
  thresholds: DEFAULT_THRESHOLDS,
  followUp: 'ikke_forbedret',
  trend: [
    { period: '2026-08', resolutionRate: 58.1, satisfaction: 7.2 },
    { period: '2026-09', resolutionRate: 52.3, satisfaction: 6.9 },
    { period: '2026-10', resolutionRate: 45, satisfaction: 6.42 },
  ],
  chart: true,
  audience: 'koordinator',
  agents: Array.from({ length: AGENTS_PER_CARD }, (_, n) => ({
    personId: n + 1,
    name: longName(n),
    figures: 'Straksafklaring 33,3 % · tilfredshed 6,5 · 60 opkald',
    done: n % 3 === 0,
    state:
      n % 3 === 0
        ? 'Undervisning gennemført 20.11.2026 (registreret af Karen Koordinator)'
        : 'På træningslisten siden 2026-09: kan ikke tage vagter',
    canTrain: true,
  })),
  agentsTotal: 212,
  warning: {
    id: 7,
    period: '2026-10',
    municipalityCode: 760,
    kind: 'advarsel',
    withdrawn: false,
    escalated: true,
    agendaItemId: 3,
    acknowledgedBy: null,
    acknowledgedAt: null,
    plan: 'x'.repeat(2000),
    planBy: 'Lars Leder',
    planAt: new Date('2026-11-20T10:00:00Z'),
  },
  escalation: 'Kommunen lå også under målet sidste måned.',
  canRespond: true,
  ...over,
});

describe('KPI cards', () => {
  it('the largest warning card is valid (only the chart is unknown to the SDK, with its table fallback) and under 28 KB', () => {
    const card = buildMunicipalityCard(input());
    expect(card.version).toBe('1.5');
    expect(sdkProblems(card)).toEqual([
      'Unknown element type "Chart.Line". Fallback will be used if present.',
      'Unknown element type "Chart.Line". Fallback will be used if present.',
    ]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    const text = JSON.stringify(card);
    expect(text).not.toMatch(/\$\{/);
    expect(text).toContain('… og 197 agenter mere');
    // Ten agents have the training button (not the five already done), plus Kvitter, the plan and the menu.
    expect(text.match(/"verb":"kpi\.training-done"/g)).toHaveLength(10 * 2);
    expect(text).toContain('Gem opfølgningsplan');
  });

  it('without charts it is a compact table and the SDK has nothing to say', () => {
    const card = buildMunicipalityCard(input({ chart: false }));
    expect(sdkProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"type":"Table"');
    expect(JSON.stringify(card)).not.toContain('Chart.Line');
  });

  it("shows no agents and no training buttons to the municipality's other roles", () => {
    const card = JSON.stringify(buildMunicipalityCard(input({ audience: 'kommune', agents: [], agentsTotal: 0 })));
    expect(card).not.toContain('Agent 1 ');
    expect(card).not.toContain('kpi.training-done');
    expect(card).toContain('sendt til kommunens kvalitetskoordinator og leder');
  });

  it('keeps names and plans as text: no template expansion, no markdown', () => {
    const card = buildMunicipalityCard(
      input({
        agents: [
          {
            personId: 1,
            name: '${1+1} **Fed** [link](https://x)',
            figures: null,
            done: false,
            state: 'x',
            canTrain: false,
          },
        ],
        warning: { ...input().warning!, plan: '${$root.title} _kursiv_' },
      }),
    );
    const text = JSON.stringify(card);
    expect(text).toContain('${1+1} **Fed** [link](https://x)');
    expect(text).toContain('${$root.title} _kursiv_');
    // Names are TextRuns (no markdown in Teams), the plan an input value.
    expect(text).toMatch(/"type":"TextRun","text":"\$\{1\+1\} \*\*Fed\*\*/);
  });

  it('the summary and upload cards are valid', () => {
    const summary = buildSummaryCard({
      period: '2026-10',
      assessment: a,
      thresholds: DEFAULT_THRESHOLDS,
      municipalities: 60,
      counts: { ok: 40, advarsel: 15, forFaaData: 5, escalated: 3, improved: 4, flaggedAgents: 120 },
      below: Array.from({ length: 60 }, (_, n) => ({
        name: `Kommune ${n} (2. måned)`,
        resolution: '45,0 % ↓',
        satisfaction: '6,4 ↓',
      })),
      escalations: Array.from(
        { length: 20 },
        (_, n) =>
          `Kommune ${n} lå under målet i september og oktober 2026: et orienteringspunkt (O) er foreslået til styregruppen (punkt #${n}).`,
      ),
      replaced: true,
    });
    expect(sdkProblems(summary)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(summary))).toBeLessThan(28 * 1024);
    expect(sdkProblems(buildUploadCard('2026-10'))).toEqual([]);
    expect(JSON.stringify(buildUploadCard(null))).toContain('tilfredshed_gns');
  });
});
