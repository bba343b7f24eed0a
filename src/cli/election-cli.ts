/** npm run election -- key [--dhondt] — the population key as a table (Danish labels, numbers in da-DK). */
import { runCli, UsageError } from './cli-app.js';
import { onlyArguments } from './cli-files.js';
import { keyTable } from '../elections/elections-cards.js';

const USAGE = 'Brug: npm run election -- key [--dhondt]';
const args = process.argv.slice(2);

await runCli(() => {
  if (args[0] !== 'key') throw new UsageError(USAGE);
  onlyArguments(args, 1, { '--dhondt': false }, USAGE);
  return async (app) => {
    const key = await app.modules.elections.service.key(args.includes('--dhondt') ? 'dhondt' : 'largest-remainder');
    return keyTable(key).join('\n');
  };
});
