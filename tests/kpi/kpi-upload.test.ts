/**
 * The two ways in: a file sent to the bot in the secretariat's 1:1 chat (through the real HTTP server, the
 * adapter and the file download from a local server), and `npm run import -- kpi FILE` (importKpiCommand).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { KPI_VERBS } from '../../src/kpi/kpi-cards.js';
import { importKpiCommand } from '../../src/kpi/kpi-cli.js';
import { cardsTo, createKpiWorld, csv, dumpKpi, HEADER, PEOPLE, type KpiWorld } from './kpi-fixtures.js';

describe.each(testDatabases())('KPI upload and command line on %s', (database) => {
  let t: TestApp;
  let w: KpiWorld;
  let files: Server;
  let base = '';
  const served = new Map<string, Buffer>();

  beforeAll(async () => {
    t = await startTestApp({ database, now: '2026-11-24T09:00:00Z' });
    w = await createKpiWorld(t);
    files = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      res.statusCode = body ? 200 : 404;
      res.end(body ?? '');
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => files.close(r));
    await t.stop();
  });
  beforeEach(async () => {
    await t.runJobs();
    t.connector.reset();
  });

  /** Sends a file to the bot the way Teams does: an attachment with a short-lived download URL (and, here, a few words). */
  const sendFile = (from: string, name: string, bytes: Buffer, text = 'Her er filen') => {
    served.set(`/${name}`, bytes);
    return t.activity(from, {
      text,
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name,
          content: { downloadUrl: `${base}/${name}`, fileType: name.split('.').pop() },
        },
      ],
    });
  };
  const repliesTo = (who: keyof KpiWorld['ids']) => t.connector.sent(w.chat(who)).map((c) => JSON.stringify(c.body));

  it("offers the upload on the secretariat's menu only, with the documented columns", async () => {
    await t.message(PEOPLE.secretary, 'menu');
    await t.message(PEOPLE.coordinator, 'menu');
    expect(cardsTo(t, w.chat('secretary')).join()).toContain('Indlæs månedens KPI-tal');
    expect(cardsTo(t, w.chat('coordinator')).join()).not.toContain('Indlæs månedens KPI-tal');
    expect(cardsTo(t, w.chat('coordinator')).join()).toContain('KPI for min kommune');
    const card = JSON.stringify((await t.execute(PEOPLE.secretary, KPI_VERBS.upload, {})).body);
    for (const column of HEADER.split(';')) expect(card).toContain(column);
    expect(JSON.stringify((await t.execute(PEOPLE.coordinator, KPI_VERBS.upload, {})).body)).toContain(
      'Kun DDH-sekretariatet',
    );
  });

  it('imports a file the secretariat sends and answers with a receipt', async () => {
    const res = await sendFile(
      PEOPLE.secretary,
      'oktober.csv',
      csv('2026-10;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5', '2026-10;461;;200;150;80;7,8'),
    );
    expect(res.status).toBe(200);
    const replies = repliesTo('secretary');
    expect(replies[0]).toContain('Filen er modtaget');
    expect(replies[1]).toContain('KPI-tal for oktober 2026 er indlæst');
    expect(replies[1]).toContain('Advarsler: 1 kommune under målet');
    expect(replies[1]).not.toContain('Anders');
    await t.runJobs();
    expect(cardsTo(t, w.chat('coordinator')).join()).toContain('KPI-advarsel 2026-10: Viborg');
  });

  it('answers a bad file with the row-level report and changes nothing', async () => {
    const before = await dumpKpi(t.deps.db);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Nov');
    ws.addRow(HEADER.split(';'));
    ws.addRow(['2026-11', 791, 'ukendt@eksempel.dk', 10, 20, 5, 7]);
    await sendFile(PEOPLE.secretary, 'november.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const reply = repliesTo('secretary').join();
    expect(reply).toContain('intet er ændret');
    expect(reply).toContain('november.xlsx:2: agent');
    expect(reply).toContain('november.xlsx:2: straksafklarede');
    await t.runJobs();
    expect(await dumpKpi(t.deps.db)).toBe(before);
  });

  it('tells other files apart by content, and refuses KPI files from anyone but the secretariat', async () => {
    await sendFile(PEOPLE.secretary, 'referat.csv', Buffer.from('emne;tekst\nmøde;noget\n'));
    expect(repliesTo('secretary').join()).toContain('Botten kan kun modtage månedens KPI-tal');
    const before = await dumpKpi(t.deps.db);
    await sendFile(PEOPLE.coordinator, 'egne.csv', csv('2026-11;791;;150;100;60;7,6'));
    expect(repliesTo('coordinator').join()).toContain('Kun DDH-sekretariatet kan indlæse KPI-tal');
    expect(await dumpKpi(t.deps.db)).toBe(before);
  });

  it('takes a file sent without any text', async () => {
    await sendFile(PEOPLE.secretary, 'tom-tekst.csv', csv('2026-11;791;;150;100;60;7,6'), '');
    expect(repliesTo('secretary').join()).toContain('er indlæst');
  });

  it('imports from the command line with progress lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddh-kpi-'));
    const file = join(dir, 'november.csv');
    writeFileSync(file, csv('2026-11;791;;150;100;60;7,6', '2026-11;461;;200;150;80;7,8'));
    const progress: string[] = [];
    const out = await importKpiCommand(file, t.app.modules.kpi, (line) => progress.push(line));
    expect(out).toContain('2 rækker for 2 kommuner er kontrolleret og indlæst');
    expect(out).toContain('Opfølgning på sidste måneds advarsler: 1');
    expect(out).not.toContain('Anders');
    expect(progress.join('\n')).toMatch(
      /Læser november\.csv[\s\S]*Kontrollerer 2 rækker[\s\S]*2 af 2 rækker gemt[\s\S]*Færdig/,
    );
  });
});
