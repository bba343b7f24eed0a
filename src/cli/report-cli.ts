/**
 * npm run report -- agenda MØDE-ID FIL.docx | decisions | noshows [--month ÅÅÅÅ-MM] | deliveries [--since DATO] | reach
 * The CSV reports are the same files the secretariat downloads from the "Rapporter" cards (docs/reports.md).
 */
import { InputError, runCli, UsageError, type CliTask } from './cli-app.js';
import { checkOutputPath, onlyArguments, optionValue, writeOutputFile } from './cli-files.js';
import { latestPublication } from '../agenda/agenda-repository.js';
import { findMeeting } from '../registry/meeting-repository.js';
import { formatDate, parseDanishDate } from '../shared/time.js';

const USAGE =
  'Brug: npm run report -- agenda MØDE-ID FIL.docx | decisions | noshows [--month ÅÅÅÅ-MM] | deliveries [--since DATO] | reach';
const MEETING_KINDS = { styregruppe: 'styregruppemøde', repraesentantskab: 'repræsentantskabsmøde' } as const;
const args = process.argv.slice(2);

function plan(): CliTask {
  switch (args[0]) {
    case 'agenda': {
      const meetingId = Number(args[1]);
      const file = args[2];
      if (!/^\d{1,9}$/.test(args[1] ?? '') || !file) throw new UsageError(USAGE);
      onlyArguments(args, 3, {}, USAGE);
      checkOutputPath(file);
      return async (app) => {
        const meeting = await findMeeting(app.deps.db, meetingId);
        if (!meeting) throw new InputError(`Møde ${meetingId} findes ikke.`);
        const publication = await latestPublication(app.deps.db, meetingId);
        const what = `${MEETING_KINDS[meeting.kind]} ${formatDate(meeting.startsAt)} (møde ${meetingId})`;
        if (!publication) throw new InputError(`Dagsordenen til ${what} er ikke udgivet endnu.`);
        writeOutputFile(file, await app.modules.agenda.publishing.document(meetingId, publication.version));
        return `Dagsordenen til ${what}, version ${publication.version}, er skrevet til ${file}.`;
      };
    }
    case 'decisions':
      onlyArguments(args, 1, {}, USAGE);
      return (app) => app.modules.reports.service.csv('beslutninger');
    case 'noshows': {
      onlyArguments(args, 1, { '--month': true }, USAGE);
      const month = optionValue(args, '--month', USAGE);
      if (month !== null && !/^\d{4}-\d{2}$/.test(month))
        throw new UsageError(`Måneden skrives ÅÅÅÅ-MM, fx 2024-01. ${USAGE}`);
      return (app) => app.modules.reports.service.csv('udeblivelser', { month });
    }
    case 'deliveries': {
      onlyArguments(args, 1, { '--since': true }, USAGE);
      const since = optionValue(args, '--since', USAGE);
      if (since !== null && !parseDanishDate(since))
        throw new UsageError(`Datoen skrives 29.01.2024 eller 2024-01-29. ${USAGE}`);
      return (app) => app.modules.reports.service.csv('udsendelser', { since });
    }
    case 'reach':
      onlyArguments(args, 1, {}, USAGE);
      return (app) => app.modules.reports.service.csv('naabarhed');
    default:
      throw new UsageError(USAGE);
  }
}

await runCli(plan);
