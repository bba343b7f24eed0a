/**
 * Shared by the benchmarks: machine facts, the result table, and appending it to docs/performance.md.
 * All traffic stays on 127.0.0.1; every run is bounded in time.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const PERF_DOC = new URL('../docs/performance.md', import.meta.url);

export function versions(): string {
  // Read package.json from disk: some packages do not export it.
  const v = (p: string) =>
    (
      JSON.parse(readFileSync(new URL(`../node_modules/${p}/package.json`, import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version;
  return `node ${process.version}, botbuilder ${v('botbuilder')}, @microsoft/teams-ai ${v('@microsoft/teams-ai')}, pg-boss ${v('pg-boss')}, @electric-sql/pglite ${v('@electric-sql/pglite')}`;
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Prints the section and appends it to docs/performance.md with date, machine, versions and command. */
export function report(title: string, command: string, body: string, notes: string[] = []): void {
  const section = [
    `### ${title} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine()}; ${versions()}.  `,
    `Command: \`${command}\``,
    '',
    body,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  console.log(section);
  if (!existsSync(PERF_DOC))
    writeFileSync(PERF_DOC, '# Ydelse / Performance\n\nResults appended by `npm run bench` (newest last).\n\n');
  if (!readFileSync(PERF_DOC, 'utf8').endsWith('\n')) appendFileSync(PERF_DOC, '\n');
  appendFileSync(PERF_DOC, `${section}\n`);
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
