/** npm run election -- key [--dhondt] — the population key as a table (Danish labels, numbers in da-DK). */
import { runCli, UsageError } from './cli-app.js';
import { keyTable } from '../elections/elections-cards.js';

const args = process.argv.slice(2);

await runCli(async (app) => {
  if (args[0] !== 'key') throw new UsageError('Brug: npm run election -- key [--dhondt]');
  const key = await app.modules.elections.service.key(args.includes('--dhondt') ? 'dhondt' : 'largest-remainder');
  return keyTable(key).join('\n');
});
