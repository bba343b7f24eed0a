/**
 * Steering-committee elections: the secretariat's menu items and the card verbs of the key, rounds, proposal and the
 * new term's constitution (deputies, the Konstituering item, "Valg af formand").
 */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import type { AgendaPublic } from '../agenda/agenda-public.js';
import type { VoteDecided } from '../voting/voting-public.js';
import type { Queryable } from '../db/database.js';
import { ElectionsService } from './elections-service.js';
import { ConstitutionService } from './elections-constitution-service.js';
import { NO_CHAIR_YET } from './elections-constitution-domain.js';
import { createElectionsHandlers } from './elections-handlers.js';
import { TERM_START_JOB, TermStart } from './elections-term-start.js';
import { menuTerms } from './elections-constitution-repository.js';
import { copenhagenToUtc, formatDate } from '../shared/time.js';
import { ELECTION_VERBS } from './elections-cards.js';

export interface ElectionsModule extends CapabilityModule {
  service: ElectionsService;
  constitution: ConstitutionService;
  /** The new term takes office on its start date (the job's handler). */
  termStart: TermStart;
  /** Voting's decision listener: an adopted chair vote sets the term's chair. */
  voteDecided(tx: Queryable, decided: VoteDecided): Promise<void>;
}

/** What elections asks of other capabilities, given by the composition root. */
export interface ElectionsNeighbours {
  /** For the Konstituering item; without it no item is proposed. */
  agenda?: AgendaPublic;
}

export function createElectionsModule(deps: CoreDeps, neighbours: ElectionsNeighbours = {}): ElectionsModule {
  const constitution = new ConstitutionService({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    agenda: neighbours.agenda,
  });
  const termStart = new TermStart({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    scheduler: deps.scheduler,
  });
  const service = new ElectionsService({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    constitution,
    termStart,
  });
  return {
    name: 'elections',
    service,
    constitution,
    termStart,
    voteDecided: (tx, decided) => constitution.voteDecided(tx, decided),
    async menuNotices(actor) {
      // Only those who already cost a read: the menu's one statement is the actor's (issue 22).
      if (!actor.secretariat && !actor.seats.length) return [];
      const { active, waiting } = await menuTerms(deps.db);
      return [
        // A confirmed committee waiting for its start date: when it takes office.
        ...(waiting
          ? [
              `${waiting.termName} træder til ${formatDate(copenhagenToUtc(waiting.startsOn))}. Formand: ${NO_CHAIR_YET}.`,
            ]
          : []),
        // Until the committee has elected its chair, everyone it concerns sees so under the menu.
        ...(active && !active.chairName ? [`${active.termName}: Formand: ${NO_CHAIR_YET}.`] : []),
      ];
    },
    register(app: BotApp) {
      const handlers = createElectionsHandlers(service, constitution);
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
      app.addMenuItem({
        title: 'Valg: konstituering og formand',
        verb: ELECTION_VERBS.constitution,
        order: 53,
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
      app.onAction(ELECTION_VERBS.constitution, handlers.constitution);
      app.onAction(ELECTION_VERBS.chairVote, handlers.chairVote);
      app.onAction(ELECTION_VERBS.constitutionItem, handlers.constitutionItem);
      // The new committee takes office on its start date; keyed by the term, so a second run finds it active.
      deps.scheduler.work(TERM_START_JOB, async (payload) => {
        await termStart.start(Number(payload.termId));
      });
    },
  };
}
