import { describe, expect, it } from 'vitest';
import {
  parseRosterCsv,
  parseRosterJson,
  parseRosterText,
  RosterValidationError,
} from '../../src/shifts/roster-source.js';

const ZONE = 'Europe/Copenhagen';

function errorsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RosterValidationError);
    return (e as RosterValidationError).errors;
  }
  throw new Error('expected a RosterValidationError');
}

describe('CSV roster', () => {
  it('reads comma-separated local and ISO times', () => {
    const b = parseRosterCsv(
      'shift_id,municipality_code,agent_email,agent_id,start,end\n' +
        'P-1,751,Agent.A@Eksempel.dk,,2026-11-24 08:00,2026-11-24 12:00\n' +
        'P-2,461,,obj-2,2026-11-24T08:00:00+01:00,12:00\n',
      'test',
      ZONE,
    );
    expect(b.shifts).toHaveLength(2);
    expect(b.shifts[0]).toMatchObject({
      externalId: 'P-1',
      municipalityCode: 751,
      agentEmail: 'agent.a@eksempel.dk',
      agentId: null,
    });
    expect(b.shifts[0].startsAt.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    expect(b.shifts[1].endsAt.toISOString()).toBe('2026-11-24T11:00:00.000Z');
    expect(b.coveredDates).toEqual(['2026-11-24']);
  });

  it('reads a Danish Excel export: semicolons, BOM, Danish headers, municipality names, date column, night shift', () => {
    const b = parseRosterCsv(
      '\uFEFFVagt_id;Kommune;Email;Dato;Start;Slut\n' + 'N-1;Aarhus Kommune;nat@eksempel.dk;24.11.2026;22:00;06:00\n',
      'test',
      ZONE,
    );
    expect(b.shifts[0].municipalityCode).toBe(751);
    expect(b.shifts[0].startsAt.toISOString()).toBe('2026-11-24T21:00:00.000Z');
    expect(b.shifts[0].endsAt.toISOString()).toBe('2026-11-25T05:00:00.000Z');
  });

  it('reports every bad row and field, by line number', () => {
    const errors = errorsOf(() =>
      parseRosterCsv(
        'shift_id,municipality_code,agent_email,start,end\n' +
          'A,751,a@eksempel.dk,2026-11-24 08:00,2026-11-24 12:00\n' +
          ',999,not-an-email,2026-13-01 08:00,x\n' +
          'A,751,a@eksempel.dk,2026-11-24 08:00,2026-11-24 07:00\n',
        'test',
        ZONE,
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, field: 'shift_id' }),
        expect.objectContaining({ row: 3, field: 'municipality_code' }),
        expect.objectContaining({ row: 3, field: 'agent_email' }),
        expect.objectContaining({ row: 3, field: 'start' }),
        expect.objectContaining({ row: 4, field: 'end' }),
      ]),
    );
  });

  it('refuses duplicate shift ids and missing columns', () => {
    const dup = errorsOf(() =>
      parseRosterCsv(
        'shift_id,municipality_code,agent_email,start,end\nA,751,a@x.dk,2026-11-24 08:00,12:00\nA,751,b@x.dk,2026-11-24 09:00,12:00\n',
        't',
        ZONE,
      ),
    );
    expect(dup).toEqual([expect.objectContaining({ row: 3, field: 'shift_id' })]);
    const cols = errorsOf(() => parseRosterCsv('shift_id,agent_email,start\nA,a@x.dk,2026-11-24 08:00\n', 't', ZONE));
    // A missing column is named as the documented Danish column.
    expect(cols.map((e) => e.field).sort()).toEqual(['kommunekode', 'slut']);
  });

  it('names a bad field as the file wrote it, with its row and column (issue 18)', () => {
    const csvErrors = errorsOf(() =>
      parseRosterCsv(
        'vagt_id;kommunekode;email;starttid;sluttid;lederposten\nA;999;a@x.dk;2026-11-24 08:00;12:00;ikke-en-mail\n',
        't',
        ZONE,
      ),
    );
    expect(csvErrors).toEqual([
      { row: 2, field: 'kommunekode', column: 2, message: expect.stringContaining('"999"') },
      { row: 2, field: 'lederposten', column: 6, message: 'er ikke en e-mailadresse' },
    ]);
    let message = '';
    try {
      parseRosterCsv('vagt_id;kommunekode;email;starttid;sluttid\nA;999;a@x.dk;2026-11-24 08:00;12:00\n', 't', ZONE);
    } catch (e) {
      message = (e as RosterValidationError).userMessage;
    }
    expect(message).toContain('række 2, kolonne 2, felt kommunekode:');
    expect(message).not.toContain('municipality_code');
    const jsonErrors = errorsOf(() =>
      parseRosterJson(
        '[{"vagtId":"J","kommune":"Atlantis","mail":"a@x.dk","fra":"2026-11-24 08:00","til":"09:00"}]',
        't',
        ZONE,
      ),
    );
    expect(jsonErrors).toEqual([{ row: 1, field: 'kommune', message: expect.stringContaining('"Atlantis"') }]);
  });

  it('reads the leader on duty ("Lederposten") when the roster names one', () => {
    const batch = parseRosterCsv(
      'vagt_id,kommunekode,agent_email,start,slut,Lederposten\nA,751,a@x.dk,2026-11-24 08:00,12:00,Leder.L@Aarhus.dk\nB,751,b@x.dk,2026-11-24 08:00,12:00,\n',
      't',
      ZONE,
    );
    expect(batch.shifts.map((shift) => shift.leaderEmail)).toEqual(['leder.l@aarhus.dk', null]);
  });

  it('refuses wall-clock times that do not exist or exist twice at daylight-saving changes', () => {
    const spring = errorsOf(() =>
      parseRosterCsv(
        'shift_id,municipality_code,agent_email,start,end\nA,751,a@x.dk,2026-03-29 02:30,2026-03-29 06:00\n',
        't',
        ZONE,
      ),
    );
    expect(spring[0]).toMatchObject({ row: 2, field: 'start' });
    expect(spring[0].message).toMatch(/findes ikke/);
    const autumn = errorsOf(() =>
      parseRosterCsv(
        'shift_id,municipality_code,agent_email,start,end\nA,751,a@x.dk,2026-10-25 02:30,2026-10-25 06:00\n',
        't',
        ZONE,
      ),
    );
    expect(autumn[0].message).toMatch(/tvetydig/);
    // With an offset the same instant is fine.
    const ok = parseRosterCsv(
      'shift_id,municipality_code,agent_email,start,end\nA,751,a@x.dk,2026-10-25T02:30+01:00,2026-10-25T06:00+01:00\n',
      't',
      ZONE,
    );
    expect(ok.shifts[0].startsAt.toISOString()).toBe('2026-10-25T01:30:00.000Z');
  });

  it('reports broken CSV as such', () => {
    const e = errorsOf(() =>
      parseRosterCsv(
        'shift_id,municipality_code,agent_email,start,end\n"A,751,a@x.dk,2026-11-24 08:00,12:00\n',
        't',
        ZONE,
      ),
    );
    expect(e[0].field).toBe('csv');
  });
});

