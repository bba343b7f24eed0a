/**
 * Runs one command-line task against the bot's database with the same services as the server,
 * then shuts down gracefully. With the embedded database, stop `npm start` first: PGlite is single-process.
 */
import { ConfigError, loadCliConfig, loadDotEnv } from '../app/config.js';
import { createApp, type App } from '../app/create-app.js';
import { RegistryFileError } from '../registry/registry-file.js';
import { PopulationFileError } from '../registry/population-import.js';
import { isDomainError } from '../shared/errors.js';

export class UsageError extends Error {}

const USER_ERRORS = [ConfigError, RegistryFileError, PopulationFileError, UsageError];

export async function runCli(task: (app: App) => Promise<string | void>): Promise<void> {
  let app: App | null = null;
  let code = 0;
  try {
    loadDotEnv();
    app = await createApp(loadCliConfig(), {});
    const out = await task(app);
    if (out) console.log(out);
  } catch (error) {
    code = 1;
    if (isDomainError(error)) console.error(error.userMessage);
    else if (USER_ERRORS.some((type) => error instanceof type)) console.error((error as Error).message);
    else console.error(error);
  } finally {
    await app?.stop();
  }
  process.exit(code);
}
