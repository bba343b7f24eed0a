/**
 * npm run registry -- import FILE.yaml | export [FILE.yaml] | population FILE.csv | forget EMAIL
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runCli, UsageError } from './cli-app.js';
import { parseRegistryFile } from '../registry/registry-file.js';
import { exportRegistry, forgetPerson, importRegistry } from '../registry/registry-import.js';
import { importPopulation, parsePopulationCsv } from '../registry/population-import.js';

const [command, arg] = process.argv.slice(2);

/** Statbank exports in UTF-8 or Windows-1252 depending on the route; accept both. */
function readText(file: string): string {
  const bytes = readFileSync(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
const USAGE = 'Brug: npm run registry -- import FIL.yaml | export [FIL.yaml] | population FIL.csv | forget EMAIL';

await runCli(async (app) => {
  const { db, registry, clock } = app.deps;
  switch (command) {
    case 'import': {
      if (!arg) throw new UsageError(USAGE);
      const file = parseRegistryFile(readFileSync(arg, 'utf8'), basename(arg));
      const summary = await importRegistry(db, file);
      await registry.relinkConversations(summary.importedPeople);
      return `Registret er indlæst: ${summary.members} medlemskommuner, ${summary.people} personer, ${summary.roles} roller, ${summary.seats} pladser i styregruppen, ${summary.meetings} møder.`;
    }
    case 'export': {
      const yaml = await exportRegistry(db, clock.now());
      if (!arg) return yaml;
      writeFileSync(arg, yaml);
      return `Registret er skrevet til ${arg}.`;
    }
    case 'population': {
      if (!arg) throw new UsageError(USAGE);
      const count = await importPopulation(db, parsePopulationCsv(readText(arg), basename(arg)));
      return `${count} befolkningstal er indlæst.`;
    }
    case 'forget': {
      if (!arg) throw new UsageError(USAGE);
      return (await forgetPerson(db, arg)) ? `${arg} er anonymiseret.` : `Ingen aktiv person med e-mail ${arg}.`;
    }
    default:
      throw new UsageError(USAGE);
  }
});
