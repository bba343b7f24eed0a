/**
 * `npm start`: the bot on 127.0.0.1 with the embedded database, demo data and the
 * Microsoft 365 Agents Playground as a local stand-in for Teams.
 */
import { loadDotEnv, loadLocalConfig } from './config.js';
import { createApp } from './create-app.js';
import { stopOnSignals } from './shutdown.js';
import { startPlayground } from './playground.js';
import { loadDemoData } from '../demo/demo-data.js';

loadDotEnv();
const config = loadLocalConfig();
const app = await createApp(config);
const loaded = await loadDemoData(app.deps);
const url = await app.listen();
const log = app.deps.log;
log.info({ url, demo: loaded }, 'DDH-bot kører lokalt');
const playground = startPlayground(config, `${url}/api/messages`, log);
stopOnSignals(log, [async () => void playground.kill(), () => app.stop()]);
