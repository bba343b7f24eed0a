/** npm run import -- shifts FILE | kpi FILE */
import { runCli, UsageError } from './cli-app.js';
import { importShiftsCommand } from '../shifts/shifts-cli.js';
import { importKpiCommand } from '../kpi/kpi-cli.js';

const [what, file] = process.argv.slice(2);
const USAGE = 'Brug: npm run import -- shifts FIL.csv|FIL.json | kpi FIL.csv|FIL.xlsx';

await runCli(async (app) => {
  if (!file) throw new UsageError(USAGE);
  if (what === 'shifts') return importShiftsCommand(file, app.modules.shifts);
  if (what === 'kpi') return importKpiCommand(file, app.modules.kpi, (line) => console.error(line));
  throw new UsageError(USAGE);
});
