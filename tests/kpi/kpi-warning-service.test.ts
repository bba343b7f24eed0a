/**
 * Contract of KpiWarningService (src/kpi/kpi-warning-service.ts), on real databases through the real app.
 * Accepts: acknowledgement and plan from the municipality's coordinator, leader, primary contact or representative;
 * training from the agent's own coordinator or the secretariat; the overview for whoever may see the municipality.
 * Refuses: FORBIDDEN for anyone else, NOT_FOUND for an unknown warning or an agent not on the list, STALE for a
 * withdrawn warning; a refusal writes nothing. (The shape of ids and the plan's length are the handlers' schemas.)
 * Writes: kpi_warnings (acknowledged_*, plan*), kpi_training (completed_*).
 * Sends: card updates of every role's warning card; the plan to the secretariat's chat (else each member).
 * Returns views: the municipality card as the actor's role may see it, or what the overview shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { loadActorByObjectId } from '../../src/registry/registry-repository.js';
import type { Actor } from '../../src/registry/registry-types.js';
import type { KpiWarningService } from '../../src/kpi/kpi-warning-service.js';
import { createKpiWorld, csv, PEOPLE, type KpiWorld } from './kpi-fixtures.js';

describe.each(testDatabases())('KpiWarningService on %s', (database) => {
  let t: TestApp;
  let w: KpiWorld;
  let service: KpiWarningService;
  let warningId: number;
  const actors = {} as Record<keyof typeof PEOPLE, Actor>;

  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (err: { code?: string }) => err.code,
    );
  const warningRow = async () =>
    (
      await t.deps.db.query<Record<string, unknown>>(
        'SELECT acknowledged_by, acknowledged_at, plan, plan_by, withdrawn FROM kpi_warnings WHERE id = $1',
        [warningId],
      )
    ).rows[0];
  const trainingRows = async () =>
    JSON.stringify((await t.deps.db.query('SELECT * FROM kpi_training ORDER BY person_id, period')).rows);
  const rowsLike = async (keyPattern: string) =>
    (
      await t.deps.db.query<{ key: string; kind: string; recipient: unknown; card_ref: string }>(
        `SELECT key, kind, recipient, card_ref FROM outbox WHERE key LIKE $1 ORDER BY id`,
        [keyPattern],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    w = await createKpiWorld(t);
    service = t.app.modules.kpi.warnings;
    for (const key of Object.keys(PEOPLE) as (keyof typeof PEOPLE)[])
      actors[key] = (await loadActorByObjectId(t.deps.db, PEOPLE[key], false))!;
    await t.app.modules.kpi.imports.importFile(
      csv(
        '2026-10;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5',
        '2026-10;791;birte.agent@viborg.eksempel.dk;40;35;20;8',
        '2026-10;461;dorte.agent@odense.eksempel.dk;200;100;80;6,8',
      ),
      'okt.csv',
      null,
    );
    await t.runJobs();
    warningId = (
      await t.deps.db.query<{ id: number }>(
        `SELECT id FROM kpi_warnings WHERE period = '2026-10' AND municipality_code = 791`,
      )
    ).rows[0].id;
  });
  afterAll(() => t.stop());

  it('acknowledge: FORBIDDEN for other municipalities, agents and the secretariat; NOT_FOUND for an unknown id; nothing written', async () => {
    const before = await warningRow();
    for (const who of ['otherCoordinator', 'agentA', 'secretary'] as const)
      expect(await codeOf(service.acknowledge(actors[who], warningId))).toBe('FORBIDDEN');
    expect(await codeOf(service.acknowledge(actors.primary, 999_999))).toBe('NOT_FOUND');
    expect(await warningRow()).toEqual(before);
  });

  it('acknowledge: the first acknowledgement is written once, every role card is updated, and the view is the actor’s own', async () => {
    const view = await service.acknowledge(actors.primary, warningId);
    expect(view).toMatchObject({
      kind: 'advarsel',
      municipality: 'Viborg',
      audience: 'kommune',
      agents: [],
      warning: { id: warningId, acknowledgedBy: 'Pia Primær' },
    });
    const first = await warningRow();
    expect(first.acknowledged_by).toBe(actors.primary.id);
    const updates = await rowsLike('update:kpi:2026-10:791:%');
    expect(new Set(updates.map((u) => u.card_ref))).toEqual(
      new Set(['kpi:2026-10:791:kvalitetskoordinator', 'kpi:2026-10:791:leder', 'kpi:2026-10:791:primaer_kontakt']),
    );
    // A retry, or the leader pressing too, changes nothing and updates nothing; the leader's view has the agents.
    const leaderView = await service.acknowledge(actors.leader, warningId);
    expect(leaderView.audience).toBe('leder');
    expect(leaderView.agents.map((a) => a.name)).toEqual(['Anders Agent']);
    expect(leaderView.agents[0].figures).toContain('Straksafklaring 33,3 %');
    expect(await warningRow()).toEqual(first);
    expect(await rowsLike('update:kpi:2026-10:791:%')).toHaveLength(updates.length);
  });

  it('savePlan: FORBIDDEN for others; the plan is written, the cards updated and the secretariat told once per change', async () => {
    const plan = 'Sidemandsoplæring hver tirsdag og e-learning for alle nye agenter.';
    expect(await codeOf(service.savePlan(actors.otherLeader, warningId, plan))).toBe('FORBIDDEN');
    expect((await warningRow()).plan).toBeNull();
    const view = await service.savePlan(actors.leader, warningId, plan);
    expect(view.warning).toMatchObject({ plan, planBy: 'Lars Leder' });
    expect(await warningRow()).toMatchObject({ plan, plan_by: actors.leader.id });
    expect(await rowsLike('kpi:2026-10:791:plan')).toEqual([
      {
        key: 'kpi:2026-10:791:plan',
        kind: 'send',
        recipient: { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
        card_ref: 'kpi-plan:2026-10:791',
      },
    ]);
    // The same plan again sends nothing; a changed plan updates the secretariat's card instead of sending another.
    await service.savePlan(actors.leader, warningId, plan);
    await t.runJobs();
    await service.savePlan(actors.leader, warningId, `${plan} Opfølgning i december.`);
    expect(await rowsLike('kpi:2026-10:791:plan')).toHaveLength(1);
    expect((await rowsLike('update:kpi-plan:2026-10:791:%')).length).toBeGreaterThan(0);
  });

  it('completeTraining: NOT_FOUND for an agent not on the list, FORBIDDEN for anyone who records training nowhere', async () => {
    const before = await trainingRows();
    expect(await codeOf(service.completeTraining(actors.coordinator, w.ids.agentB, {}))).toBe('NOT_FOUND');
    for (const who of ['leader', 'primary', 'agentA'] as const)
      expect(await codeOf(service.completeTraining(actors[who], w.ids.agentA, {}))).toBe('FORBIDDEN');
    expect(await trainingRows()).toBe(before);
  });

  it("completeTraining: another municipality's coordinator learns nothing about the list (issue 21.4)", async () => {
    const answer = (personId: number) =>
      service.completeTraining(actors.otherCoordinator, personId, {}).then(
        () => 'accepted',
        (err: { code?: string; message?: string }) => `${err.code}: ${err.message}`,
      );
    // Anders is on Viborg's list, Birte on none: Odense's coordinator gets the same answer for both.
    const listed = await answer(w.ids.agentA);
    expect(listed).toBe(await answer(w.ids.agentB));
    expect(listed).toContain('NOT_FOUND');
  });

  it('completeTraining: closes the open flag once, redraws the card the button was on, and says so', async () => {
    const result = await service.completeTraining(actors.coordinator, w.ids.agentA, {
      view: 'warning',
      warningId,
    });
    expect(result.toast).toContain('Undervisningen er registreret for Anders Agent');
    expect(result.redraw).toMatchObject({ kind: 'municipality', view: { kind: 'advarsel', audience: 'koordinator' } });
    const open = await t.deps.db.query(`SELECT 1 FROM kpi_training WHERE person_id = $1 AND completed_at IS NULL`, [
      w.ids.agentA,
    ]);
    expect(open.rows).toEqual([]);
    const again = await service.completeTraining(actors.secretary, w.ids.agentA, {});
    expect(again).toEqual({ toast: 'Undervisningen for Anders Agent var allerede registreret.', redraw: null });
  });

  it('overview: FORBIDDEN for another municipality and for people without a municipal role; each viewer gets what it may see', async () => {
    expect(await codeOf(service.overview(actors.otherCoordinator, 791))).toBe('FORBIDDEN');
    expect(await codeOf(service.overview(actors.agentA))).toBe('FORBIDDEN');

    const own = await service.overview(actors.otherCoordinator);
    expect(own).toMatchObject({ kind: 'municipality', view: { municipality: 'Odense', audience: 'koordinator' } });
    if (own.kind !== 'municipality') throw new Error('expected a municipality');
    expect(own.view.agents.map((a) => a.name)).toEqual(['Dorte Agent']);

    const primary = await service.overview(actors.primary, 791);
    if (primary.kind !== 'municipality') throw new Error('expected a municipality');
    expect(primary.view.agents).toEqual([]);
    expect(primary.view.canRespond).toBe(true);

    const secretariat = await service.overview(actors.secretary, 461);
    if (secretariat.kind !== 'municipality') throw new Error('expected a municipality');
    expect(secretariat.view.agents.map((a) => [a.name, a.figures])).toEqual([['Dorte Agent', null]]);

    expect(await service.overview(actors.secretary)).toMatchObject({
      kind: 'ddh',
      view: { period: '2026-10', municipalities: 2 },
    });
    expect(await service.overview(actors.secretary, 751)).toEqual({ kind: 'nothing-yet', municipality: 'Aarhus' });
  });

  it('acknowledge and savePlan: STALE once the warning is withdrawn by a re-import', async () => {
    await t.app.modules.kpi.imports.importFile(
      csv('2026-10;791;;110;80;50;7,5', '2026-10;461;;200;150;80;7,8'),
      'okt.csv',
      null,
    );
    expect((await warningRow()).withdrawn).toBe(true);
    expect(await codeOf(service.acknowledge(actors.leader, warningId))).toBe('STALE');
    expect(await codeOf(service.savePlan(actors.leader, warningId, 'En helt ny plan for kommunen.'))).toBe('STALE');
  });
});
