/** `npm run import -- kpi FILE`: the month's statistics from the command line, with progress lines for large files. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describeImport } from './kpi-secretariat-cards.js';
import type { KpiModule } from './kpi-module.js';

export async function importKpiCommand(
  file: string,
  kpi: KpiModule,
  onProgress: (line: string) => void = () => undefined,
): Promise<string> {
  const summary = await kpi.imports.importFile(readFileSync(file), basename(file), null, onProgress);
  return describeImport(summary).join('\n');
}
