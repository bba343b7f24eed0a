/**
 * Every command-line tool against good and bad input on a real database (issue 18 point 4), as child processes:
 * stdout carries only the output (the export is YAML, the reports are CSV), stderr stays empty on success, a
 * nonexistent id says so, and the exit code is 0 or 1. The reports print the same CSV as the "Rapporter" downloads.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadCliConfig } from '../../src/app/config.js';
import { createApp } from '../../src/app/create-app.js';
import { loadActorByObjectId } from '../../src/registry/registry-repository.js';
import { BRACKET_PLURAL } from '../../src/shared/danish.js';
import { testDatabases } from '../support/databases.js';
import { addDecision, addIncident } from '../reports/report-fixtures.js';
import { cliDatabase, looksDanishAndClean, runCli, type CliDatabase } from './cli-support.js';

const SECRETARY = '88888888-0000-4000-8000-000000000001';
const REGISTRY = `medlemmer: [Aarhus, Viborg]
personer:
  - navn: Sara Sekretær
    email: sara.sekretaer@eksempel.dk
    entra_id: ${SECRETARY}
    sekretariat: true
  - navn: Aske Agent
    email: aske.agent@eksempel.dk
    roller:
      - { kommune: Aarhus, rolle: agent }
  - navn: Lene Holm
    email: lene.holm@eksempel.dk
    roller:
      - { kommune: Aarhus, rolle: primaer_kontakt }
      - { kommune: Aarhus, rolle: repraesentant }
styregruppe:
  navn: Styregruppen 2030-2031
  fra: 2030-01-01
  til: 2031-12-31
  pladser:
    - { kommune: Aarhus, medlem: lene.holm@eksempel.dk }
moeder:
  - { type: styregruppe, start: "2030-03-05 10:00", slut: "2030-03-05 12:00", sted: Aarhus Rådhus, vaert: Aarhus }
  - { type: styregruppe, start: "2030-04-02 10:00", slut: "2030-04-02 12:00", sted: Viborg Rådhus, vaert: Viborg }
`;

/** Commands whose output may still word bracket plurals (issue 18 point 1); empty now, and it only shrinks. */
const BRACKET_PLURALS_PENDING: string[] = [];

