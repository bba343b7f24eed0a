// PLACEHOLDER written by the lead so the app compiles; helper-1 (issue 3) replaces this whole file.
import type { Config } from '../app/config.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { ConversationSender } from '../platform/proactive-sender.js';
import type { StoredConversation } from '../registry/conversation-repository.js';
import type { Delivery } from './delivery.js';
import type { JobScheduler } from './scheduler.js';

export interface AppInstaller {
  installForUser(entraObjectId: string, tenantId: string | null): Promise<StoredConversation | null>;
}

export interface DeliveryEngineOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
  scheduler: JobScheduler;
  sender: ConversationSender;
  installer: AppInstaller | null;
}

export interface DeliveryEngine {
  delivery: Delivery;
  start(): Promise<void>;
  stop(): Promise<void>;
  drain(timeoutMs?: number): Promise<void>;
}

export function createDeliveryEngine(_opts: DeliveryEngineOptions): DeliveryEngine {
  const fail = async (): Promise<never> => {
    throw new Error('delivery engine not yet implemented');
  };
  return {
    delivery: { enqueue: fail, updateCard: fail, onOutcome: () => undefined, report: fail },
    start: async () => undefined,
    stop: async () => undefined,
    drain: async () => undefined,
  };
}
