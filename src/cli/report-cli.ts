/** npm run report -- agenda MØDE-ID FIL.docx | decisions | noshows --month ÅÅÅÅ-MM */
import { writeFileSync } from 'node:fs';
import { runCli, UsageError } from './cli-app.js';
import { latestPublication } from '../agenda/agenda-repository.js';
import { decisionsReportCommand } from '../voting/voting-cli.js';
import { noshowReportCommand } from '../shifts/shifts-cli.js';

const args = process.argv.slice(2);
const USAGE = 'Brug: npm run report -- agenda MØDE-ID FIL.docx | decisions | noshows --month ÅÅÅÅ-MM';

await runCli(async (app) => {
  switch (args[0]) {
    case 'agenda': {
      const meetingId = Number(args[1]);
      if (!Number.isInteger(meetingId) || !args[2]) throw new UsageError(USAGE);
      const pub = await latestPublication(app.deps.db, meetingId);
      if (!pub) throw new UsageError(`Dagsordenen for møde ${meetingId} er ikke udgivet endnu.`);
      writeFileSync(args[2], await app.modules.agenda.publishing.document(meetingId, pub.version));
      return `Dagsordenen (version ${pub.version}) er skrevet til ${args[2]}.`;
    }
    case 'decisions':
      return decisionsReportCommand(app.deps.db);
    case 'noshows': {
      const month = args[args.indexOf('--month') + 1];
      if (!/^\d{4}-\d{2}$/.test(month ?? '')) throw new UsageError(USAGE);
      return noshowReportCommand(month, app.modules.shifts);
    }
    default:
      throw new UsageError(USAGE);
  }
});
