/** Cold start: process start to /readyz, on an empty and on a populated embedded database. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report, table } from './bench-support.js';

async function startOnce(dataDir: string, port: number): Promise<number> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
    env: { ...process.env, DDH_LOCAL: '1', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return Date.now() - started;
      if (Date.now() - started > 60_000) throw new Error('no /readyz within 60 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ddh-cold-'));
const empty = await startOnce(dir, 39781);
const again = await startOnce(dir, 39782);
rmSync(dir, { recursive: true, force: true });
report(
  'Cold start to /readyz',
  'npm run bench -- cold',
  table(
    ['database', 'first start (creates + migrates)', 'restart (migrated)'],
    [['PGlite', `${(empty / 1000).toFixed(2)} s`, `${(again / 1000).toFixed(2)} s`]],
  ),
  ['Includes TypeScript loading through tsx; `npm run build` + node would be faster.'],
);
process.exit(0);
