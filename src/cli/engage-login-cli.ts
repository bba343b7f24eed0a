/** npm run engage:login — signs DDH's Viva Engage service account in once (device code), token cache kept encrypted. */
import { runCli, UsageError } from './cli-app.js';

await runCli(async (app) => {
  const auth = app.modules.engage.auth;
  if (!auth)
    throw new UsageError('Sæt ENGAGE_CLIENT_ID, ENGAGE_TENANT_ID og ENGAGE_TOKEN_KEY først (se .env.example).');
  const account = await auth.login((message) => console.log(message));
  return `Viva Engage er logget ind som ${account}. Botten fornyer selv adgangen.`;
});
