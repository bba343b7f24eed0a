/** Production entry point: `npm run serve` (after `npm run build`), or the container's CMD. */
import { ConfigError, loadConfig } from './config.js';
import { createApp } from './create-app.js';
import { stopOnSignals } from './shutdown.js';

try {
  const app = await createApp(loadConfig());
  const url = await app.listen();
  app.deps.log.info({ url }, 'DDH-bot kører');
  stopOnSignals(app.deps.log, [() => app.stop()]);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(78);
  }
  throw e;
}
