/**
 * Contract of KpiDispatchService (src/kpi/kpi-dispatch-service.ts), on real databases through the real app.
 * Accepts: a stored month's verdicts, in the import's transaction (called by the import service only).
 * Writes: a warning per municipality below target ('advarsel') or followed up ('opfoelgning'); the escalation
 * mark with the (O) item the agenda proposed; withdrawals of warnings the figures no longer support.
 * Sends: each warning role's card (`kpi:<period>:<code>:<role>`), updated in place when already sent; the summary
 * (`kpi:<period>:summary`) and any undeliverable warning (`kpi:<period>:<code>:uafleveret`) to the secretariat's
 * chat, else each member; the Viva Engage post (timer `engage:post:kpi:<period>`).
 * Refuses nothing: its input was checked by the import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting } from '../support/registry-fixtures.js';
import { assess, DEFAULT_THRESHOLDS, followUp } from '../../src/kpi/kpi-domain.js';
import { replacePeriod, saveVerdicts, type VerdictRecord } from '../../src/kpi/kpi-repository.js';
import type { DispatchCounts } from '../../src/kpi/kpi-dispatch-service.js';
import { createKpiWorld } from './kpi-fixtures.js';

/** A municipality's month: 100 calls, `resolved` of them at once, 40 answers averaging 7.5. */
const record = (code: number, resolved: number, previous: 'advarsel' | null = null): VerdictRecord => {
  const assessment = assess(
    { callsHandled: 100, callsResolved: resolved, satisfactionAnswers: 40, satisfactionMilliSum: 7500 * 40 },
    DEFAULT_THRESHOLDS,
  );
  const before = previous ? { verdict: previous, resolution: 'under' as const, satisfaction: 'ok' as const } : null;
  return { municipalityCode: code, assessment, followUp: followUp(before, assessment) };
};

describe.each(testDatabases())('KpiDispatchService on %s', (database) => {
  let t: TestApp;

  /** Stores the month's verdicts and dispatches, in one transaction as the import does. */
  const dispatch = (period: string, records: VerdictRecord[], replaced = false): Promise<DispatchCounts> =>
    t.deps.db.withTransaction(async (tx) => {
      await replacePeriod(tx, period, { name: `${period}.csv`, importedBy: null, at: t.clock.now() }, []);
      await saveVerdicts(tx, period, records);
      return t.app.modules.kpi.dispatch.afterImport(tx, period, records, replaced);
    });
  const sends = async (keyPrefix: string) =>
    (
      await t.deps.db.query<{ key: string; recipient: { kind: string } }>(
        `SELECT key, recipient FROM outbox WHERE kind = 'send' AND key LIKE $1 || '%' AND key NOT LIKE '%:person:%' ORDER BY key`,
        [keyPrefix],
      )
    ).rows;
  const warnings = async (period: string) =>
    (
      await t.deps.db.query(
        `SELECT municipality_code, kind, withdrawn, escalated, agenda_item_id IS NOT NULL AS has_item
         FROM kpi_warnings WHERE period = $1 ORDER BY municipality_code`,
        [period],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    await createKpiWorld(t);
    await addMeeting(t.deps.db, { startsAt: '2026-12-20T09:00:00Z', host: 791 });
  });
  afterAll(() => t.stop());

  it('warns a municipality below target; one below with no reachable role holder is reported to the secretariat', async () => {
    // Viborg 45 % (below), Odense 80 % (over), Aarhus 40 % (below, nobody of Aarhus is registered).
    const counts = await dispatch('2026-09', [record(461, 80), record(751, 40), record(791, 45)]);
    expect(counts).toEqual({ warned: 2, followedUp: 0, escalated: 0, withdrawn: 0, undelivered: 1 });
    expect(await warnings('2026-09')).toEqual([
      { municipality_code: 751, kind: 'advarsel', withdrawn: false, escalated: false, has_item: false },
      { municipality_code: 791, kind: 'advarsel', withdrawn: false, escalated: false, has_item: false },
    ]);
    expect((await sends('kpi:2026-09:791:')).map((r) => r.key)).toEqual([
      'kpi:2026-09:791:kvalitetskoordinator',
      'kpi:2026-09:791:leder',
      'kpi:2026-09:791:primaer_kontakt',
    ]);
    expect(await sends('kpi:2026-09:461')).toEqual([]);
    const toSecretariat = { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' };
    expect(await sends('kpi:2026-09:751:uafleveret')).toEqual([
      { key: 'kpi:2026-09:751:uafleveret', recipient: toSecretariat },
    ]);
    expect(await sends('kpi:2026-09:summary')).toEqual([{ key: 'kpi:2026-09:summary', recipient: toSecretariat }]);
    const post = await t.deps.db.query(`SELECT 1 FROM timers WHERE key = 'engage:post:kpi:2026-09'`);
    expect(post.rows).toHaveLength(1);
  });

  it('the next month: still below escalates once with an (O) item; lifted above is a follow-up', async () => {
    const october = [record(751, 70, 'advarsel'), record(791, 40, 'advarsel')];
    const counts = await dispatch('2026-10', october);
    expect(counts).toMatchObject({ warned: 1, followedUp: 1, escalated: 1 });
    expect(await warnings('2026-10')).toEqual([
      { municipality_code: 751, kind: 'opfoelgning', withdrawn: false, escalated: false, has_item: false },
      { municipality_code: 791, kind: 'advarsel', withdrawn: false, escalated: true, has_item: true },
    ]);
    const items = await t.deps.db.query<{ title: string }>('SELECT title FROM agenda_items');
    expect(items.rows.map((r) => r.title)).toEqual([expect.stringContaining('KPI-opfølgning: Viborg')]);

    // Dispatching the month again (a re-import) neither escalates nor proposes again, and sends nothing new.
    await t.runJobs();
    const before = (await sends('kpi:2026-10')).length;
    expect(await dispatch('2026-10', october, true)).toMatchObject({ escalated: 0, warned: 1 });
    expect((await t.deps.db.query('SELECT 1 FROM agenda_items')).rows).toHaveLength(1);
    expect(await sends('kpi:2026-10')).toHaveLength(before);
  });

  it('withdraws a warning the new figures no longer support, and one whose municipality left the file; cards sent are updated', async () => {
    await t.runJobs();
    // Viborg is over target now; Aarhus is not in the file at all.
    const counts = await dispatch('2026-09', [record(461, 80), record(791, 75)], true);
    expect(counts).toMatchObject({ warned: 0, withdrawn: 2 });
    expect((await warnings('2026-09')).map((r) => [r.municipality_code, r.withdrawn])).toEqual([
      [751, true],
      [791, true],
    ]);
    const updates = await t.deps.db.query<{ card_ref: string }>(
      `SELECT DISTINCT card_ref FROM outbox WHERE kind = 'update' AND card_ref LIKE 'kpi:2026-09:791:%' ORDER BY 1`,
    );
    expect(updates.rows.map((r) => r.card_ref)).toEqual([
      'kpi:2026-09:791:kvalitetskoordinator',
      'kpi:2026-09:791:leder',
      'kpi:2026-09:791:primaer_kontakt',
    ]);
  });
});
