/**
 * `npm start`: the bot on 127.0.0.1 with the embedded database, demo data and the
 * Microsoft 365 Agents Playground as a local stand-in for Teams. The playground starts first, beside the bot's own
 * start-up (it only needs the bot's address), and the time until both answer is printed.
 */
import { loadDotEnv, loadLocalConfig } from './config.js';
import { createApp } from './create-app.js';
import { stopOnSignals } from './shutdown.js';
import { startPlayground, waitForPlayground } from './playground.js';
import { loadDemoData } from '../demo/demo-data.js';
import { createLogger } from '../shared/logger.js';

loadDotEnv();
const config = loadLocalConfig();
const log = createLogger(config.LOG_LEVEL);
const playground = startPlayground(config, `http://127.0.0.1:${config.PORT}/api/messages`, log);
// One list, read when a signal comes: the bot's own stop joins it once the bot exists.
const shutdown: (() => Promise<void>)[] = [async () => void playground.kill()];
stopOnSignals(log, shutdown);
const app = await createApp(config, { log });
shutdown.push(() => app.stop());
const loaded = await loadDemoData(app.deps, app.modules.shifts);
const url = await app.listen();
log.info({ url, demo: loaded }, 'DDH-bot kører lokalt');
await waitForPlayground(config);
const seconds = process.uptime().toFixed(1).replace('.', ',');
log.info(
  `Klar efter ${seconds} s: åbn http://localhost:${config.PLAYGROUND_PORT} i en browser for at tale med botten (port ${config.PORT}).`,
);
