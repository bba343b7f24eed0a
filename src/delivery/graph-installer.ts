// PLACEHOLDER written by the lead so the app compiles; helper-1 (issue 3) replaces this whole file.
import type { Config } from '../app/config.js';
import type { Logger } from '../shared/logger.js';
import type { AppInstaller } from './delivery-engine.js';

export function createGraphInstaller(_config: Config, _log: Logger): AppInstaller | null {
  return null;
}
