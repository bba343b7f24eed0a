/** npm run package — writes artifacts/ddh-teams-app.zip for upload to the Teams admin center. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ConfigError, loadCliConfig } from '../app/config.js';
import { buildAppPackage } from '../platform/app-package.js';

try {
  const config = loadCliConfig();
  const botId = config.MICROSOFT_APP_ID;
  const base = config.PUBLIC_BASE_URL;
  if (!botId || !base)
    throw new ConfigError(
      'Sæt MICROSOFT_APP_ID og PUBLIC_BASE_URL (botten offentlige https-adresse) for at bygge app-pakken.',
    );
  const { zip, errors } = await buildAppPackage({
    teamsAppId: config.TEAMS_APP_ID,
    botId,
    botDomain: new URL(base).host,
    graphClientId: config.GRAPH_CLIENT_ID,
  });
  if (errors.length) {
    console.error(`Manifestet er ugyldigt:\n  ${errors.join('\n  ')}`);
    process.exit(1);
  }
  mkdirSync('artifacts', { recursive: true });
  writeFileSync('artifacts/ddh-teams-app.zip', zip);
  console.log('Teams-app-pakken er skrevet til artifacts/ddh-teams-app.zip');
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
