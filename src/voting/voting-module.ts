/** Steering-committee voting in chat: the menu item, the card verbs and the close/remind jobs. */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { mayRunVotes, type DecisionRules } from './voting-domain.js';
import { CLOSE_JOB, REMIND_JOB, VotingService, type MemberAttendanceSource } from './voting-service.js';
import { createVotingHandlers } from './voting-handlers.js';
import { VOTING_VERBS } from './voting-cards.js';
import type { DecisionListener } from './voting-public.js';

export interface VotingSettings {
  reminderMinutesBefore: number;
  /** Quorum share and tie rule (VOTE_QUORUM_SHARE, VOTE_TIE_RULE). */
  rules: DecisionRules;
}

/** What voting may ask of other capabilities, given by the composition root. */
export interface VotingNeighbours {
  /** Meetings' afbud for a vote held at a meeting (issue 20); without it attendance is unknown. */
  attendance?: MemberAttendanceSource;
  /** Told when a vote is decided (elections: the chair at the constitution). */
  onDecided?: DecisionListener;
}

export interface VotingModule extends CapabilityModule {
  service: VotingService;
}

export function createVotingModule(
  deps: CoreDeps,
  settings: VotingSettings,
  neighbours: VotingNeighbours = {},
): VotingModule {
  const service = new VotingService({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    scheduler: deps.scheduler,
    reminderMinutesBefore: settings.reminderMinutesBefore,
    rules: settings.rules,
    attendance: neighbours.attendance,
    onDecided: neighbours.onDecided,
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
      // The work queue, so closing a vote never depends on finding its card in a chat.
      app.addMenuItem({
        title: 'Åbne afstemninger',
        verb: VOTING_VERBS.queue,
        order: 31,
        visible: (actor) => mayRunVotes(actor),
      });
      app.onAction(VOTING_VERBS.open, handlers.open);
      app.onAction(VOTING_VERBS.startFromItem, handlers.startFromItem);
      app.onAction(VOTING_VERBS.start, handlers.start);
      app.onAction(VOTING_VERBS.cast, handlers.cast);
      app.onAction(VOTING_VERBS.refresh, handlers.refresh);
      app.onAction(VOTING_VERBS.close, handlers.close);
      app.onAction(VOTING_VERBS.queue, handlers.queue);
      app.onAction(VOTING_VERBS.queueClose, handlers.queueClose);

      deps.scheduler.work(CLOSE_JOB, async (payload) => service.closeAtDeadline(Number(payload.voteId)));
      deps.scheduler.work(REMIND_JOB, async (payload) => service.remind(Number(payload.voteId)));
    },
  };
}
