import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { importPopulation, parsePopulationCsv, PopulationFileError } from '../../src/registry/population-import.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';

const statbank =
  'OMRÅDE;TID;INDHOLD\nHele landet;2025K3;6001008\nRegion Midtjylland;2025K3;1390000\nViborg;2025K3;98124\nAarhus;2025K3;372000\n';

describe('FOLK1A population file', () => {
  it("reads Statbank's columns and skips totals", () => {
    expect(parsePopulationCsv(statbank, 'folk1a.csv')).toEqual([
      { municipalityCode: 791, quarter: '2025K3', population: 98124 },
      { municipalityCode: 751, quarter: '2025K3', population: 372000 },
    ]);
  });

  it('reads our own header with commas and codes', () => {
    expect(parsePopulationCsv('kommune,kvartal,befolkning\n791,2023k3,97000\n', 'x.csv')).toEqual([
      { municipalityCode: 791, quarter: '2023K3', population: 97000 },
    ]);
  });

  it('reports every bad row with its line and writes nothing', () => {
    const bad =
      'kommune;kvartal;befolkning\nViborg;2025K5;98000\nAtlantis;2025K3;1\nAarhus;2025K3;mange\nViborg;2025K3;1\nViborg;2025K3;2\n';
    let problems: string[] = [];
    try {
      parsePopulationCsv(bad, 'bad.csv');
    } catch (e) {
      problems = (e as PopulationFileError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(/^bad.csv:2: kvartal/),
      expect.stringMatching(/^bad.csv:3: kommune: ukendt kommune "Atlantis"/),
      expect.stringMatching(/^bad.csv:4: befolkning/),
      expect.stringMatching(/^bad.csv:6: Viborg 2025K3 står der to gange/),
    ]);
    expect(() => parsePopulationCsv('navn;tal\nViborg;1\n', 'h.csv')).toThrow(/overskriften/);
  });
});

describe.each(testDatabases())('population import on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  it('upserts, and real figures replace demo ones', async () => {
    await importPopulation(db, [{ municipalityCode: 791, quarter: '2025K3', population: 98000 }], true);
    await importPopulation(db, parsePopulationCsv(statbank, 'folk1a.csv'));
    const r = await db.query(
      'SELECT municipality_code, population, is_demo FROM populations ORDER BY municipality_code',
    );
    expect(r.rows).toEqual([
      { municipality_code: 751, population: 372000, is_demo: false },
      { municipality_code: 791, population: 98124, is_demo: false },
    ]);
  });
});
