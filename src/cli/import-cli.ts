/** npm run import -- shifts FIL.csv|FIL.json | kpi FIL.csv|FIL.xlsx */
import { runCli, UsageError } from './cli-app.js';
import { onlyArguments, readInputFile } from './cli-files.js';
import { importShiftsCommand } from '../shifts/shifts-cli.js';
import { importKpiCommand } from '../kpi/kpi-cli.js';

const USAGE = 'Brug: npm run import -- shifts FIL.csv|FIL.json | kpi FIL.csv|FIL.xlsx';
const args = process.argv.slice(2);
const [what, file] = args;

await runCli(() => {
  if (!file || (what !== 'shifts' && what !== 'kpi')) throw new UsageError(USAGE);
  onlyArguments(args, 2, {}, USAGE);
  // A missing or unreadable file is said before the database is opened.
  readInputFile(file);
  if (what === 'shifts') return (app) => importShiftsCommand(file, app.modules.shifts);
  // Progress lines for large files go to stderr: stdout carries the summary only.
  return (app) => importKpiCommand(file, app.modules.kpi, (line) => console.error(line));
});
