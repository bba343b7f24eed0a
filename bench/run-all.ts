/** npm run bench [-- NAME…]: runs the benchmarks one after another (each appends to docs/performance.md). */
import { spawnSync } from 'node:child_process';

const ALL: Record<string, string> = {
  activity: 'bench/activity-throughput.ts',
  fanout: 'bench/delivery-fanout.ts',
  noshow: 'bench/noshow-detection.ts',
  kpi: 'bench/kpi-import.ts',
  cold: 'bench/cold-start.ts',
  memory: 'bench/memory.ts',
  idle: 'bench/idle-queries.ts',
};
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(ALL);
for (const name of wanted) {
  if (!ALL[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(ALL).join(', ')}`);
  console.log(`\n== ${name} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ALL[name]], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0) process.exitCode = 1;
}
