/** The meetings' pure rules: the year's count, the host rotation, meeting times, attendance and quorum. */
import { describe, expect, it } from 'vitest';
import {
  attendanceLines,
  checkYear,
  inviteesOf,
  meetingTimes,
  nextRecord,
  quorumOutlook,
  seatAttendance,
  suggestHosts,
} from '../../src/meetings/meetings-domain.js';
import { decisionText, minutesInputOf } from '../../src/meetings/meetings-minutes-domain.js';
import { BRACKET_PLURAL } from '../../src/shared/danish.js';

const seats = [
  { municipalityCode: 751, memberPersonId: 1, deputyPersonId: null },
  { municipalityCode: 791, memberPersonId: 2, deputyPersonId: 3 },
  { municipalityCode: 190, memberPersonId: 4, deputyPersonId: 5 },
];
const at = new Date('2026-11-24T09:00:00Z');

describe('the year against the statutes', () => {
  it('counts planned meetings per kind and says what is missing or too many, in Danish plurals', () => {
    const targets = { styregruppe: 8, repraesentantskab: 2 };
    expect(checkYear(Array(8).fill('styregruppe').concat(['repraesentantskab', 'repraesentantskab']), targets)).toEqual(
      { counts: { styregruppe: 8, repraesentantskab: 2 }, problems: [] },
    );
    const short = checkYear(['styregruppe', 'repraesentantskab'], targets);
    expect(short.problems).toEqual([
      'Der mangler 7 styregruppemøder (vedtægterne: 8 styregruppemøder om året).',
      'Der mangler 1 repræsentantskabsmøde (vedtægterne: 2 repræsentantskabsmøder om året).',
    ]);
    const many = checkYear(Array(9).fill('styregruppe'), { styregruppe: 8, repraesentantskab: 0 });
    expect(many.problems).toEqual(['Der er 1 styregruppemøde mere end vedtægternes 8 styregruppemøder om året.']);
    for (const line of [...short.problems, ...many.problems]) expect(line).not.toMatch(BRACKET_PLURAL);
  });

  it('suggests hosts who never hosted first, then those who hosted longest ago', () => {
    const last = new Map([
      [751, new Date('2026-06-01')],
      [791, new Date('2026-03-01')],
    ]);
    expect(suggestHosts([751, 791, 190, 727], last, 3)).toEqual([190, 727, 791]);
    expect(suggestHosts([751], new Map(), 0)).toEqual([]);
  });

  it('turns Copenhagen date and times into instants across daylight saving, refusing an end before the start', () => {
    expect(meetingTimes({ date: '2027-01-14', startTime: '10:00', endTime: '15:00' })).toEqual({
      startsAt: new Date('2027-01-14T09:00:00Z'),
      endsAt: new Date('2027-01-14T14:00:00Z'),
    });
    expect(meetingTimes({ date: '2027-06-17', startTime: '10:00', endTime: '15:00' })).toEqual({
      startsAt: new Date('2027-06-17T08:00:00Z'),
      endsAt: new Date('2027-06-17T13:00:00Z'),
    });
    expect(meetingTimes({ date: '2027-01-14', startTime: '15:00', endTime: '10:00' })).toBe(
      'Mødet skal slutte efter det begynder.',
    );
  });
});

