/**
 * npm run registry -- import FIL.yaml | export [FIL.yaml] | population FIL.csv | forget EMAIL
 * (docs/registry.md). `export` without a file writes the YAML to stdout and nothing else.
 */
import { basename } from 'node:path';
import { InputError, runCli, UsageError, type CliTask } from './cli-app.js';
import { checkOutputPath, onlyArguments, readInputText, writeOutputFile } from './cli-files.js';
import { parseRegistryFile } from '../registry/registry-file.js';
import { exportRegistry, forgetPerson, importRegistry } from '../registry/registry-import.js';
import { importPopulation, parsePopulationCsv } from '../registry/population-import.js';
import { countNoun } from '../shared/danish.js';

const USAGE = 'Brug: npm run registry -- import FIL.yaml | export [FIL.yaml] | population FIL.csv | forget EMAIL';
const args = process.argv.slice(2);
const [command, arg] = args;

function plan(): CliTask {
  switch (command) {
    case 'import': {
      if (!arg) throw new UsageError(USAGE);
      onlyArguments(args, 2, {}, USAGE);
      // Read and checked before the database is opened: a bad file changes nothing and answers at once.
      const file = parseRegistryFile(readInputText(arg), basename(arg));
      return async ({ deps }) => {
        const summary = await importRegistry(deps.db, file);
        await deps.registry.relinkConversations(summary.importedPeople);
        return `Registret er indlæst: ${[
          countNoun(summary.members, 'medlemskommune', 'medlemskommuner'),
          countNoun(summary.people, 'person', 'personer'),
          countNoun(summary.roles, 'rolle', 'roller'),
          `${countNoun(summary.seats, 'plads', 'pladser')} i styregruppen`,
          countNoun(summary.meetings, 'møde', 'møder'),
        ].join(', ')}.`;
      };
    }
    case 'export': {
      onlyArguments(args, arg ? 2 : 1, {}, USAGE);
      if (arg) checkOutputPath(arg);
      return async ({ deps }) => {
        const yaml = await exportRegistry(deps.db, deps.clock.now());
        if (!arg) return yaml;
        writeOutputFile(arg, yaml);
        return `Registret er skrevet til ${arg}.`;
      };
    }
    case 'population': {
      if (!arg) throw new UsageError(USAGE);
      onlyArguments(args, 2, {}, USAGE);
      const rows = parsePopulationCsv(readInputText(arg), basename(arg));
      return async ({ deps }) =>
        `${countNoun(await importPopulation(deps.db, rows), 'befolkningstal', 'befolkningstal')} er indlæst.`;
    }
    case 'forget': {
      if (!arg) throw new UsageError(USAGE);
      onlyArguments(args, 2, {}, USAGE);
      return async ({ deps }) => {
        if (!(await forgetPerson(deps.db, arg))) throw new InputError(`Ingen aktiv person med e-mail ${arg}.`);
        return `${arg} er anonymiseret.`;
      };
    }
    default:
      throw new UsageError(USAGE);
  }
}

await runCli(plan);
