/** Steering-committee elections: the secretariat's menu items and the card verbs of the key, rounds and proposal. */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { ElectionsService } from './elections-service.js';
import { createElectionsHandlers } from './elections-handlers.js';
import { ELECTION_VERBS } from './elections-cards.js';

export interface ElectionsModule extends CapabilityModule {
  service: ElectionsService;
}

export function createElectionsModule(deps: CoreDeps): ElectionsModule {
  const service = new ElectionsService({ db: deps.db, clock: deps.clock, delivery: deps.delivery });
  return {
    name: 'elections',
    service,
    register(app: BotApp) {
      const handlers = createElectionsHandlers(service);
      app.addMenuItem({
        title: 'Valg: fordelingsnøgle',
        verb: ELECTION_VERBS.key,
        order: 50,
        visible: (actor) => actor.secretariat,
      });
      app.addMenuItem({
        title: 'Regionsvalg i denne chat',
        verb: ELECTION_VERBS.openRound,
        order: 51,
        visible: (actor, turn) => actor.secretariat && turn.conversation.type !== 'personal',
      });
      app.addMenuItem({
        title: 'Valg: ny styregruppe',
        verb: ELECTION_VERBS.proposal,
        order: 52,
        visible: (actor) => actor.secretariat,
      });
      app.onAction(ELECTION_VERBS.key, handlers.key);
      app.onAction(ELECTION_VERBS.start, handlers.start);
      app.onAction(ELECTION_VERBS.openRound, handlers.openRound);
      app.onAction(ELECTION_VERBS.nominate, handlers.nominate);
      app.onAction(ELECTION_VERBS.vote, handlers.vote);
      app.onAction(ELECTION_VERBS.close, handlers.closeRound);
      app.onAction(ELECTION_VERBS.lot, handlers.recordLot);
      app.onAction(ELECTION_VERBS.proposal, handlers.proposal);
      app.onAction(ELECTION_VERBS.confirm, handlers.confirm);
    },
  };
}
