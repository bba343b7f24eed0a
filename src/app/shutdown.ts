import type { Logger } from '../shared/logger.js';

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop taking requests, let jobs and deliveries finish,
 * close the database. A second signal, or 25 s, forces the exit (App Service/Kubernetes wait 30 s).
 */
export function stopOnSignals(log: Logger, steps: (() => Promise<void>)[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'lukker ned');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    try {
      for (const step of steps) await step();
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'nedlukning fejlede');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