describe.each(testDatabases())('command-line tools on %s', { timeout: 300_000 }, (kind) => {
  let cli: CliDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'ddh-cli-'));
  const file = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const outputs: string[] = [];
  const run = async (script: Parameters<typeof runCli>[0], ...args: string[]) => {
    const result = await runCli(script, args, cli.env);
    if (!BRACKET_PLURALS_PENDING.includes(`${script} ${args[0]}`)) outputs.push(result.stdout, result.stderr);
    return result;
  };
  let meetings: number[] = [];

  beforeAll(async () => {
    cli = await cliDatabase(kind);
  });
  afterAll(() => cli.close());

  const ok = (result: { code: number | null; stderr: string }) => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  };

  it('imports a registry file and exports it as YAML and nothing else on stdout', async () => {
    const imported = await run('registry', 'import', file('register.yaml', REGISTRY));
    ok(imported);
    expect(imported.stdout).toBe(
      'Registret er indlæst: 2 medlemskommuner, 3 personer, 3 roller, 1 plads i styregruppen, 2 møder.\n',
    );
    const exported = await run('registry', 'export');
    ok(exported);
    const yaml = parse(exported.stdout);
    expect(yaml.personer.map((p: { navn: string }) => p.navn).sort()).toEqual([
      'Aske Agent',
      'Lene Holm',
      'Sara Sekretær',
    ]);
    // With logging turned up, the log lines still go to stderr only: stdout stays the same YAML.
    const logged = await runCli('registry', ['export'], { ...cli.env, LOG_LEVEL: 'info' });
    expect(logged.code).toBe(0);
    expect(parse(logged.stdout).personer).toHaveLength(3);
    expect(logged.stdout).not.toContain('"level"');
    expect(logged.stderr).toContain('"level":');
    const target = join(dir, 'eksport.yaml');
    const toFile = await run('registry', 'export', target);
    ok(toFile);
    expect(toFile.stdout).toBe(`Registret er skrevet til ${target}.\n`);
    expect(parse(readFileSync(target, 'utf8')).moeder).toHaveLength(2);
  });

  it('imports population figures and prints the election key with Danish method names', async () => {
    const population = await run(
      'registry',
      'population',
      file('folk.csv', 'kommune;kvartal;befolkning\nAarhus;2029K3;370000\nViborg;2029K3;98000\n'),
    );
    ok(population);
    expect(population.stdout).toBe('2 befolkningstal er indlæst.\n');
    const key = await run('election', 'key');
    ok(key);
    expect(key.stdout).toContain('Fordelingsnøgle (befolkning pr. 1. juli 2029), metode: største brøk');
    expect(key.stdout).not.toContain('largest-remainder');
    expect((await run('election', 'key', '--dhondt')).stdout).toContain("metode: D'Hondt");
  });

  it('says an e-mail that is not in the registry is not there', async () => {
    const unknown = await run('registry', 'forget', 'ingen@eksempel.dk');
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'Ingen aktiv person med e-mail ingen@eksempel.dk.\n' });
  });

  it('writes a published agenda as Word, and says when a meeting does not exist or is not published', async () => {
    // Published through the agenda's own service, as the secretariat's card does.
    const app = await createApp(loadCliConfig({ ...cli.env, LOG_LEVEL: 'silent' }));
    try {
      const db = app.deps.db;
      meetings = (await db.query<{ id: number }>('SELECT id FROM meetings ORDER BY starts_at')).rows.map((r) => r.id);
      const secretary = (await loadActorByObjectId(db, SECRETARY, false))!;
      await app.modules.agenda.publishing.publish(secretary, meetings[0]);
      await addDecision(db, {
        question: 'Vagtplanen for 2030 godkendes',
        result: 'vedtaget',
        decidedAt: '2030-03-05T10:30:00Z',
        for: 1,
        against: 0,
        abstain: 0,
        seats: 1,
      });
      await addIncident(db, { municipalityCode: 751, openedAt: '2026-11-03T07:00:00Z', acknowledgedAfterMinutes: 5 });
      const lene = (await db.query<{ id: number }>(`SELECT id FROM people WHERE name = 'Lene Holm'`)).rows[0].id;
      await app.deps.delivery.enqueue([
        { key: 'cli:1', to: { kind: 'person', personId: lene }, text: 'Hej', batch: 'noshow:7' },
      ]);
    } finally {
      await app.stop();
    }

    const target = join(dir, 'dagsorden.docx');
    const written = await run('report', 'agenda', String(meetings[0]), target);
    ok(written);
    expect(written.stdout).toBe(
      `Dagsordenen til styregruppemøde 05.03.2030 (møde ${meetings[0]}), version 1, er skrevet til ${target}.\n`,
    );
    expect(readFileSync(target).subarray(0, 2).toString()).toBe('PK');

    expect(await run('report', 'agenda', '99999', join(dir, 'x.docx'))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Møde 99999 findes ikke.\n',
    });
    expect(await run('report', 'agenda', String(meetings[1]), join(dir, 'y.docx'))).toEqual({
      code: 1,
      stdout: '',
      stderr: `Dagsordenen til styregruppemøde 02.04.2030 (møde ${meetings[1]}) er ikke udgivet endnu.\n`,
    });
    expect(existsSync(join(dir, 'x.docx')) || existsSync(join(dir, 'y.docx'))).toBe(false);
  });

  it('prints the reports as the CSV files the cards offer', async () => {
    const decisions = await run('report', 'decisions');
    ok(decisions);
    expect(decisions.stdout.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFNr.;Besluttet;Spørgsmål;Indstilling;Resultat;For;Imod;Undlader;Pladser',
      expect.stringMatching(/^\d+;05\.03\.2030 11:30;Vagtplanen for 2030 godkendes;;Vedtaget;1;0;0;1$/),
    ]);
    const noShows = await run('report', 'noshows', '--month', '2026-11');
    ok(noShows);
    expect(noShows.stdout.split('\r\n')[1]).toBe('2026-11;751;Aarhus;1;1;0;1;0;0;1;5');
    const deliveries = await run('report', 'deliveries', '--since', '01.01.2020');
    ok(deliveries);
    expect(deliveries.stdout).toContain('Udeblivelse nr. 7;noshow:7;');
    expect(deliveries.stdout).toContain(';0;0;1;0;Lene Holm har ikke botten i Teams endnu (1)');
    const reach = await run('report', 'reach');
    ok(reach);
    const lene = reach.stdout.split('\r\n').find((line) => line.startsWith('Lene Holm;'))!;
    expect(lene).toContain('Primær kontaktperson, Aarhus · Repræsentant, Aarhus;Nej;');
    expect(lene).toContain(';Ikke nået;Lene Holm har ikke botten i Teams endnu');
    expect(await run('report', 'noshows', '--month', '2026-13')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Måneden skal skrives ÅÅÅÅ-MM, fx 2024-01 (fik "2026-13").\n',
    });
  });

  it('imports a roster and a KPI file, and names the bad rows of each', async () => {
    const header = 'shift_id;kommunekode;agent_email;start;slut';
    const roster = await run(
      'import',
      'shifts',
      file('vagter.csv', `${header}\nP-1;751;aske.agent@eksempel.dk;2030-03-04 08:00;12:00\n`),
    );
    ok(roster);
    expect(roster.stdout).toMatch(/^Vagtplan indlæst fra vagter\.csv/);
    const badRoster = await run(
      'import',
      'shifts',
      file('vagter-fejl.csv', `${header}\nP-1;751;aske.agent@eksempel.dk;i morgen;12:00\n`),
    );
    expect(badRoster.code).toBe(1);
    expect(badRoster.stdout).toBe('');
    expect(badRoster.stderr).toContain('række 2');
    expect(looksDanishAndClean(badRoster.stderr)).toBe(true);

    const kpiHeader = 'periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns';
    const kpi = await run(
      'import',
      'kpi',
      file('kpi.csv', `${kpiHeader}\n2026-10;751;aske.agent@eksempel.dk;100;70;30;8,1\n`),
    );
    expect(kpi.stdout).not.toBe('');
    expect(kpi.code).toBe(0);
    const badKpi = await run(
      'import',
      'kpi',
      file('kpi-fejl.csv', `${kpiHeader}\n2026-10;751;aske.agent@eksempel.dk;100;170;30;8,1\n`),
    );
    expect(badKpi.code).toBe(1);
    expect(badKpi.stdout).toBe('');
    expect(badKpi.stderr).toContain('kpi-fejl.csv:2: straksafklarede');
    expect(looksDanishAndClean(badKpi.stderr)).toBe(true);
  });

  it('forgets a person by e-mail', async () => {
    const forgotten = await run('registry', 'forget', 'aske.agent@eksempel.dk');
    ok(forgotten);
    expect(forgotten.stdout).toBe('aske.agent@eksempel.dk er anonymiseret.\n');
  });

  it('never prints a bracket plural ("1 plads(er)") in any output above', () => {
    expect(outputs.length).toBeGreaterThan(20);
    expect(outputs.filter((output) => BRACKET_PLURAL.test(output))).toEqual([]);
  });
});
