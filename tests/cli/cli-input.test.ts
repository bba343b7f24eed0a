/**
 * The command-line tools with bad input and bad calls (issue 18 point 4), as child processes: stdout stays empty, the
 * answer is Danish on stderr (one line per problem, naming file, line and column as the file has them, no stack trace
 * unless DEBUG=1), and the exit code says what went wrong: 1 bad input, 2 usage, 70 unexpected, 78 configuration.
 * These all answer before any database is opened.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksDanishAndClean, runCli } from './cli-support.js';

const dir = mkdtempSync(join(tmpdir(), 'ddh-cli-input-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
// No database is ever opened by these: DATA_DIR points nowhere usable, so a slip would show.
const env = { DATA_DIR: join(dir, 'ingen-database') };
const missing = join(dir, 'findes-ikke.yaml');

// Each command is a Node process compiling TypeScript; on a loaded machine a few take most of a minute.
describe('command-line tools refuse bad input in Danish', { timeout: 240_000 }, () => {
  it.each([
    ['registry', []],
    ['registry', ['importer', 'x.yaml']],
    ['registry', ['import']],
    ['registry', ['export', 'a.yaml', 'b.yaml']],
    ['import', ['shifts']],
    ['import', ['vagter', 'x.csv']],
    ['report', []],
    ['report', ['agenda', 'syv', 'x.docx']],
    ['report', ['agenda', '7']],
    ['report', ['noshows', '--month', '2024']],
    ['report', ['noshows', '--month']],
    ['report', ['deliveries', '--since', 'i går']],
    ['report', ['reach', '--alle']],
    ['election', ['nøgle']],
    ['package', ['--hurtigt']],
  ] as const)('%s %j is a usage error (exit 2)', async (script, args) => {
    const result = await runCli(script, [...args], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Brug: npm run /);
    expect(looksDanishAndClean(result.stderr)).toBe(true);
  });

  it('says a file is missing in one Danish line, not an ENOENT stack (exit 1)', async () => {
    for (const [script, args] of [
      ['registry', ['import', missing]],
      ['registry', ['population', missing]],
      ['import', ['shifts', missing]],
      ['import', ['kpi', missing]],
    ] as const) {
      const result = await runCli(script, [...args], env);
      expect(result).toEqual({ code: 1, stdout: '', stderr: `${missing}: filen findes ikke\n` });
    }
    const folder = await runCli('registry', ['import', dir], env);
    expect(folder).toEqual({ code: 1, stdout: '', stderr: `${dir}: er en mappe, ikke en fil\n` });
  });

  it('says an output folder is missing before doing any work', async () => {
    const target = join(dir, 'mangler', 'dagsorden.docx');
    const result = await runCli('report', ['agenda', '7', target], env);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${target}: mappen ${join(dir, 'mangler')} findes ikke\n` });
  });

  it('says a file of another kind is not a registry file', async () => {
    const csv = file('kpi.csv', 'periode;kommunekode;agent\n2026-11;751;a@b.dk\n');
    const result = await runCli('registry', ['import', csv], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'kpi.csv:1:1: er ikke en registerfil: forventede YAML med medlemmer, personer, styregruppe og moeder (se docs/registry.md)\n',
    );
  });

  it("names file, line and column of each problem in a registry file, with the file's own field names", async () => {
    const yaml = file(
      'register.yaml',
      [
        'medlemmer: [Aarhus, Atlantis]',
        'personer:',
        '  - navn: Ane Testesen',
        '    email: ikke-en-mail',
        '    roller:',
        '      - { kommune: Aarhus, rolle: konge }',
        '',
      ].join('\n'),
    );
    const result = await runCli('registry', ['import', yaml], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toContain('register.yaml:1:21: medlemmer.1: ukendt kommune "Atlantis"');
    expect(lines).toContain('register.yaml:4:12: personer.0.email: ikke en gyldig e-mailadresse');
    expect(
      lines.some((line) => line.startsWith('register.yaml:6:35: personer.0.roller.0.rolle: skal være en af')),
    ).toBe(true);
    expect(lines.every((line) => /^register\.yaml:\d+:\d+: /.test(line))).toBe(true);
    expect(looksDanishAndClean(result.stderr)).toBe(true);
  });

  it('names population problems by the columns the file has (Statistikbanken: OMRÅDE, TID, INDHOLD)', async () => {
    const csv = file('folk1a.csv', 'OMRÅDE;TID;INDHOLD\nAarhus;2025K3;370000\nAtlantis;2025K3;12\nViborg;2025;98000\n');
    const result = await runCli('registry', ['population', csv], env);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'folk1a.csv:3: OMRÅDE: ukendt kommune "Atlantis"\nfolk1a.csv:4: TID: "2025" skal være fx 2025K3\n',
    });
  });

  it('refuses a bad configuration with exit 78 and nothing on stdout', async () => {
    const result = await runCli('registry', ['export'], { ...env, LOG_LEVEL: 'snakkesalig' });
    expect(result.code).toBe(78);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Ugyldig konfiguration:\n {2}LOG_LEVEL: skal være en af: fatal, error/);
    const unpackaged = await runCli('package', [], env);
    expect(unpackaged.code).toBe(78);
    expect(unpackaged.stderr).toContain('Sæt MICROSOFT_APP_ID og PUBLIC_BASE_URL');
    const engage = await runCli('engage-login', [], env);
    expect(engage.code).toBe(78);
    expect(engage.stderr).toContain('Sæt ENGAGE_CLIENT_ID, ENGAGE_TENANT_ID og ENGAGE_TOKEN_KEY');
  });

  it('shows an unexpected error in one line, and its stack only with DEBUG=1 (exit 70)', async () => {
    const unreachable = { DATABASE_URL: 'postgres://ddh@127.0.0.1:1/ddh' };
    const plain = await runCli('report', ['decisions'], unreachable);
    expect(plain.code).toBe(70);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/^Uventet fejl: .*\(kør igen med DEBUG=1 for detaljer\)\n$/);
    const debug = await runCli('report', ['decisions'], { ...unreachable, DEBUG: '1' });
    expect(debug.code).toBe(70);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
