/** npm run package — writes artifacts/ddh-teams-app.zip for upload to the Teams admin center. */
import { mkdirSync } from 'node:fs';
import { ConfigError, loadCliConfig } from '../app/config.js';
import { buildAppPackage } from '../platform/app-package.js';
import { InputError, runStandalone, UsageError } from './cli-app.js';
import { writeOutputFile } from './cli-files.js';

const OUT = 'artifacts/ddh-teams-app.zip';

await runStandalone(async () => {
  if (process.argv.length > 2) throw new UsageError('Brug: npm run package (uden argumenter)');
  const config = loadCliConfig();
  const botId = config.MICROSOFT_APP_ID;
  const base = config.PUBLIC_BASE_URL;
  if (!botId || !base)
    throw new ConfigError(
      'Sæt MICROSOFT_APP_ID og PUBLIC_BASE_URL (bottens offentlige https-adresse) for at bygge app-pakken.',
    );
  const { zip, errors } = await buildAppPackage({
    teamsAppId: config.TEAMS_APP_ID,
    botId,
    botDomain: new URL(base).host,
    graphClientId: config.GRAPH_CLIENT_ID,
  });
  if (errors.length) throw new InputError(errors.map((error) => `Manifestet er ugyldigt: ${error}`).join('\n'));
  mkdirSync('artifacts', { recursive: true });
  writeOutputFile(OUT, zip);
  return `Teams-app-pakken er skrevet til ${OUT}`;
});
