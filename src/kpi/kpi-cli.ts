/** `npm run import -- kpi FILE`: the month's statistics from the command line. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { describeImport, kpiServiceFor } from './register.js';

export async function importKpiCommand(file: string, deps: CapabilityDeps, onProgress: (line: string) => void = () => undefined): Promise<string> {
  onProgress(`Læser ${basename(file)} (${Math.round(statSync(file).size / 1024)} KB) …`);
  const summary = await kpiServiceFor(deps).importFile(readFileSync(file), basename(file), null);
  return describeImport(summary);
}
