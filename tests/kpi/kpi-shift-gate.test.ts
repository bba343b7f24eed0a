/**
 * The training gate before shifts: a listed agent's coming shifts are flagged once each to the municipality's
 * quality coordinator and leader and to the secretariat's duty chat, hourly while anyone is listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addConversation } from '../support/conversations.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { KPI_VERBS } from '../../src/kpi/kpi-cards.js';
import { cardsTo, createKpiWorld, csv, PEOPLE, type KpiWorld } from './kpi-fixtures.js';

describe.each(testDatabases())('KPI training gate before shifts on %s', (database) => {
  let t: TestApp;
  let w: KpiWorld;
  const duty = '19:vagt@thread.v2';
  let shiftNo = 0;
  const addShift = async (agent: { email?: string; personId?: number }, startsAt: string) => {
    const start = new Date(startsAt);
    const r = await t.deps.db.query<{ id: number }>(
      `INSERT INTO shifts (external_id, municipality_code, agent_email, agent_id, agent_person_id, starts_at, ends_at, source, imported_at, updated_at)
       VALUES ($1, 791, $2, $3, $4, $5, $6, 'test', now(), now()) RETURNING id`,
      [
        `P-${++shiftNo}`,
        agent.email ?? null,
        agent.email ? null : 'plangy-42',
        agent.personId ?? null,
        start,
        new Date(start.getTime() + 4 * 3_600_000),
      ],
    );
    return r.rows[0].id;
  };
  const flaggedShifts = (conversationId: string) =>
    cardsTo(t, conversationId).filter((c) => c.includes('Vagt med en agent på træningslisten'));

  beforeAll(async () => {
    t = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    w = await createKpiWorld(t);
    await addConversation(t.deps.db, t.connector.url, { id: duty, type: 'groupChat' });
    await setNamedConversation(t.deps.db, 'vagt', duty);
  });
  afterAll(() => t.stop());

  it("flags a listed agent's shift within 24 hours, once, to the coordinator, the leader and the duty chat", async () => {
    const soon = await addShift({ email: 'Anders.Agent@viborg.eksempel.dk' }, '2026-11-24T13:00:00Z');
    await addShift({ email: 'anders.agent@viborg.eksempel.dk' }, '2026-11-26T08:00:00Z');
    await addShift({ email: 'birte.agent@viborg.eksempel.dk' }, '2026-11-24T14:00:00Z');
    await t.app.modules.kpi.imports.importFile(
      csv(
        '2026-10;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5',
        '2026-10;791;birte.agent@viborg.eksempel.dk;60;50;30;8',
      ),
      'okt.csv',
      null,
    );
    await t.runJobs();
    for (const chat of [w.chat('coordinator'), w.chat('leader'), duty]) {
      const cards = flaggedShifts(chat);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toContain('Anders Agent (Viborg) har vagt 24.11.2026 kl. 14:00–18:00');
    }
    expect(flaggedShifts(w.chat('coordinator'))[0]).toContain(KPI_VERBS.trainingDone);
    expect(flaggedShifts(w.chat('leader'))[0]).not.toContain(KPI_VERBS.trainingDone);
    expect(flaggedShifts(w.chat('primary'))).toHaveLength(0);
    expect(JSON.stringify(t.connector.calls)).not.toContain('Birte Agent (Viborg) har vagt');
    expect(
      (await t.deps.db.query(`SELECT 1 FROM outbox WHERE key = $1`, [`kpi:shift:${soon}:vagt`])).rows,
    ).toHaveLength(1);
  });

  it("checks hourly: the next day's shift is flagged when it comes within 24 hours, the first is not flagged again", async () => {
    t.clock.set('2026-11-25T14:10:00Z');
    await t.runJobs();
    t.clock.set('2026-11-25T15:00:00Z');
    await t.runJobs();
    const cards = flaggedShifts(w.chat('coordinator'));
    expect(cards).toHaveLength(2);
    expect(cards[1]).toContain('26.11.2026 kl. 09:00');
  });

  it('stops flagging once the training is registered', async () => {
    const r = await t.execute(PEOPLE.coordinator, KPI_VERBS.trainingDone, {
      personId: w.ids.agentA,
      municipalityCode: 791,
    });
    expect(JSON.stringify(r.body)).toContain('igen kan tage vagter');
    await addShift({ personId: w.ids.agentA }, '2026-11-26T12:00:00Z');
    t.clock.set('2026-11-25T16:00:00Z');
    await t.runJobs();
    expect(flaggedShifts(w.chat('coordinator'))).toHaveLength(2);
    const pending = await t.deps.db.query(`SELECT key FROM timers WHERE name = 'kpi.shift-gate' AND state = 'pending'`);
    expect(pending.rows).toEqual([]);
  });
});
