/** npm run engage:login — signs DDH's Viva Engage service account in once (device code), token cache kept encrypted. */
import { ConfigError, loadCliConfig } from '../app/config.js';
import { runCli, UsageError } from './cli-app.js';

await runCli(() => {
  if (process.argv.length > 2) throw new UsageError('Brug: npm run engage:login (uden argumenter)');
  const config = loadCliConfig();
  // Said before the database is opened: without these there is nothing to sign in to.
  if (!config.ENGAGE_CLIENT_ID || !config.ENGAGE_TENANT_ID || !config.ENGAGE_TOKEN_KEY)
    throw new ConfigError('Sæt ENGAGE_CLIENT_ID, ENGAGE_TENANT_ID og ENGAGE_TOKEN_KEY først (se .env.example).');
  return async (app) => {
    // The device code instruction is for the person at the terminal: stderr, so stdout stays the result alone.
    const account = await app.modules.engage.auth!.login((message) => console.error(message));
    return `Viva Engage er logget ind som ${account}. Botten fornyer selv adgangen.`;
  };
});
