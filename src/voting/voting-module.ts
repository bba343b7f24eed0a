/** Steering-committee voting in chat: the menu item, the card verbs and the close/remind jobs. */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { mayRunVotes } from './voting-domain.js';
import { CLOSE_JOB, REMIND_JOB, VotingService } from './voting-service.js';
import { createVotingHandlers } from './voting-handlers.js';
import { VOTING_VERBS } from './voting-cards.js';

export interface VotingSettings {
  reminderMinutesBefore: number;
}

export interface VotingModule extends CapabilityModule {
  service: VotingService;
}

export function createVotingModule(deps: CoreDeps, settings: VotingSettings): VotingModule {
  const service = new VotingService({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    scheduler: deps.scheduler,
    reminderMinutesBefore: settings.reminderMinutesBefore,
  });
  return {
    name: 'voting',
    service,
    register(app: BotApp) {
      const handlers = createVotingHandlers(service);
      app.addMenuItem({
        title: 'Ny afstemning',
        verb: VOTING_VERBS.open,
        order: 30,
        visible: (actor, turn) => mayRunVotes(actor) && turn.conversation.type !== 'personal',
      });
      app.onAction(VOTING_VERBS.open, handlers.open);
      app.onAction(VOTING_VERBS.startFromItem, handlers.startFromItem);
      app.onAction(VOTING_VERBS.start, handlers.start);
      app.onAction(VOTING_VERBS.cast, handlers.cast);
      app.onAction(VOTING_VERBS.refresh, handlers.refresh);
      app.onAction(VOTING_VERBS.close, handlers.close);

      deps.scheduler.work(CLOSE_JOB, async (payload) => service.closeAtDeadline(Number(payload.voteId)));
      deps.scheduler.work(REMIND_JOB, async (payload) => service.remind(Number(payload.voteId)));
    },
  };
}
