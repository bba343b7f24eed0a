import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { kpiServiceFor } from '../../src/kpi/register.js';
import { KpiFileError } from '../../src/kpi/kpi-file.js';
import { KPI_VERBS } from '../../src/kpi/kpi-cards.js';
import { testDatabases } from '../support/databases.js';

const header = 'periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns';
const dump = async (t: TestApp) => JSON.stringify((await t.deps.db.query('SELECT * FROM kpi_rows ORDER BY municipality_code, agent_key')).rows);

describe.each(testDatabases())('KPI import on %s', (database) => {
  let t: TestApp;
  const coordinator = 'k0000000-0000-4000-8000-000000000001';
  const otherCoordinator = 'k0000000-0000-4000-8000-000000000002';
  let agentId = 0;

  beforeAll(async () => {
    t = await startTestApp({ database });
    const db = t.deps.db;
    const qc = await addPerson(db, { name: 'Karen Koordinator', objectId: coordinator, roles: [[791, 'kvalitetskoordinator']] });
    const leader = await addPerson(db, { name: 'Lars Leder', roles: [[791, 'leder']] });
    const other = await addPerson(db, { name: 'Olga Odense', objectId: otherCoordinator, roles: [[461, 'kvalitetskoordinator']] });
    agentId = (await addPerson(db, { name: 'Anders Agent', email: 'anders.agent@viborg.eksempel.dk', roles: [[791, 'agent']] })).id;
    await addPerson(db, { name: 'Birte Agent', email: 'birte.agent@viborg.eksempel.dk', roles: [[791, 'agent']] });
    for (const p of [qc, leader, other]) await addConversation(db, t.connector.url, { id: `chat-${p.id}`, personId: p.id });
  });
  afterAll(() => t.stop());

  const csv = (...rows: string[]) => Buffer.from([header, ...rows].join('\n'));

  it('refuses a bad file with row-level problems and writes nothing', async () => {
    const before = await dump(t);
    const err = await kpiServiceFor(t.deps)
      .importFile(csv('2026-10;791;ukendt@eksempel.dk;100;50;30;7,5', '2026-10;999;;100;50;30;7', '2026-10;461;;100;150;30;7', '2026-10;751;;100;50;30;12', '2026-10;751;;100;50;30;7'), 'okt.csv', null)
      .catch((e) => e);
    expect(err).toBeInstanceOf(KpiFileError);
    const problems = (err as KpiFileError).problems.join('\n');
    expect(problems).toContain('okt.csv:2: agent: ukendt agent');
    expect(problems).toContain('okt.csv:3: kommunekode: ukendt kommune');
    expect(problems).toContain('okt.csv:4: straksafklarede: flere straksafklarede');
    expect(problems).toContain('okt.csv:5: tilfredshed_gns');
    expect(problems).toContain('okt.csv:6: række: dobbelt række');
    expect(await dump(t)).toBe(before);
    await expect(kpiServiceFor(t.deps).importFile(Buffer.from('PK\u0003\u0004garbage'), 'okt.xlsx', null)).rejects.toThrow(/gyldigt Excel/);
  });

  it('warns the municipality below target, to its coordinator and leader only, with its own agents', async () => {
    const s = await kpiServiceFor(t.deps).importFile(csv('2026-10;791;anders.agent@viborg.eksempel.dk;60;20;30;6,5', '2026-10;791;birte.agent@viborg.eksempel.dk;40;35;20;8', '2026-10;461;;200;150;80;7,8'), 'okt.csv', null);
    expect(s).toMatchObject({ period: '2026-10', rows: 3, warned: 1, flaggedAgents: 1 });
    await t.runJobs();
    const viborgCards = t.connector.sent().map((c) => JSON.stringify(FakeConnector.cardOf(c)));
    expect(viborgCards).toHaveLength(2);
    expect(viborgCards[0]).toContain('KPI-advarsel 2026-10: Viborg');
    expect(viborgCards[0]).toContain('Anders Agent');
    expect(viborgCards.join()).not.toContain('Odense');
    expect((await t.deps.db.query("SELECT verdict FROM kpi_verdicts WHERE municipality_code = 461")).rows[0].verdict).toBe('ok');
  });

  it('replaces a period on re-import', async () => {
    await kpiServiceFor(t.deps).importFile(csv('2026-10;461;;200;150;80;7,8'), 'okt-rettet.csv', null);
    expect((await t.deps.db.query("SELECT count(*)::int AS n FROM kpi_rows WHERE period = '2026-10'")).rows[0].n).toBe(1);
  });

  it('reads XLSX too and follows up on last month', async () => {
    await kpiServiceFor(t.deps).importFile(csv('2026-10;791;;100;40;30;6'), 'okt.csv', null);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Nov');
    ws.addRow(header.split(';'));
    ws.addRow(['2026-11', 791, '', 100, 70, 30, 7.5]);
    const s = await kpiServiceFor(t.deps).importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'nov.xlsx', null);
    expect(s.warned).toBe(0);
    expect((await t.deps.db.query("SELECT follow_up FROM kpi_verdicts WHERE period = '2026-11' AND municipality_code = 791")).rows[0].follow_up).toBe('forbedret');
  });

  it('lets only the agent\'s own quality coordinator record the training', async () => {
    expect(JSON.stringify((await t.execute(otherCoordinator, KPI_VERBS.trainingDone, { personId: agentId, period: '2026-10' })).body)).toContain('Kun kommunens kvalitetskoordinator');
    expect((await t.deps.db.query('SELECT completed_at FROM kpi_training WHERE person_id = $1', [agentId])).rows[0].completed_at).toBeNull();
    expect(JSON.stringify((await t.execute(coordinator, KPI_VERBS.trainingDone, { personId: agentId, period: '2026-10' })).body)).toContain('kan igen tage vagter');
  });
});
