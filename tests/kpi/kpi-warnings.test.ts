/**
 * Three months through the real app: the warning, the next month's check (escalation to the secretariat and an
 * (O) item for the steering committee; improvement), answers on the card, the training gate, and privacy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting } from '../support/registry-fixtures.js';
import { KPI_VERBS } from '../../src/kpi/kpi-cards.js';
import { cardsTo, createKpiWorld, csv, everythingTo, PEOPLE, type KpiWorld } from './kpi-fixtures.js';

const REFUSED = /Kun |ikke adgang/;

describe.each(testDatabases())('KPI warnings, follow-up and training on %s', (database) => {
  let t: TestApp;
  let w: KpiWorld;
  const text = (x: unknown) => JSON.stringify(x);
  const importFile = (rows: string[], name: string) => t.app.modules.kpi.imports.importFile(csv(...rows), name, null);
  const warningId = async (period: string, code: number) =>
    (
      await t.deps.db.query<{ id: number }>(
        'SELECT id FROM kpi_warnings WHERE period = $1 AND municipality_code = $2',
        [period, code],
      )
    ).rows[0].id;
  const dump = async () =>
    text((await t.deps.db.query('SELECT * FROM kpi_warnings ORDER BY id')).rows) +
    text((await t.deps.db.query('SELECT * FROM kpi_training ORDER BY 1, 3')).rows);

  beforeAll(async () => {
    t = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    w = await createKpiWorld(t);
    await addMeeting(t.deps.db, { startsAt: '2026-12-20T09:00:00Z', place: 'Viborg Rådhus', host: 791 });
  });
  afterAll(() => t.stop());
  beforeEach(async () => {
    await t.runJobs();
    t.connector.reset();
  });

  it('month 1: Viborg is warned, Odense is not', async () => {
    const s = await importFile(
      [
        '2026-09;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5',
        '2026-09;791;birte.agent@viborg.eksempel.dk;40;35;20;8',
        '2026-09;461;;200;150;80;7,8',
      ],
      'sep.csv',
    );
    expect(s).toMatchObject({ warned: 1, escalated: 0, flaggedAgents: 1 });
  });

  it('month 2 without improvement: escalates to the secretariat and proposes an (O) item, marked as generated', async () => {
    const s = await importFile(
      [
        '2026-10;791;anders.agent@viborg.eksempel.dk;80;30;30;6,0',
        '2026-10;791;birte.agent@viborg.eksempel.dk;40;20;20;7,5',
        '2026-10;461;dorte.agent@odense.eksempel.dk;200;100;80;6,8',
      ],
      'okt.csv',
    );
    expect(s).toMatchObject({ period: '2026-10', warned: 2, escalated: 1, flaggedAgents: 3 });
    const item = await t.deps.db.query<{
      title: string;
      markers: string[];
      presenter: string;
      submitter_person_id: number | null;
      introduction: string;
      status: string;
    }>('SELECT title, markers, presenter, submitter_person_id, introduction, status FROM agenda_items');
    expect(item.rows).toHaveLength(1);
    expect(item.rows[0]).toMatchObject({
      markers: ['O'],
      presenter: 'DDH-sekretariatet',
      submitter_person_id: null,
      status: 'indsendt',
    });
    expect(item.rows[0].title).toContain('Viborg');
    expect(item.rows[0].title).toContain('genereret af DDH-botten');
    expect(item.rows[0].introduction).not.toMatch(/Anders|Birte/);
    await t.runJobs();
    const secretariat = cardsTo(t, w.chat('secretary')).join('\n');
    // One summary for the month names the escalation; the agenda's own review card carries the item.
    expect(secretariat).toMatch(
      /Viborg lå under målet i september og oktober 2026: et orienteringspunkt \(O\) er foreslået til styregruppen \(punkt #\d+\)/,
    );
    expect(secretariat).toContain('Nyt dagsordenspunkt');
    expect(secretariat).toContain('20.12.2026');
    expect(secretariat).toContain('genereret af DDH-botten');
    expect(secretariat).not.toMatch(/Anders|Birte|Dorte/);
    const coordinator = cardsTo(t, w.chat('coordinator')).join();
    expect(coordinator).toContain('KPI-advarsel 2026-10: Viborg');
    expect(coordinator).toContain('kvaliteten er ikke løftet');
    expect(coordinator).toContain('orienteringspunkt (O)');
    // The trend: September and October, as a chart with the table as fallback.
    expect(coordinator).toContain('Chart.Line');
    expect(coordinator).toMatch(/2026-09[\s\S]*2026-10/);
    // Odense is warned too, with its own agent only.
    const odense = cardsTo(t, w.chat('otherCoordinator')).join();
    expect(odense).toContain('KPI-advarsel 2026-10: Odense');
    expect(odense).toContain('Dorte Agent');
    expect(odense).not.toMatch(/Anders|Birte|Viborg/);
    expect(cardsTo(t, w.chat('agentA'))).toEqual([]);
  });

  it('re-importing the month does not escalate or propose twice', async () => {
    const s = await importFile(
      [
        '2026-10;791;anders.agent@viborg.eksempel.dk;80;30;30;6,0',
        '2026-10;791;birte.agent@viborg.eksempel.dk;40;20;20;7,5',
        '2026-10;461;dorte.agent@odense.eksempel.dk;200;100;80;6,8',
      ],
      'okt.csv',
    );
    expect(s).toMatchObject({ escalated: 0, replaced: true });
    expect((await t.deps.db.query('SELECT 1 FROM agenda_items')).rows).toHaveLength(1);
    await t.runJobs();
    expect(t.connector.sent()).toHaveLength(0);
  });

  it('the municipality acknowledges once; others are refused and change nothing', async () => {
    const id = await warningId('2026-10', 791);
    const before = await dump();
    for (const who of [PEOPLE.otherCoordinator, PEOPLE.agentA, PEOPLE.secretary]) {
      expect(text((await t.execute(who, KPI_VERBS.acknowledge, { warningId: id })).body)).toMatch(REFUSED);
    }
    expect(await dump()).toBe(before);
    // Pressed twice at once (a double-click, a Teams retry): one acknowledgement, both answers show it.
    const [first, twin] = await Promise.all(
      [0, 1].map(() => t.execute(PEOPLE.primary, KPI_VERBS.acknowledge, { warningId: id })),
    );
    expect(text(first.body)).toContain('Kvitteret af Pia Primær');
    expect(text(twin.body)).toContain('Kvitteret af Pia Primær');
    const acks = await t.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM kpi_warnings WHERE id = $1 AND acknowledged_by IS NOT NULL',
      [id],
    );
    expect(acks.rows[0].n).toBe(1);
    expect(text(first.body)).not.toContain('Anders');
    // A Teams retry, or the leader pressing too, counts once.
    const again = await t.execute(PEOPLE.leader, KPI_VERBS.acknowledge, { warningId: id });
    expect(text(again.body)).toContain('Kvitteret af Pia Primær');
    expect(text(again.body)).toContain('Anders Agent');
    await t.runJobs();
    expect(everythingTo(t, w.chat('coordinator')).at(-1)).toContain('Kvitteret af Pia Primær');
  });

  it('saves the follow-up plan, shows it on every card and tells the secretariat', async () => {
    const id = await warningId('2026-10', 791);
    expect(text((await t.execute(PEOPLE.leader, KPI_VERBS.plan, { warningId: id, plan: 'kort' })).body)).toContain(
      'mindst et par linjer',
    );
    const plan = 'Sidemandsoplæring hver tirsdag og e-learning for alle nye agenter inden 1. december. **ikke fed**';
    const r = await t.execute(PEOPLE.leader, KPI_VERBS.plan, { warningId: id, plan });
    expect(text(r.body)).toContain('Opfølgningsplan gemt af Lars Leder');
    await t.runJobs();
    expect(everythingTo(t, w.chat('primary')).at(-1)).toContain('Sidemandsoplæring hver tirsdag');
    const toSecretariat = cardsTo(t, w.chat('secretary')).join();
    expect(toSecretariat).toContain('Opfølgningsplan fra Viborg');
    expect(toSecretariat).toContain('**ikke fed**');
    expect(
      (await t.deps.db.query<{ plan: string }>('SELECT plan FROM kpi_warnings WHERE id = $1', [id])).rows[0].plan,
    ).toBe(plan);
  });

  it("registers training only by the agent's own quality coordinator (or the secretariat), once", async () => {
    const id = await warningId('2026-10', 791);
    const before = await dump();
    for (const who of [PEOPLE.otherCoordinator, PEOPLE.leader, PEOPLE.primary, PEOPLE.agentA]) {
      const res = await t.execute(who, KPI_VERBS.trainingDone, {
        personId: w.ids.agentA,
        municipalityCode: 791,
        view: 'warning',
        warningId: id,
      });
      expect(text(res.body)).toMatch(REFUSED);
      expect(text(res.body)).not.toContain('Straksafklaring 37,5 %');
    }
    expect(await dump()).toBe(before);
    const r = await t.execute(PEOPLE.coordinator, KPI_VERBS.trainingDone, {
      personId: w.ids.agentA,
      municipalityCode: 791,
      view: 'warning',
      warningId: id,
    });
    expect(text(r.body)).toContain('Undervisning gennemført');
    expect(text(r.body)).toContain('registreret af Karen Koordinator');
    const open = await t.deps.db.query(
      'SELECT period FROM kpi_training WHERE person_id = $1 AND completed_at IS NULL',
      [w.ids.agentA],
    );
    expect(open.rows).toEqual([]);
    const retry = await t.execute(PEOPLE.coordinator, KPI_VERBS.trainingDone, { personId: w.ids.agentA });
    expect(text(retry.body)).toContain('var allerede registreret');
  });

  it("never shows a municipality's agents to another municipality, in cards or replies", async () => {
    const refused = await t.execute(PEOPLE.otherCoordinator, KPI_VERBS.overview, { municipalityCode: 791 });
    expect(text(refused.body)).toMatch(/ikke adgang/);
    expect(text(refused.body)).not.toMatch(/Anders|Birte/);
    await t.message(PEOPLE.otherCoordinator, 'kpi 791');
    await t.message(PEOPLE.otherCoordinator, 'kpi');
    const replies = cardsTo(t, w.chat('otherCoordinator'));
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatch(/ikke adgang/);
    expect(replies[1]).toContain('KPI for Odense');
    expect(replies[1]).toContain('Dorte Agent');
    expect(replies.join()).not.toMatch(/Anders|Birte/);
    // The municipality's own coordinator sees its training list with figures; its primary contact sees totals only.
    const own = text((await t.execute(PEOPLE.coordinator, KPI_VERBS.overview, {})).body);
    expect(own).toContain('KPI for Viborg');
    expect(own).toContain('Birte Agent');
    expect(own).toContain('Straksafklaring 50,0 %');
    const primary = text((await t.execute(PEOPLE.primary, KPI_VERBS.overview, { municipalityCode: 791 })).body);
    expect(primary).toContain('KPI for Viborg');
    expect(primary).not.toMatch(/Anders|Birte/);
    // The secretariat sees who is on the list (it acts on their shifts) but no per-agent figures.
    const secretariat = text((await t.execute(PEOPLE.secretary, KPI_VERBS.overview, { municipalityCode: 791 })).body);
    expect(secretariat).toContain('Birte Agent');
    expect(secretariat).not.toContain('Straksafklaring 50,0 %');
  });

  it('month 3: Viborg has lifted quality, Odense has too few data to tell', async () => {
    const s = await importFile(['2026-11;791;;150;100;60;7,6', '2026-11;461;;20;15;10;7,9'], 'nov.csv');
    expect(s).toMatchObject({ warned: 0, followedUp: 2, escalated: 0 });
    const f = await t.deps.db.query<{ municipality_code: number; follow_up: string }>(
      `SELECT municipality_code, follow_up FROM kpi_verdicts WHERE period = '2026-11' ORDER BY 1`,
    );
    expect(f.rows).toEqual([
      { municipality_code: 461, follow_up: 'ikke_vurderet' },
      { municipality_code: 791, follow_up: 'forbedret' },
    ]);
    await t.runJobs();
    const viborg = cardsTo(t, w.chat('leader')).join();
    expect(viborg).toContain('KPI 2026-11: Viborg har løftet kvaliteten');
    // Birte is still on the training list: lifting the municipality does not retrain its agents.
    expect(viborg).toContain('Birte Agent');
    expect(cardsTo(t, w.chat('primary')).join()).not.toContain('Birte');
    expect(cardsTo(t, w.chat('otherLeader')).join()).toContain('for få opkald eller svar');
    expect(cardsTo(t, w.chat('secretary')).join()).toContain('Har løftet kvaliteten siden sidste måned: 1');
  });
});

describe.each(testDatabases())('KPI_WARNING_ROLES on %s', (database) => {
  let t: TestApp;
  let w: KpiWorld;
  beforeAll(async () => {
    t = await startTestApp({
      database,
      now: '2026-11-24T09:00:00Z',
      env: { KPI_WARNING_ROLES: 'kvalitetskoordinator,repraesentant' },
    });
    w = await createKpiWorld(t);
  });
  afterAll(() => t.stop());

  it('sends the warning to the configured roles only, and agent figures still only to the coordinator', async () => {
    await t.app.modules.kpi.imports.importFile(
      csv('2026-09;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5'),
      'sep.csv',
      null,
    );
    await t.runJobs();
    const to = (who: Parameters<KpiWorld['chat']>[0]) => cardsTo(t, w.chat(who)).join();
    expect(to('coordinator')).toContain('KPI-advarsel 2026-09: Viborg');
    expect(to('coordinator')).toContain('Anders Agent');
    expect(to('representative')).toContain('KPI-advarsel 2026-09: Viborg');
    expect(to('representative')).not.toContain('Anders');
    expect(to('leader')).toBe('');
    expect(to('primary')).toBe('');
  });
});
