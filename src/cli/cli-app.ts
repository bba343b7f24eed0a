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
  } catch (e) {
    code = 1;
    if (USER_ERRORS.some((t) => e instanceof t) || isDomainError(e))
      console.error(isDomainError(e) ? e.userMessage : (e as Error).message);
    else console.error(e);
  } finally {
    await app?.stop();
  }
  process.exit(code);
}
