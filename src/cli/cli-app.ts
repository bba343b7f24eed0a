/**
 * How every command-line tool behaves (README, "Kommandolinjen"): stdout carries only the output, so
 * `npm run -s registry -- export > reg.yaml` is the YAML and nothing else; logs go to stderr (errors only, unless
 * LOG_LEVEL says otherwise); an error is Danish, one line per problem, naming the file, line and column where it has
 * one, with no stack trace unless DEBUG=1. Arguments and input files are checked before the database is opened, so a
 * typo answers at once. Exit codes: 0 ok, 1 bad input, 2 usage, 70 unexpected error, 78 configuration.
 */
import pino from 'pino';
import { ConfigError, debugRequested, loadCliConfig, loadDotEnv } from '../app/config.js';
import { createApp, type App } from '../app/create-app.js';
import { PopulationFileError } from '../registry/population-import.js';
import { RegistryFileError } from '../registry/registry-file.js';
import { isDomainError } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';

export const EXIT = { ok: 0, input: 1, usage: 2, internal: 70, config: 78 } as const;

/** The command was called wrongly: the line says how to call it (exit 2). */
export class UsageError extends Error {}

/** The input is wrong: a file that is missing or not what it should be, an id that does not exist (exit 1). */
export class InputError extends Error {}

/** The work to do once the database is open; returns what goes to stdout. */
export type CliTask = (app: App) => Promise<string | void>;

/**
 * Runs one command: `plan` checks the arguments and reads the input files (no database yet) and returns the task;
 * then the app is built with the same services as the server, the task runs, and the app shuts down gracefully.
 * With the embedded database, stop `npm start` first: PGlite is single-process.
 */
export async function runCli(plan: () => Promise<CliTask> | CliTask): Promise<never> {
  let app: App | null = null;
  let code: number = EXIT.ok;
  try {
    loadDotEnv();
    const task = await plan();
    const config = loadCliConfig();
    app = await createApp(config, { log: createLogger(config.LOG_LEVEL, pino.destination({ fd: 2, sync: true })) });
    await writeOut(await task(app));
  } catch (error) {
    code = report(error);
  } finally {
    await app?.stop().catch((error: unknown) => {
      if (code === EXIT.ok) code = report(error);
    });
  }
  process.exit(code);
}

/** A command that needs no database (the app package). */
export async function runStandalone(task: () => Promise<string | void>): Promise<never> {
  let code: number = EXIT.ok;
  try {
    loadDotEnv();
    await writeOut(await task());
  } catch (error) {
    code = report(error);
  }
  process.exit(code);
}

async function writeOut(output: string | void): Promise<void> {
  if (!output) return;
  const text = output.endsWith('\n') ? output : `${output}\n`;
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  );
}

/** Writes the error to stderr in Danish and returns its exit code. */
function report(error: unknown): number {
  const { code, message } = describeError(error);
  console.error(message);
  if (code === EXIT.internal && debugRequested()) console.error(error);
  return code;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'findes ikke',
  EISDIR: 'er en mappe, ikke en fil',
  EACCES: 'må ikke læses eller skrives (adgang nægtet)',
  EPERM: 'må ikke læses eller skrives (adgang nægtet)',
  ENOTDIR: 'ligger i en mappe, der ikke findes',
};

export function describeError(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message };
  if (error instanceof ConfigError) return { code: EXIT.config, message: error.message };
  // A file's problems: one line each, naming file, line (and column) and the field as the file names it.
  if (error instanceof RegistryFileError || error instanceof PopulationFileError)
    return { code: EXIT.input, message: error.problems.join('\n') };
  if (error instanceof InputError) return { code: EXIT.input, message: error.message };
  if (isDomainError(error)) return { code: EXIT.input, message: error.userMessage };
  const fileError = error as NodeJS.ErrnoException;
  if (fileError?.code && FILE_ERRORS[fileError.code] && fileError.path)
    return { code: EXIT.input, message: `${fileError.path}: ${FILE_ERRORS[fileError.code]}` };
  const what = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return {
    code: EXIT.internal,
    message: `Uventet fejl: ${what}${debugRequested() ? '' : ' (kør igen med DEBUG=1 for detaljer)'}`,
  };
}