describe('JSON roster', () => {
  it('reads a list and an object with a period (covering days without shifts)', () => {
    const list = parseRosterJson(
      JSON.stringify([
        {
          shift_id: 'J-1',
          municipality_code: 751,
          agent_email: 'a@eksempel.dk',
          start: '2026-11-24T08:00:00+01:00',
          end: '2026-11-24T12:00:00+01:00',
        },
      ]),
      'test',
      ZONE,
    );
    expect(list.shifts[0].externalId).toBe('J-1');
    const withPeriod = parseRosterJson(
      {
        period: { from: '2026-11-24', to: '2026-11-26' },
        shifts: [
          {
            shiftId: 'J-2',
            municipalityCode: '461',
            agentId: 'obj',
            start: '2026-11-24 08:00',
            end: '2026-11-24 10:00',
          },
        ],
      },
      'test',
      ZONE,
    );
    expect(withPeriod.shifts[0]).toMatchObject({ externalId: 'J-2', municipalityCode: 461, agentId: 'obj' });
    expect(withPeriod.coveredDates).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
  });

  it('names the bad shift and field', () => {
    const errors = errorsOf(() =>
      parseRosterJson(
        '[{"shift_id":"J","municipality_code":751,"agent_email":"a@x.dk","start":"2026-11-24 08:00","end":"2026-11-24 09:00"}, 5, {"shift_id":"K","municipality_code":751,"start":"2026-11-24 08:00","end":"2026-11-24 09:00"}]',
        't',
        ZONE,
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({ row: 2, field: 'vagt' }),
      expect.objectContaining({ row: 3, field: 'agent_email' }),
    ]);
    expect(errorsOf(() => parseRosterJson('{not json', 't', ZONE))[0].field).toBe('json');
  });

  it('picks the parser by file name or content', () => {
    expect(
      parseRosterText(
        '[{"shift_id":"J","municipality_code":751,"agent_email":"a@x.dk","start":"2026-11-24 08:00","end":"09:00"}]',
        'x.txt',
        ZONE,
      ).source,
    ).toBe('fil:x.txt');
    expect(
      parseRosterText(
        'shift_id,municipality_code,agent_email,start,end\nA,751,a@x.dk,2026-11-24 08:00,12:00\n',
        '/tmp/uge48.csv',
        ZONE,
      ).shifts,
    ).toHaveLength(1);
  });
});
