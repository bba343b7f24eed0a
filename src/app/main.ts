/** Production entry point: `npm run serve` (after `npm run build`), or the container's CMD. */
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { startTelemetry } from './telemetry.js';
import { stopOnSignals } from './shutdown.js';

try {
  loadDotEnv();
  const config = loadConfig();
  // Telemetry first, so HTTP and PostgreSQL are instrumented before the app loads them.
  const telemetry = await startTelemetry(config);
  const { createApp } = await import('./create-app.js');
  const app = await createApp(config);
  const url = await app.listen();
  app.deps.log.info({ url, telemetry: Boolean(telemetry) }, 'DDH-bot kører');
  stopOnSignals(app.deps.log, [() => app.stop(), async () => telemetry?.shutdown()]);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(78);
  }
  throw e;
}
