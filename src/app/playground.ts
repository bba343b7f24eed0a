import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';
import type { Logger } from '../shared/logger.js';

/**
 * Starts the Microsoft 365 Agents Playground against the local bot. Its default user
 * (aadObjectId 00000000-0000-0000-0000-0000000000020) is a demo person; "Skift rolle (demo)" changes who you are.
 */
export function startPlayground(config: Config, botEndpoint: string, log: Logger): ChildProcess {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@microsoft/m365agentsplayground/package.json');
  const bin = join(dirname(pkg), (require(pkg) as { bin: Record<string, string> }).bin.agentsplayground);
  const child = spawn(
    process.execPath,
    [bin, '-e', botEndpoint, '-c', 'msteams', '-p', String(config.PLAYGROUND_PORT), '--disable-telemetry'],
    { env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => log.debug({ playground: d.toString().trim() }, 'playground'));
  child.stderr?.on('data', (d: Buffer) => log.warn({ playground: d.toString().trim() }, 'playground'));
  child.on('exit', (code) => log.info({ code }, 'Agents Playground stoppede'));
  return child;
}

/** Resolves once the playground's page answers (it starts beside the bot; 60 s at most). */
export async function waitForPlayground(config: Config): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const up = await fetch(`http://localhost:${config.PLAYGROUND_PORT}`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