describe('invitees, attendance and quorum', () => {
  it('invites members, then deputies, then the secretariat, each person once', () => {
    const refs = inviteesOf('styregruppe', { seats, secretariat: [9, 1], representatives: [] });
    expect(refs.map((r) => `${r.personId}:${r.capacity}`)).toEqual([
      '1:medlem',
      '2:medlem',
      '4:medlem',
      '3:suppleant',
      '5:suppleant',
      '9:sekretariat',
    ]);
    const assembly = inviteesOf('repraesentantskab', {
      seats,
      secretariat: [9],
      representatives: [{ personId: 7, code: 751 }],
    });
    expect(assembly.map((r) => r.capacity)).toEqual(['repraesentant', 'sekretariat']);
  });

  it('expects the member, or after afbud the called-in deputy; quorum is more than the share of the seats', () => {
    const afbud = nextRecord(seatAttendance(seats, [])[1], true, 'afbud', at)!;
    expect(afbud).toMatchObject({ memberStatus: 'afbud', deputyStatus: 'indkaldt' });
    const noDeputy = nextRecord(seatAttendance(seats, [])[0], true, 'afbud', at)!;
    expect(noDeputy.deputyStatus).toBeNull();
    const attendance = seatAttendance(seats, [afbud, noDeputy]);
    expect(attendance.map((s) => s.expected)).toEqual([
      null,
      { personId: 3, asDeputy: true },
      { personId: 4, asDeputy: false },
    ]);
    expect(quorumOutlook(attendance, 0.5)).toEqual({ seats: 3, expected: 2, needed: 2, met: true });
    const deputyAfbud = nextRecord(attendance[1], false, 'afbud', at)!;
    expect(quorumOutlook(seatAttendance(seats, [deputyAfbud, noDeputy]), 0.5).met).toBe(false);
  });

  it('changes nothing for a press that already holds, or a deputy not called in', () => {
    const seat = seatAttendance(seats, [])[1];
    expect(nextRecord(seat, true, 'deltager', at)).toBeNull();
    expect(nextRecord(seat, false, 'afbud', at)).toBeNull();
    const back = nextRecord(seatAttendance(seats, [nextRecord(seat, true, 'afbud', at)!])[1], true, 'deltager', at);
    expect(back).toMatchObject({ memberStatus: 'deltager', deputyStatus: null });
  });

  it('writes the agenda\'s "afbud/ændringer" lines as seed 003 does', () => {
    const online = nextRecord(seatAttendance(seats, [])[2], true, 'online', at)!;
    const afbud = nextRecord(seatAttendance(seats, [])[1], true, 'afbud', at)!;
    const names = new Map([
      [2, 'Vibeke Medlem'],
      [3, 'Villads Suppleant'],
      [4, 'Frida Medlem'],
    ]);
    const names2 = (code: number) => ({ 791: 'Viborg', 190: 'Furesø', 751: 'Aarhus' })[code]!;
    expect(attendanceLines(seatAttendance(seats, [afbud, online]), names, names2)).toEqual([
      'Vibeke Medlem, Viborg: afbud – suppleant Villads Suppleant deltager',
      'Frida Medlem, Furesø deltager via Teams',
    ]);
  });
});

describe('minutes input', () => {
  const minutes = {
    meetingId: 1,
    status: 'kladde' as const,
    version: 1,
    sentAt: null,
    approvedAt: null,
    items: [
      {
        number: '4',
        agendaItemId: 7,
        title: 'Vagtplan',
        markers: ['B'],
        decision: 'x',
        decisionSource: 'referent' as const,
      },
    ],
  };

  it('keeps changed decisions only and needs a complete follow-up point with an invited owner', () => {
    expect(minutesInputOf({ decision_4: ' x ', decision_9: 'ukendt' }, minutes, []).decisions.size).toBe(0);
    expect(minutesInputOf({ decision_4: 'Godkendt' }, minutes, []).decisions.get('4')).toBe('Godkendt');
    expect(() => minutesInputOf({ followUpText: 'Noget' }, minutes, [{ personId: 5 }])).toThrow('Vælg den ansvarlige');
    expect(() =>
      minutesInputOf({ followUpText: 'Noget', followUpOwner: '5', followUpDue: '2027-02-30x' }, minutes, [
        { personId: 5 },
      ]),
    ).toThrow('Fristen må højst');
    expect(() =>
      minutesInputOf({ followUpText: 'Noget', followUpOwner: '5', followUpDue: '2027-02-30' }, minutes, [
        { personId: 5 },
      ]),
    ).toThrow('Vælg en frist');
    expect(
      minutesInputOf(
        { followUpText: 'Noget', followUpOwner: '5', followUpDue: '2027-03-01', followUpItem: '4' },
        minutes,
        [{ personId: 5 }],
      ).followUp,
    ).toEqual({ itemNumber: '4', text: 'Noget', ownerPersonId: 5, dueOn: '2027-03-01' });
  });

  it('reads a vote as a decision', () => {
    expect(
      decisionText({
        agendaItemId: 1,
        result: 'forkastet',
        votesFor: 2,
        votesAgainst: 3,
        votesAbstain: 1,
        decidedAt: at,
      }),
    ).toBe('Forkastet ved afstemning: 2 for, 3 imod, 1 undlod at stemme.');
  });
});
