/**
 * The election's card verbs: each validates the card with zod, makes one ElectionsService call and answers with
 * a card built from the view it returned. Who may do what, and whether a round is open, is the service's to decide.
 */
import { z } from 'zod';
import type { ActionHandler } from '../platform/bot-app.js';
import { parseCard, replaceWith, requireActor, shownIn, toast } from '../platform/handler-kit.js';
import { REGIONS } from '../registry/municipalities.js';
import type { ElectionsService } from './elections-service.js';
import type { ConstitutionService } from './elections-constitution-service.js';
import {
  buildCommitteeConfirmedCard,
  buildConstitutionCard,
  buildKeyCard,
  buildProposalCard,
  buildRoundCard,
} from './elections-cards.js';

const CARD_INCOMPLETE = 'Kortet mangler oplysninger.';

const id = z.coerce.number().int().positive();
/** Cards sent before the election id was on them name only the region: they act on the open election. */
const roundRef = z.object({ electionId: id.optional(), region: z.enum(REGIONS) });
const voteInput = roundRef.extend({ candidateId: id });
const lotInput = roundRef.extend({ personId: id });
const electionRef = z.object({ electionId: id.optional() });
const termRef = z.object({ termId: id });
const chairInput = termRef.extend({ personId: id });

export interface ElectionsHandlers {
  key: ActionHandler;
  start: ActionHandler;
  openRound: ActionHandler;
  nominate: ActionHandler;
  vote: ActionHandler;
  closeRound: ActionHandler;
  recordLot: ActionHandler;
  proposal: ActionHandler;
  confirm: ActionHandler;
  constitution: ActionHandler;
  chairVote: ActionHandler;
  constitutionItem: ActionHandler;
}

export function createElectionsHandlers(
  service: ElectionsService,
  constitution: ConstitutionService,
): ElectionsHandlers {
  return {
    key: async (turn) => replaceWith(buildKeyCard(await service.keyView(requireActor(turn)))),

    start: async (turn) => replaceWith(buildKeyCard(await service.start(requireActor(turn)))),

    // Pressed on a card, the round card takes its place (and is that chat's copy); typed, it is posted to the chat.
    openRound: async (turn) => {
      const shown = shownIn(turn);
      const round = await service.openRound(requireActor(turn), turn.conversation.id, shown);
      return shown
        ? replaceWith(buildRoundCard(round))
        : toast(`Regionsvalget for Region ${round.region} er åbent i denne chat.`);
    },

    nominate: async (turn, data) => {
      const { electionId, region } = parseCard(roundRef, data, CARD_INCOMPLETE);
      return replaceWith(buildRoundCard(await service.nominate(requireActor(turn), electionId ?? null, region)));
    },

    vote: async (turn, data) => {
      const { electionId, region, candidateId } = parseCard(voteInput, data, 'Vælg en kandidat.');
      return replaceWith(
        buildRoundCard(await service.vote(requireActor(turn), electionId ?? null, region, candidateId)),
      );
    },

    closeRound: async (turn, data) => {
      const { electionId, region } = parseCard(roundRef, data, CARD_INCOMPLETE);
      return replaceWith(buildRoundCard(await service.closeRound(requireActor(turn), electionId ?? null, region)));
    },

    recordLot: async (turn, data) => {
      const { electionId, region, personId } = parseCard(lotInput, data, CARD_INCOMPLETE);
      return replaceWith(
        buildRoundCard(await service.recordLot(requireActor(turn), electionId ?? null, region, personId)),
      );
    },

    proposal: async (turn) => replaceWith(buildProposalCard(await service.proposal(requireActor(turn)))),

    confirm: async (turn, data) => {
      const { electionId } = parseCard(electionRef, data, CARD_INCOMPLETE);
      return replaceWith(buildCommitteeConfirmedCard(await service.confirm(requireActor(turn), electionId ?? null)));
    },

    constitution: async (turn) => replaceWith(buildConstitutionCard(await constitution.view(requireActor(turn)))),

    chairVote: async (turn, data) => {
      const { termId, personId } = parseCard(chairInput, data, 'Vælg et medlem af styregruppen.');
      return replaceWith(
        buildConstitutionCard(await constitution.startChairVote(requireActor(turn), termId, personId)),
      );
    },

    constitutionItem: async (turn, data) => {
      const { termId } = parseCard(termRef, data, CARD_INCOMPLETE);
      return replaceWith(buildConstitutionCard(await constitution.proposeItemAgain(requireActor(turn), termId)));
    },
  };
}
