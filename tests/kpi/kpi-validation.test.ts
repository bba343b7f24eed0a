import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { KpiFileError, readKpiHeader, readKpiSheet } from '../../src/kpi/kpi-file.js';
import { columnsOf, validateKpiSheet, type ValidationContext } from '../../src/kpi/kpi-validation.js';

const HEADER = 'periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns';
const agents = new Map([
  ['791|anders@viborg.dk', 11],
  ['791|11', 11],
  ['791|birte@viborg.dk', 12],
  ['461|dorte@odense.dk', 21],
]);
const ctx: ValidationContext = {
  fileName: 'okt.csv',
  currentPeriod: '2026-11',
  isMember: (c) => [791, 461, 751].includes(c),
  agentOf: (c, k) => agents.get(`${c}|${k}`) ?? null,
};

async function check(text: string | Buffer, name = 'okt.csv') {
  const sheet = await readKpiSheet(Buffer.isBuffer(text) ? text : Buffer.from(text), name);
  return validateKpiSheet(sheet, { ...ctx, fileName: name });
}

describe('KPI file checks', () => {
  it('accepts a good file, with agents by e-mail or id, decimal comma or point', async () => {
    const r = await check(
      [
        HEADER,
        '2026-10;791;;200;130;80;7,4',
        '2026-10;791;Anders@Viborg.dk;60;20;30;6.5',
        '2026-10;461;dorte@odense.dk;40;30;20;8',
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => [x.line, x.municipalityCode, x.agentPersonId, x.satisfactionMean])).toEqual([
      [2, 791, null, 7.4],
      [3, 791, 11, 6.5],
      [4, 461, 21, 8],
    ]);
  });

  it('reports every problem with its line and column', async () => {
    const r = await check(
      [
        HEADER,
        '2026-10;791;ukendt@eksempel.dk;100;50;30;7,5', // 2 unknown agent
        '2026-10;999;;100;50;30;7', // 3 unknown municipality
        '2026-10;101;;100;50;30;7', // 4 not a member
        '2026-10;461;;100;150;30;7', // 5 resolved > handled
        '2026-10;751;;100;50;30;12', // 6 out of range
        '2026-10;751;;-4;0;0;', // 7 negative
        '2026-10;751;;mange;0;0;', // 8 text
        '2026-10;751;;10;5;5;', // 9 answers without mean
        '2026-13;751;;10;5;5;7', // 10 bad period
        '2027-01;751;;10;5;5;7', // 11 future
        '', // blank line: skipped, still counted
        '2026-10;791;anders@viborg.dk;60;20;30;6,5', // 13
        '2026-10;791;11;60;20;30;6,5', // 14 the same agent by id: duplicate
      ].join('\n'),
    );
    const p = r.problems.join('\n');
    expect(p).toContain('okt.csv:2: agent: "ukendt@eksempel.dk" er ikke registreret som agent i Viborg');
    expect(p).toContain('okt.csv:3: kommunekode: ukendt kommunekode "999"');
    expect(p).toContain('okt.csv:4: kommunekode: København (101) er ikke medlem');
    expect(p).toContain('okt.csv:5: straksafklarede: flere straksafklarede (150) end besvarede opkald (100)');
    expect(p).toContain('okt.csv:6: tilfredshed_gns: "12" skal være et tal mellem 1 og 9');
    expect(p).toContain('okt.csv:7: besvarede');
    expect(p).toContain('okt.csv:8: besvarede: "mange"');
    expect(p).toContain('okt.csv:9: tilfredshed_gns: mangler');
    expect(p).toContain('okt.csv:10: periode');
    expect(p).toContain('okt.csv:11: periode: 2027-01 ligger i fremtiden');
    expect(p).toContain('okt.csv:14: række: dobbelt række');
    expect(p).toContain('også linje 13');
  });

  it('refuses a file with two months, and a total smaller than its agents', async () => {
    expect(
      (await check([HEADER, '2026-10;751;;10;5;5;7', '2026-09;751;;10;5;5;7'].join('\n'))).problems.join(),
    ).toContain('flere perioder (2026-09, 2026-10)');
    const r = await check([HEADER, '2026-10;791;;50;20;30;7', '2026-10;791;anders@viborg.dk;60;20;30;6,5'].join('\n'));
    expect(r.problems).toEqual([
      'okt.csv:2: besvarede: kommunens total (50) er mindre end summen af dens agenters rækker (60)',
    ]);
  });

  it('names the missing columns and accepts the English aliases', async () => {
    expect((await check('periode;kommunekode\n2026-10;791\n')).problems[0]).toMatch(
      /okt\.csv:1: mangler kolonnerne agent, besvarede/,
    );
    expect(
      columnsOf([
        'Period',
        'Municipality_Code',
        'Agent',
        'Calls_Handled',
        'Calls Resolved',
        'Satisfaction-Answers',
        'satisfaction_mean',
      ]),
    ).not.toBeNull();
  });

  it('reads Windows-1252 CSV and refuses empty or broken files', async () => {
    const latin = Buffer.from(`${HEADER}\n2026-10;751;;10;5;5;7\n`, 'latin1');
    expect((await check(latin)).problems).toEqual([]);
    await expect(readKpiSheet(Buffer.from(''), 'tom.csv')).rejects.toBeInstanceOf(KpiFileError);
    await expect(readKpiSheet(Buffer.from(`${HEADER}\n"2026-10;751\n`), 'brudt.csv')).rejects.toThrow(
      /brudt\.csv.*ugyldig CSV/,
    );
    await expect(readKpiSheet(Buffer.from('PK\u0003\u0004noget'), 'okt.xlsx')).rejects.toThrow(
      /okt\.xlsx: filen er ikke et gyldigt Excel-regneark/,
    );
    expect(await readKpiHeader(Buffer.from('PK\u0003\u0004noget'), 'okt.xlsx')).toEqual([]);
  });

  it('reads XLSX with Excel row numbers, formulas by their result and a month typed as a date', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Oktober');
    ws.addRow(HEADER.split(';'));
    ws.addRow([new Date(Date.UTC(2026, 9, 1)), 791, '', 200, { formula: '100+30', result: 130 }, 80, 7.4]);
    ws.addRow([]);
    ws.addRow(['2026-10', 791, 'birte@viborg.dk', 60, 70, 30, 6.5]);
    const r = await check(Buffer.from(await wb.xlsx.writeBuffer()), 'okt.xlsx');
    expect(r.problems).toEqual(['okt.xlsx:4: straksafklarede: flere straksafklarede (70) end besvarede opkald (60)']);
    expect(await readKpiHeader(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx')).toEqual(HEADER.split(';'));
  });
});
