/**
 * Bad input, case by case: each gets a clear (Danish) error and leaves the database exactly as it was,
 * checked by comparing a dump of the tables it could touch before and after.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMeeting, addMembers, addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { VOTING_VERBS } from '../../src/voting/voting-cards.js';
import { parseRegistryFile, RegistryFileError } from '../../src/registry/registry-file.js';
import { parsePopulationCsv, PopulationFileError } from '../../src/registry/population-import.js';
import { parseRosterText } from '../../src/shifts/roster-source.js';
import { isDomainError } from '../../src/shared/errors.js';

const TABLES = [
  'agenda_items',
  'votes',
  'ballots',
  'kpi_rows',
  'kpi_imports',
  'people',
  'person_roles',
  'memberships',
  'populations',
];
const ERROR =
  /mangler|skal|ugyldig|ikke|højst|for stor|ukendt|Vælg|Ret venligst|findes|lukket|Kun |https|dobbelt|flere|gyldig/i;

let t: TestApp;
const rep = 'b0000000-0000-4000-8000-000000000001';
const chair = 'b0000000-0000-4000-8000-000000000002';
const chat = { conversationId: '19:bad@thread.v2', conversationType: 'groupChat' as const };
let meetingId = 0;
let voteId = 0;

const dump = async () => {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) out[table] = (await t.deps.db.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows;
  return JSON.stringify(out);
};

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-24T09:00:00Z' });
  const db = t.deps.db;
  await addMembers(db, [791, 751]);
  await addPerson(db, { name: 'Bodil Bad', objectId: rep, roles: [[791, 'repraesentant']] });
  const c = await addPerson(db, { name: 'Carl Chair', objectId: chair, roles: [[751, 'repraesentant']] });
  await setCommittee(db, { chairId: c.id, seats: [{ code: 751, memberId: c.id }] });
  await addConversation(db, t.connector.url, { id: chat.conversationId, type: 'groupChat' });
  meetingId = (await addMeeting(db, { startsAt: '2026-12-20T09:00:00Z' })).id;
  voteId = (
    await db.query<{ id: number }>(
      `INSERT INTO votes (question, conversation_id, started_by, started_at) VALUES ('Test?', $1, $2, now()) RETURNING id`,
      [chat.conversationId, c.id],
    )
  ).rows[0].id;
  await db.query('INSERT INTO vote_seats (vote_id, municipality_code, member_person_id) VALUES ($1, 751, $2)', [
    voteId,
    c.id,
  ]);
});
afterAll(() => t.stop());

const good = () => ({
  meetingId: String(meetingId),
  title: 'Et gyldigt punkt',
  markers: 'O',
  presenter: 'Bodil Bad, Viborg',
});

const AGENDA_CASES: [string, Record<string, unknown>][] = [
  ['missing title', { ...good(), title: undefined }],
  ['empty title', { ...good(), title: '' }],
  ['title too short', { ...good(), title: 'a' }],
  ['over-long title', { ...good(), title: 'x'.repeat(201) }],
  ['title as a number', { ...good(), title: 42 }],
  ['title as an object', { ...good(), title: { $gt: '' } }],
  ['title as an array', { ...good(), title: ['a', 'b'] }],
  ['missing markers', { ...good(), markers: undefined }],
  ['unknown marker', { ...good(), markers: 'X' }],
  ['marker with HTML', { ...good(), markers: '<b>B</b>' }],
  ['decision without recommendation', { ...good(), markers: 'B' }],
  ['missing presenter', { ...good(), presenter: '' }],
  ['over-long presenter', { ...good(), presenter: 'p'.repeat(121) }],
  ['over-long introduction', { ...good(), introduction: 'i'.repeat(4001) }],
  ['over-long recommendation', { ...good(), markers: 'B', recommendation: 'r'.repeat(1501) }],
  ['javascript link', { ...good(), attachment1Name: 'x', attachment1Url: 'javascript:alert(1)' }],
  ['http link', { ...good(), attachment1Name: 'x', attachment1Url: 'http://eksempel.dk/a.pdf' }],
  ['data link', { ...good(), attachment1Name: 'x', attachment1Url: 'data:text/html,<script>' }],
  ['attachment without name', { ...good(), attachment1Url: 'https://eksempel.dk/a.pdf' }],
  ['sub-item with bad marker', { ...good(), sub1Title: 'Under', sub1Markers: 'Q' }],
  ['unknown meeting', { ...good(), meetingId: '999999' }],
  ['meeting id as text', { ...good(), meetingId: 'møde' }],
  ['negative meeting id', { ...good(), meetingId: '-1' }],
  ['missing meeting', { ...good(), meetingId: undefined }],
  ['title of only control characters', { ...good(), title: '\u0000\u0001\u0002' }],
  ['title of whitespace', { ...good(), title: '     ' }],
];

describe('bad agenda submissions', () => {
  it.each(AGENDA_CASES)('%s', async (_name, data) => {
    const before = await dump();
    const res = await t.execute(rep, AGENDA_VERBS.submit, data);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toMatch(ERROR);
    expect(await dump()).toBe(before);
  });
});

const CARD_CASES: [string, string, Record<string, unknown>][] = [
  ['vote without id', VOTING_VERBS.cast, { choice: 'for' }],
  ['vote with unknown id', VOTING_VERBS.cast, { voteId: 999999, choice: 'for' }],
  ['vote with text id', VOTING_VERBS.cast, { voteId: 'abc', choice: 'for' }],
  ['vote with unknown choice', VOTING_VERBS.cast, { voteId: 0, choice: 'ja' }],
  ['vote with choice as array', VOTING_VERBS.cast, { voteId: 0, choice: ['for'] }],
  ['vote with template syntax', VOTING_VERBS.cast, { voteId: 0, choice: '${for}' }],
  ['close unknown vote', VOTING_VERBS.close, { voteId: 999999 }],
  ['start vote without question', VOTING_VERBS.start, { question: '' }],
  [
    'start vote with invalid date',
    VOTING_VERBS.start,
    { question: 'Spørgsmål?', closesOn: '2026-13-45', closesAt: '25:99' },
  ],
  [
    'start vote closing in the past',
    VOTING_VERBS.start,
    { question: 'Spørgsmål?', closesOn: '2020-01-01', closesAt: '10:00' },
  ],
  ['start vote with over-long question', VOTING_VERBS.start, { question: 'q'.repeat(301) }],
  ['stale agenda review', AGENDA_VERBS.accept, { itemId: 999999, version: 1 }],
  ['agenda review without version', AGENDA_VERBS.accept, { itemId: 1 }],
];

describe('bad card actions', () => {
  it.each(CARD_CASES)('%s', async (_name, verb, data) => {
    const before = await dump();
    const res = await t.execute(chair, verb, { ...data, voteId: data.voteId === 0 ? voteId : data.voteId }, chat);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toMatch(ERROR);
    expect(await dump()).toBe(before);
  });
});

const YAML_CASES: [string, string][] = [
  ['not YAML', 'personer: [\n'],
  ['a list at the top', '- a\n- b\n'],
  ['unknown section', 'hemmeligt: 1\n'],
  ['unknown municipality', 'medlemmer: [Atlantis]\n'],
  ['municipality code that does not exist', 'medlemmer: [9999]\n'],
  ['bad e-mail', 'personer:\n  - { navn: A, email: ikke-en-mail }\n'],
  ['person without name', 'personer:\n  - { email: a@eksempel.dk }\n'],
  ['unknown role', 'personer:\n  - { navn: A, email: a@eksempel.dk, roller: [{ kommune: Viborg, rolle: konge }] }\n'],
  ['duplicate e-mail', 'personer:\n  - { navn: A, email: a@eksempel.dk }\n  - { navn: B, email: A@eksempel.dk }\n'],
  ['bad Entra id', 'personer:\n  - { navn: A, email: a@eksempel.dk, entra_id: "x; DROP TABLE people" }\n'],
  ['bad mobile', 'personer:\n  - { navn: A, email: a@eksempel.dk, mobil: "<script>" }\n'],
  [
    'committee without Aarhus',
    'medlemmer: [Viborg]\nstyregruppe: { navn: S, fra: 2026-01-01, til: 2027-12-31, pladser: [{ kommune: Viborg }] }\n',
  ],
  [
    '14 seats',
    `styregruppe: { navn: S, fra: 2026-01-01, til: 2027-12-31, pladser: [${['Aarhus', 'Viborg', 'Odense', 'Vejle', 'Aalborg', 'Randers', 'Horsens', 'Herning', 'Silkeborg', 'Kolding', 'Esbjerg', 'Roskilde', 'Næstved', 'Holbæk'].map((k) => `{ kommune: ${k} }`).join(', ')}] }\n`,
  ],
  [
    'term ending before it starts',
    'styregruppe: { navn: S, fra: 2027-01-01, til: 2026-01-01, pladser: [{ kommune: Aarhus }] }\n',
  ],
  [
    'invalid meeting date',
    'moeder:\n  - { type: styregruppe, start: "2026-02-30 10:00", slut: "2026-02-30 12:00", sted: X }\n',
  ],
  [
    'meeting ending before start',
    'moeder:\n  - { type: styregruppe, start: "2026-12-10 12:00", slut: "2026-12-10 10:00", sted: X }\n',
  ],
  [
    'meeting of unknown type',
    'moeder:\n  - { type: fest, start: "2026-12-10 10:00", slut: "2026-12-10 12:00", sted: X }\n',
  ],
];

describe('bad registry files', () => {
  it.each(YAML_CASES)('%s', async (_name, text) => {
    const before = await dump();
    let err: unknown;
    try {
      parseRegistryFile(text, 'register.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegistryFileError);
    expect((err as RegistryFileError).problems.join('\n')).toMatch(/register\.yaml/);
    expect(await dump()).toBe(before);
  });
});

const POPULATION_CASES: [string, string][] = [
  ['empty file', ''],
  ['header only', 'kommune;kvartal;befolkning\n'],
  ['wrong header', 'navn;tal\nViborg;1\n'],
  ['negative population', 'kommune;kvartal;befolkning\nViborg;2025K3;-5\n'],
  ['population as text', 'kommune;kvartal;befolkning\nViborg;2025K3;mange\n'],
  ['quarter K5', 'kommune;kvartal;befolkning\nViborg;2025K5;1000\n'],
  ['unknown municipality', 'kommune;kvartal;befolkning\nNarnia;2025K3;1000\n'],
  ['unterminated quote', 'kommune;kvartal;befolkning\n"Viborg;2025K3;1000\n'],
];

describe('bad population files', () => {
  it.each(POPULATION_CASES)('%s', async (_name, text) => {
    const before = await dump();
    expect(() => parsePopulationCsv(text, 'folk1a.csv')).toThrow(PopulationFileError);
    expect(await dump()).toBe(before);
  });
});

const KPI_HEADER = 'periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns';
const KPI_CASES: [string, string, Buffer | string][] = [
  ['empty CSV', 'k.csv', ''],
  ['missing columns', 'k.csv', 'periode;kommunekode\n2026-10;791\n'],
  ['bad period', 'k.csv', `${KPI_HEADER}\n2026-13;791;;10;5;5;7\n`],
  ['text as calls', 'k.csv', `${KPI_HEADER}\n2026-10;791;;mange;5;5;7\n`],
  ['negative calls', 'k.csv', `${KPI_HEADER}\n2026-10;791;;-10;5;5;7\n`],
  ['resolved above handled', 'k.csv', `${KPI_HEADER}\n2026-10;791;;10;50;5;7\n`],
  ['satisfaction 0', 'k.csv', `${KPI_HEADER}\n2026-10;791;;10;5;5;0\n`],
  ['satisfaction 10', 'k.csv', `${KPI_HEADER}\n2026-10;791;;10;5;5;10\n`],
  ['answers without mean', 'k.csv', `${KPI_HEADER}\n2026-10;791;;10;5;5;\n`],
  ['unknown agent', 'k.csv', `${KPI_HEADER}\n2026-10;791;ukendt@eksempel.dk;10;5;5;7\n`],
  ['two periods', 'k.csv', `${KPI_HEADER}\n2026-10;791;;10;5;5;7\n2026-11;751;;10;5;5;7\n`],
  ['duplicate rows', 'k.csv', `${KPI_HEADER}\n2026-10;791;;10;5;5;7\n2026-10;791;;10;5;5;7\n`],
  ['formula injection in agent', 'k.csv', `${KPI_HEADER}\n2026-10;791;=cmd|'/c calc'!A1;10;5;5;7\n`],
  ['not an XLSX', 'k.xlsx', Buffer.from('dette er ikke et regneark')],
  [
    'Windows-1252 with an unknown municipality',
    'k.csv',
    Buffer.from(`${KPI_HEADER}\n2026-10;Ærø;;10;5;5;7\n`, 'latin1'),
  ],
];

describe('bad KPI files', () => {
  it.each(KPI_CASES)('%s', async (_name, fileName, content) => {
    const before = await dump();
    const err = await t.app.modules.kpi.imports
      .importFile(Buffer.isBuffer(content) ? content : Buffer.from(content), fileName, null)
      .catch((e) => e);
    expect(isDomainError(err)).toBe(true);
    expect((err as Error).message).toMatch(/k\.(csv|xlsx)/);
    expect(await dump()).toBe(before);
  });

  it('an empty XLSX sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Tom');
    const before = await dump();
    await expect(
      t.app.modules.kpi.imports.importFile(Buffer.from(await wb.xlsx.writeBuffer()), 'tom.xlsx', null),
    ).rejects.toThrow(/tom\.xlsx/);
    expect(await dump()).toBe(before);
  });
});

const ROSTER_CASES: [string, string][] = [
  ['empty roster', ''],
  ['missing start', 'shift_id;kommunekode;agent_email;slut\nP1;751;a@eksempel.dk;12:00\n'],
  ['invalid date', 'shift_id;kommunekode;agent_email;start;slut\nP1;751;a@eksempel.dk;2026-02-30 08:00;12:00\n'],
  [
    'non-existent local time (DST)',
    'shift_id;kommunekode;agent_email;start;slut\nP1;751;a@eksempel.dk;2026-03-29 02:30;06:00\n',
  ],
  [
    'unknown municipality',
    'shift_id;kommunekode;agent_email;start;slut\nP1;999;a@eksempel.dk;2026-11-24 08:00;12:00\n',
  ],
  [
    'duplicate shift id',
    'shift_id;kommunekode;agent_email;start;slut\nP1;751;a@eksempel.dk;2026-11-24 08:00;12:00\nP1;751;b@eksempel.dk;2026-11-24 08:00;12:00\n',
  ],
  [
    'shift longer than 24 hours',
    'shift_id;kommunekode;agent_email;start;slut\nP1;751;a@eksempel.dk;2026-11-24T08:00:00Z;2026-11-26T08:00:00Z\n',
  ],
  ['JSON that is not a list', '{"shifts": 5}'],
  ['malformed JSON', '[{"shift_id": "P1",'],
];

describe('bad rosters', () => {
  it.each(ROSTER_CASES)('%s', async (name, text) => {
    const before = await dump();
    const file = text.trim().startsWith('{') || text.trim().startsWith('[') ? 'vagter.json' : 'vagter.csv';
    let err: unknown;
    try {
      parseRosterText(text, file, 'Europe/Copenhagen');
    } catch (e) {
      err = e;
    }
    expect(isDomainError(err), name).toBe(true);
    expect(await dump()).toBe(before);
  });
});

it('has at least 80 cases', () => {
  expect(
    AGENDA_CASES.length +
      CARD_CASES.length +
      YAML_CASES.length +
      POPULATION_CASES.length +
      KPI_CASES.length +
      1 +
      ROSTER_CASES.length,
  ).toBeGreaterThanOrEqual(80);
});
