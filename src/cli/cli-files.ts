/** Files named on the command line, with Danish answers when they are missing or unusable (exit 1, no stack). */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, UsageError } from './cli-app.js';

/** The bytes of an input file; a missing file, a folder or a file without read access is one Danish line. */
export function readInputFile(path: string): Buffer {
  if (!existsSync(path)) throw new InputError(`${path}: filen findes ikke`);
  if (statSync(path).isDirectory()) throw new InputError(`${path}: er en mappe, ikke en fil`);
  try {
    return readFileSync(path);
  } catch {
    throw new InputError(`${path}: filen kan ikke læses (adgang nægtet?)`);
  }
}

/** Text in UTF-8, or in Windows-1252 when it is not (Statistikbanken and Excel export either). */
export function readInputText(path: string): string {
  const bytes = readInputFile(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Checks before any work that an output file can be written where it is named. */
export function checkOutputPath(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) throw new InputError(`${path}: mappen ${dirname(path)} findes ikke`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new InputError(`${path}: er en mappe, ikke en fil`);
}

export function writeOutputFile(path: string, content: string | Buffer): void {
  try {
    writeFileSync(path, content);
  } catch {
    throw new InputError(`${path}: filen kan ikke skrives (adgang nægtet?)`);
  }
}

/** The value after an option (`--month 2024-01`), null when the option is absent; a missing value is a usage error. */
export function optionValue(args: string[], name: string, usage: string): string | null {
  const at = args.indexOf(name);
  if (at < 0) return null;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(usage);
  return value;
}

/** Refuses arguments a command does not know (a typo must not be silently ignored); `options` says which take a value. */
export function onlyArguments(args: string[], known: number, options: Record<string, boolean>, usage: string): void {
  const rest = args.slice(known);
  for (let i = 0; i < rest.length; i++) {
    if (!(rest[i] in options)) throw new UsageError(`Ukendt argument "${rest[i]}". ${usage}`);
    if (options[rest[i]]) i++;
  }
}
