import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { parseRegistryFile, RegistryFileError } from '../../src/registry/registry-file.js';
import { exportRegistry, forgetPerson, importRegistry } from '../../src/registry/registry-import.js';
import {
  activeTerm,
  findPersonByEmail,
  listPeople,
  loadActor,
  memberMunicipalityCodes,
} from '../../src/registry/registry-repository.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';

const demo = readFileSync(new URL('../../src/demo/demo-registry.yaml', import.meta.url), 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseRegistryFile(text, 'register.yaml');
  } catch (e) {
    if (e instanceof RegistryFileError) return e.problems;
    throw e;
  }
  return [];
}

const base = `medlemmer: [Aarhus, Viborg]
personer:
  - navn: Ane Testesen
    email: ane@eksempel.dk
    roller:
      - { kommune: Viborg, rolle: repraesentant }
styregruppe:
  navn: Test
  fra: 2026-01-01
  til: 2027-12-31
  pladser:
    - { kommune: Aarhus }
    - { kommune: Viborg, medlem: ane@eksempel.dk }
`;

describe('registry file', () => {
  it('reads the demo registry', () => {
    const f = parseRegistryFile(demo, 'demo-registry.yaml');
    expect(f.people.length).toBeGreaterThan(20);
    expect(f.committee?.seats).toHaveLength(13);
  });

  it('names file, line and field of each problem', () => {
    const bad = base
      .replace('rolle: repraesentant', 'rolle: konge')
      .replace('[Aarhus, Viborg]', '[Aarhus, Viborg, Atlantis]');
    const problems = problemsOf(bad);
    expect(problems.some((p) => p.startsWith('register.yaml:1:') && p.includes('ukendt kommune "Atlantis"'))).toBe(
      true,
    );
    expect(problems.some((p) => p.startsWith('register.yaml:6:') && p.includes('rolle'))).toBe(true);
  });

  it('checks the rules across the file', () => {
    expect(problemsOf(base.replace('    - { kommune: Aarhus }\n', ''))).toEqual([
      expect.stringContaining('Aarhus har en fast plads'),
    ]);
    expect(problemsOf(base.replace('medlem: ane@eksempel.dk', 'medlem: ukendt@eksempel.dk'))[0]).toMatch(
      /register.yaml:13:\d+: .*ukendt@eksempel.dk findes ikke/,
    );
    expect(problemsOf(base + 'ukendt_felt: 1\n')[0]).toMatch(/ukendt_felt|Unrecognized/);
    expect(problemsOf('personer: [\n')[0]).toMatch(/ugyldig YAML/);
  });
});

describe.each(testDatabases())('registry import on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('imports the demo registry, and importing it again changes nothing', async () => {
    const file = parseRegistryFile(demo, 'demo-registry.yaml');
    const first = await importRegistry(db, file);
    const exportedAt = new Date('2026-11-24T09:00:00Z');
    const snapshot = await exportRegistry(db, exportedAt);
    expect(snapshot.split('\n')[0]).toBe('# DDH-register, eksporteret 2026-11-24 10:00');
    await importRegistry(db, file);
    expect(await exportRegistry(db, exportedAt)).toEqual(snapshot);
    expect(first.seats).toBe(13);
    expect(await memberMunicipalityCodes(db)).toHaveLength(file.members.length);
    const chair = await loadActor(db, (await findPersonByEmail(db, file.committee!.chairEmail!))!);
    expect(chair.chair).toBe(true);
    expect(chair.seats).toEqual([{ municipalityCode: 751, as: 'member' }]);
  });

  it('round-trips through export', async () => {
    const exported = await exportRegistry(db, new Date('2026-11-24T09:00:00Z'));
    const again = parseRegistryFile(exported, 'export.yaml');
    expect(again.people.map((p) => p.email).sort()).toEqual((await listPeople(db)).map((p) => p.email).sort());
    expect((await activeTerm(db))!.seats).toHaveLength(13);
  });

  it('anonymises a person who is forgotten', async () => {
    const person = (await listPeople(db)).find((p) => p.email.startsWith('sofie'))!;
    expect(await forgetPerson(db, person.email)).toBe(true);
    expect(await findPersonByEmail(db, person.email)).toBeNull();
    const row = await db.query<{ name: string; mobile: string | null }>(
      'SELECT name, mobile FROM people WHERE id = $1',
      [person.id],
    );
    expect(row.rows[0]).toEqual({ name: 'Slettet person', mobile: null });
    expect(await forgetPerson(db, person.email)).toBe(false);
  });
});
