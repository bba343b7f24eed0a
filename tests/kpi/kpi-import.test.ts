/**
 * The monthly import on real databases through the real app: all or nothing, re-import replaces, and who
 * hears what (checked on the fake Bot Connector after the outbox has run).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { KpiFileError } from '../../src/kpi/kpi-file.js';
import { cardsTo, createKpiWorld, csv, dumpKpi, HEADER, type KpiWorld } from './kpi-fixtures.js';

describe.each(testDatabases())('KPI import on %s', (database) => {
  let t: TestApp;
  let w: KpiWorld;
  const importFile = (bytes: Buffer, name = 'okt.csv') => t.app.modules.kpi.imports.importFile(bytes, name, null);
  const count = async (sql: string, params: unknown[] = []) =>
    (await t.deps.db.query<{ n: number }>(sql, params)).rows[0].n;

  beforeAll(async () => {
    t = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    w = await createKpiWorld(t);
  });
  afterAll(() => t.stop());
  beforeEach(async () => {
    await t.runJobs();
    t.connector.reset();
  });

  it('refuses a bad file with a row-level report and changes nothing', async () => {
    const before = await dumpKpi(t.deps.db);
    const err = await importFile(
      csv(
        '2026-10;791;ukendt@eksempel.dk;100;50;30;7,5',
        '2026-10;999;;100;50;30;7',
        '2026-10;461;;100;150;30;7',
        '2026-10;751;;100;50;30;12',
        '2026-10;791;;300;200;100;7,5',
        '2026-10;791;;300;200;100;7,5',
      ),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(KpiFileError);
    const problems = (err as KpiFileError).problems;
    expect(problems).toEqual([
      'okt.csv:2: agent: "ukendt@eksempel.dk" er ikke registreret som agent i Viborg',
      'okt.csv:3: kommunekode: ukendt kommunekode "999"',
      'okt.csv:4: straksafklarede: flere straksafklarede (150) end besvarede opkald (100)',
      'okt.csv:5: tilfredshed_gns: "12" skal være et tal mellem 1 og 9',
      'okt.csv:7: række: dobbelt række for Viborgs total (også linje 6)',
    ]);
    expect((err as KpiFileError).userMessage).toContain('intet er ændret');
    await t.runJobs();
    expect(await dumpKpi(t.deps.db)).toBe(before);
    expect(t.connector.calls).toHaveLength(0);
  });

  it('refuses a malformed or empty XLSX and changes nothing', async () => {
    const before = await dumpKpi(t.deps.db);
    await expect(importFile(Buffer.from('PK\u0003\u0004 ikke et regneark'), 'okt.xlsx')).rejects.toThrow(
      /okt\.xlsx: filen er ikke et gyldigt Excel-regneark/,
    );
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tom');
    await expect(importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'tom.xlsx')).rejects.toThrow(
      /tom\.xlsx: regnearket er tomt/,
    );
    expect(await dumpKpi(t.deps.db)).toBe(before);
  });

  it('rolls back everything when storing fails half-way', async () => {
    const before = await dumpKpi(t.deps.db);
    // A constraint the validation does not know about fails inside the transaction, after rows were written.
    await t.deps.db.query(
      `ALTER TABLE kpi_verdicts ADD CONSTRAINT kpi_test_no_odense CHECK (municipality_code <> 461)`,
    );
    try {
      await expect(importFile(csv('2026-10;791;;300;100;100;7,5', '2026-10;461;;300;200;100;7,5'))).rejects.toThrow();
    } finally {
      await t.deps.db.query('ALTER TABLE kpi_verdicts DROP CONSTRAINT kpi_test_no_odense');
    }
    expect(await dumpKpi(t.deps.db)).toBe(before);
  });

  it('warns the municipality below target, to its coordinator, leader and primary contact only, with its own agents', async () => {
    const s = await importFile(
      csv(
        '2026-09;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5',
        '2026-09;791;birte.agent@viborg.eksempel.dk;40;35;20;8',
        '2026-09;791;carl.agent@viborg.eksempel.dk;10;0;2;2',
        '2026-09;461;dorte.agent@odense.eksempel.dk;200;150;80;7,8',
      ),
      'sep.csv',
    );
    // Viborg: 55 of 110 calls (50 %) with answers weighted to 6.9; Carl has too few calls of his own to be listed.
    expect(s).toMatchObject({
      period: '2026-09',
      rows: 4,
      municipalities: 2,
      warned: 1,
      flaggedAgents: 1,
      tooFewData: 0,
      replaced: false,
    });
    await t.runJobs();
    const [coordinator] = cardsTo(t, w.chat('coordinator'));
    const [leader] = cardsTo(t, w.chat('leader'));
    const [primary] = cardsTo(t, w.chat('primary'));
    expect(coordinator).toContain('KPI-advarsel 2026-09: Viborg');
    expect(coordinator).toContain('50,0 % af 110 opkald');
    expect(coordinator).toContain('Anders Agent');
    expect(coordinator).toContain('Straksafklaring 33,3 %');
    expect(coordinator).toContain('Undervisning gennemført');
    expect(coordinator).not.toContain('Birte Agent');
    expect(coordinator).not.toContain('Carl Agent');
    expect(coordinator).toContain('Samarbejdsaftalen');
    expect(leader).toContain('Anders Agent');
    expect(leader).not.toContain('Undervisning gennemført');
    expect(primary).toContain('KPI-advarsel 2026-09: Viborg');
    expect(primary).not.toContain('Anders');
    expect(primary).toContain('sendt til kommunens kvalitetskoordinator og leder');
    expect(cardsTo(t, w.chat('representative'))).toEqual([]);
    for (const who of ['otherCoordinator', 'otherLeader', 'agentA', 'agentD'] as const)
      expect(cardsTo(t, w.chat(who))).toEqual([]);
    // The secretariat gets the DDH summary: aggregates, no agent.
    const summary = cardsTo(t, w.chat('secretary')).join();
    expect(summary).toContain("DDH's KPI-tal for september 2026");
    expect(summary).toContain('Viborg');
    expect(summary).not.toMatch(/Anders|Birte|Dorte/);
    expect(t.connector.sent()).toHaveLength(4);
    expect(
      await count(`SELECT count(*)::int AS n FROM kpi_training WHERE completed_at IS NULL AND person_id = $1`, [
        w.ids.agentA,
      ]),
    ).toBe(1);
    // The Viva Engage post is requested in the same transaction, DDH totals only.
    const post = await t.deps.db.query<{ payload: { body: string } }>(
      `SELECT payload FROM timers WHERE key = 'engage:post:kpi:2026-09'`,
    );
    expect(post.rows[0].payload.body).toContain('Straksafklaring i hele DDH');
    expect(post.rows[0].payload.body).not.toMatch(/Viborg|Odense|Anders/);
  });

  it('replaces a month on re-import, updates the cards in place and withdraws a warning the new figures do not support', async () => {
    const s = await importFile(csv('2026-09;791;;110;80;50;7,5', '2026-09;461;;200;150;80;7,8'), 'sep-rettet.csv');
    expect(s).toMatchObject({ period: '2026-09', rows: 2, warned: 0, withdrawn: 1, replaced: true });
    expect(await count(`SELECT count(*)::int AS n FROM kpi_rows WHERE period = '2026-09'`)).toBe(2);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM kpi_imports WHERE period = '2026-09' AND file_name = 'sep-rettet.csv'`,
      ),
    ).toBe(1);
    // The training flags that month set are taken back with it.
    expect(await count(`SELECT count(*)::int AS n FROM kpi_training WHERE period = '2026-09'`)).toBe(0);
    await t.runJobs();
    expect(t.connector.sent()).toHaveLength(0);
    const updated = t.connector.updates(w.chat('coordinator')).map((c) => JSON.stringify(c.body));
    expect(updated.at(-1)).toContain('er trukket tilbage');
    expect(updated.at(-1)).not.toContain('Anders');
    expect(
      t.connector
        .updates(w.chat('secretary'))
        .map((c) => JSON.stringify(c.body))
        .at(-1),
    ).toContain('indlæst igen');
  });

  it('reads XLSX too', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('August');
    ws.addRow(HEADER.split(';'));
    ws.addRow(['2026-08', 791, '', 100, 70, 30, 7.5]);
    ws.addRow(['2026-08', 461, '', 20, 10, 5, 8]);
    const s = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'aug.xlsx');
    expect(s).toMatchObject({ period: '2026-08', rows: 2, warned: 0, tooFewData: 1 });
    const v = await t.deps.db.query<{ municipality_code: number; verdict: string }>(
      `SELECT municipality_code, verdict FROM kpi_verdicts WHERE period = '2026-08' ORDER BY 1`,
    );
    expect(v.rows).toEqual([
      { municipality_code: 461, verdict: 'for_faa_data' },
      { municipality_code: 791, verdict: 'ok' },
    ]);
  });

  it('only lets the secretariat import', async () => {
    const { loadActorByObjectId } = await import('../../src/registry/registry-repository.js');
    const coordinator = (await loadActorByObjectId(t.deps.db, 'c0ffee00-0000-4000-8000-000000000001', false))!;
    await expect(
      t.app.modules.kpi.imports.importFile(csv('2026-07;791;;100;70;30;7,5'), 'jul.csv', coordinator),
    ).rejects.toThrow(/Kun DDH-sekretariatet/);
    expect(await count(`SELECT count(*)::int AS n FROM kpi_imports WHERE period = '2026-07'`)).toBe(0);
  });
});
