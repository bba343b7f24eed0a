/**
 * Contract of KpiImportService (src/kpi/kpi-import-service.ts), on real databases through the real app.
 * Accepts: a KPI file (CSV/XLSX) from the secretariat or the command line (actor null).
 * Refuses: anyone else (FORBIDDEN), a file that is not a KPI file (INVALID_INPUT), a file with bad rows
 * (INVALID_INPUT, KpiFileError with the row-level report); a refusal writes nothing.
 * Writes: the month (kpi_imports, kpi_rows), verdicts, the training list and warnings, in one transaction.
 * Sends: a warning per role of a municipality below target, the month's summary to the secretariat's chat (else
 * each member), the Viva Engage post and the shift gate's first check (both as timers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { loadActorByObjectId } from '../../src/registry/registry-repository.js';
import type { Actor } from '../../src/registry/registry-types.js';
import type { KpiImportService } from '../../src/kpi/kpi-import-service.js';
import { KpiFileError } from '../../src/kpi/kpi-file.js';
import { createKpiWorld, csv, dumpKpi, PEOPLE } from './kpi-fixtures.js';

const SEPTEMBER = [
  '2026-09;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5',
  '2026-09;791;birte.agent@viborg.eksempel.dk;40;35;20;8',
  '2026-09;461;;200;150;80;7,8',
];

describe.each(testDatabases())('KpiImportService on %s', (database) => {
  let t: TestApp;
  let service: KpiImportService;
  let secretary: Actor;
  let coordinator: Actor;

  const outbox = async (keyPrefix: string) =>
    (
      await t.deps.db.query<{ key: string; kind: string; recipient: unknown; card_ref: string | null }>(
        // Without the rows delivery expands them into (one per person, `<key>:person:<id>`).
        `SELECT key, kind, recipient, card_ref FROM outbox WHERE key LIKE $1 || '%' AND key NOT LIKE '%:person:%' ORDER BY key`,
        [keyPrefix],
      )
    ).rows;
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (err: { code?: string }) => err.code,
    );

  beforeAll(async () => {
    t = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    await createKpiWorld(t);
    service = t.app.modules.kpi.imports;
    secretary = (await loadActorByObjectId(t.deps.db, PEOPLE.secretary, false))!;
    coordinator = (await loadActorByObjectId(t.deps.db, PEOPLE.coordinator, false))!;
  });
  afterAll(() => t.stop());

  it('uploadInstructions: the latest month for the secretariat; FORBIDDEN for anyone else', async () => {
    expect(await service.uploadInstructions(secretary)).toEqual({ latestPeriod: null });
    expect(await codeOf(service.uploadInstructions(coordinator))).toBe('FORBIDDEN');
  });

  it('importUpload: INVALID_INPUT for a file that is not a KPI file, FORBIDDEN for a KPI file from anyone but the secretariat; neither is accepted nor writes', async () => {
    const before = await dumpKpi(t.deps.db);
    let accepted = 0;
    const accept = async () => accepted++;
    const notKpi = Buffer.from('emne;tekst\nmøde;noget\n');
    expect(await codeOf(service.importUpload(notKpi, 'referat.csv', secretary, accept))).toBe('INVALID_INPUT');
    expect(await codeOf(service.importUpload(csv(...SEPTEMBER), 'sep.csv', coordinator, accept))).toBe('FORBIDDEN');
    expect(await codeOf(service.importFile(csv(...SEPTEMBER), 'sep.csv', coordinator))).toBe('FORBIDDEN');
    expect(accepted).toBe(0);
    expect(await dumpKpi(t.deps.db)).toBe(before);
  });

  it('importFile: a file with bad rows is refused with the row-level report and writes nothing', async () => {
    const before = await dumpKpi(t.deps.db);
    const err = await service.importFile(csv('2026-09;999;;100;50;30;7'), 'sep.csv', null).catch((e) => e);
    expect(err).toBeInstanceOf(KpiFileError);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.problems).toEqual(['sep.csv:2: kommunekode: ukendt kommunekode "999"']);
    expect(await dumpKpi(t.deps.db)).toBe(before);
  });

  it('importUpload: a KPI file from the secretariat is accepted once, stored, and the warnings and summary are sent', async () => {
    let accepted = 0;
    const summary = await service.importUpload(csv(...SEPTEMBER), 'sep.csv', secretary, async () => accepted++);
    expect(accepted).toBe(1);
    expect(summary).toMatchObject({
      period: '2026-09',
      rows: 3,
      municipalities: 2,
      warned: 1,
      followedUp: 0,
      escalated: 0,
      withdrawn: 0,
      flaggedAgents: 1,
      undelivered: 0,
      replaced: false,
    });
    expect(summary.below).toEqual([expect.stringMatching(/^Viborg: Straksafklaring: 55,0 %/)]);

    const db = t.deps.db;
    const imported = await db.query(`SELECT file_name, row_count, imported_by FROM kpi_imports`);
    expect(imported.rows).toEqual([{ file_name: 'sep.csv', row_count: 3, imported_by: secretary.id }]);
    const verdicts = await db.query(`SELECT municipality_code, verdict FROM kpi_verdicts ORDER BY 1`);
    expect(verdicts.rows).toEqual([
      { municipality_code: 461, verdict: 'ok' },
      { municipality_code: 791, verdict: 'advarsel' },
    ]);
    const warnings = await db.query(`SELECT municipality_code, kind, withdrawn FROM kpi_warnings`);
    expect(warnings.rows).toEqual([{ municipality_code: 791, kind: 'advarsel', withdrawn: false }]);
    expect((await db.query(`SELECT person_id FROM kpi_training WHERE completed_at IS NULL`)).rows).toHaveLength(1);

    // One card per warning role (the defaults), each a card reference a re-import or an answer updates.
    expect(await outbox('kpi:2026-09:791:')).toEqual(
      ['kvalitetskoordinator', 'leder', 'primaer_kontakt'].sort().map((role) => ({
        key: `kpi:2026-09:791:${role}`,
        kind: 'send',
        recipient: { kind: 'role', municipalityCode: 791, role },
        card_ref: `kpi:2026-09:791:${role}`,
      })),
    );
    expect(await outbox('kpi:2026-09:summary')).toEqual([
      {
        key: 'kpi:2026-09:summary',
        kind: 'send',
        recipient: { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
        card_ref: 'kpi-summary:2026-09',
      },
    ]);
    const timers = await db.query<{ name: string; key: string }>(`SELECT name, key FROM timers ORDER BY key`);
    expect(timers.rows.map((r) => r.key)).toContain('engage:post:kpi:2026-09');
    expect(timers.rows.map((r) => r.name)).toContain('kpi.shift-gate');
    expect((await service.uploadInstructions(secretary)).latestPeriod).toBe('2026-09');
  });

  it('importFile: the same month again replaces it and sends nothing new (cards already sent are updated)', async () => {
    await t.runJobs();
    const sends = async () =>
      (await t.deps.db.query(`SELECT key FROM outbox WHERE kind = 'send' ORDER BY key`)).rows.length;
    const before = await sends();
    const summary = await service.importFile(csv(...SEPTEMBER), 'sep-igen.csv', null);
    expect(summary).toMatchObject({ period: '2026-09', replaced: true, warned: 1 });
    expect(await sends()).toBe(before);
    expect((await outbox('update:kpi:2026-09:791:')).length).toBeGreaterThan(0);
    expect((await t.deps.db.query(`SELECT file_name FROM kpi_imports`)).rows).toEqual([{ file_name: 'sep-igen.csv' }]);
  });
});
