/** `npm run import -- kpi FILE`: the month's statistics from the command line, with progress lines for large files. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { describeImport } from './kpi-import-service.js';
import { kpiServiceFor } from './register.js';

export async function importKpiCommand(
  file: string,
  deps: CapabilityDeps,
  onProgress: (line: string) => void = () => undefined,
): Promise<string> {
  const summary = await kpiServiceFor(deps).importFile(readFileSync(file), basename(file), null, onProgress);
  return describeImport(summary).join('\n');
}
