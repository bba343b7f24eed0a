/**
 * KPI_AVERAGING through the import (issue 20 point 7): the method decides a municipality's resolution verdict, the
 * month stores the rate that decided it and how it was averaged, and the warning card says which method was used.
 * Viborg's two agents: 5 of 20 calls resolved (25 %) and 75 of 80 (93,75 %). Over all calls that is 80 %, above the
 * 60 % target; as the plain mean of the agents' rates it is 59,375 %, below it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { createKpiWorld, csv } from './kpi-fixtures.js';

const OCTOBER = [
  '2026-10;791;anders.agent@viborg.eksempel.dk;20;5;30;7,5',
  '2026-10;791;birte.agent@viborg.eksempel.dk;80;75;20;8',
];

const verdictOf = async (t: TestApp) =>
  (
    await t.deps.db.query<{ verdict: string; resolution_verdict: string; rate: string; averaging: string }>(
      `SELECT verdict, resolution_verdict, resolution_rate::text AS rate, averaging FROM kpi_verdicts
       WHERE period = '2026-10' AND municipality_code = 791`,
    )
  ).rows[0];
const warningCards = async (t: TestApp) =>
  (
    await t.deps.db.query<{ card: unknown }>(
      `SELECT card FROM outbox WHERE key LIKE 'kpi:2026-10:791:%' AND card IS NOT NULL ORDER BY key`,
    )
  ).rows.map((r) => JSON.stringify(r.card));

describe.each(testDatabases())('KPI_AVERAGING in the monthly import on %s', (database) => {
  let byCalls: TestApp;
  let byAgents: TestApp;

  beforeAll(async () => {
    byCalls = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    byAgents = await startTestApp({ database, now: '2026-11-24T09:00:00Z', env: { KPI_AVERAGING: 'agents' } });
    for (const t of [byCalls, byAgents]) {
      await createKpiWorld(t);
      await t.app.modules.kpi.imports.importFile(csv(...OCTOBER), 'oktober.csv', null);
    }
  });
  afterAll(async () => {
    await byCalls?.stop();
    await byAgents?.stop();
  });

  it('weighted by calls (the default): 80 % meets the target, so Viborg gets no warning', async () => {
    expect(await verdictOf(byCalls)).toEqual({
      verdict: 'ok',
      resolution_verdict: 'ok',
      rate: '80.00',
      averaging: 'calls',
    });
    expect(await warningCards(byCalls)).toEqual([]);
  });

  it("as the agents' mean: 59,4 % is below, Viborg is warned, and the card names the method", async () => {
    expect(await verdictOf(byAgents)).toEqual({
      verdict: 'advarsel',
      resolution_verdict: 'under',
      rate: '59.38',
      averaging: 'agents',
    });
    const cards = await warningCards(byAgents);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card).toContain('Straksafklaring (gennemsnit af agenterne)');
      expect(card).toContain('59,4 %');
      expect(card).toContain('Straksafklaringen er gennemsnit af agenternes egen straksafklaring.');
    }
  });
});
