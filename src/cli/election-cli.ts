/** npm run election -- key [--dhondt] — the population key as a table. */
import { runCli, UsageError } from './cli-app.js';
import { onlyArguments } from './cli-files.js';
import { keyLines } from '../elections/elections-cards.js';

const USAGE = 'Brug: npm run election -- key [--dhondt]';
const METHODS = { 'largest-remainder': 'største brøks metode', dhondt: "d'Hondts metode" } as const;
const args = process.argv.slice(2);

await runCli(() => {
  if (args[0] !== 'key') throw new UsageError(USAGE);
  onlyArguments(args, 1, { '--dhondt': false }, USAGE);
  return async (app) => {
    const key = await app.modules.elections.service.key(args.includes('--dhondt') ? 'dhondt' : 'largest-remainder');
    const head = key.quarter
      ? `Fordelingsnøgle (${key.quarter}${key.isDemo ? ', DEMOTAL' : ''}), ${METHODS[key.method]}:`
      : 'Der mangler befolkningstal pr. 1. juli i et ulige år.';
    const table = [
      'region        befolkning  pladser  vælger',
      ...key.rows.map(
        (r) =>
          `${r.region.padEnd(13)} ${String(r.population).padStart(10)}  ${String(r.seats).padStart(7)}  ${String(r.electable).padStart(6)}`,
      ),
    ];
    return [head, ...table, ...keyLines(key).slice(key.rows.length)].join('\n');
  };
});
