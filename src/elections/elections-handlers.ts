/**
 * The election's card verbs: each validates the card with zod, makes one ElectionsService call and answers with
 * a card built from the view it returned. Who may do what, and whether a round is open, is the service's to decide.
 */
import { z } from 'zod';
import type { ActionHandler } from '../platform/bot-app.js';
import { parseCard, replaceWith, replyWith, requireActor, toast } from '../platform/handler-kit.js';
import { REGIONS } from '../registry/municipalities.js';
import type { ElectionsService } from './elections-service.js';
import { buildCommitteeConfirmedCard, buildKeyCard, buildProposalCard, buildRoundCard } from './elections-cards.js';

const CARD_INCOMPLETE = 'Kortet mangler oplysninger.';

const id = z.coerce.number().int().positive();
const regionRef = z.object({ region: z.enum(REGIONS) });
const voteInput = regionRef.extend({ candidateId: id });
const lotInput = regionRef.extend({ personId: id });

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
}

export function createElectionsHandlers(service: ElectionsService): ElectionsHandlers {
  return {
    key: async (turn) => replaceWith(buildKeyCard(await service.keyView(requireActor(turn)))),

    start: async (turn) => {
      await service.start(requireActor(turn));
      return toast('Valget er startet. Åbn regionsvalget i hver regions chat.');
    },

    openRound: async (turn) =>
      replyWith(buildRoundCard(await service.openRound(requireActor(turn), turn.conversation.id))),

    nominate: async (turn, data) => {
      const { region } = parseCard(regionRef, data, CARD_INCOMPLETE);
      return replaceWith(buildRoundCard(await service.nominate(requireActor(turn), region)));
    },

    vote: async (turn, data) => {
      const { region, candidateId } = parseCard(voteInput, data, 'Vælg en kandidat.');
      return replaceWith(buildRoundCard(await service.vote(requireActor(turn), region, candidateId)));
    },

    closeRound: async (turn, data) => {
      const { region } = parseCard(regionRef, data, CARD_INCOMPLETE);
      return replaceWith(buildRoundCard(await service.closeRound(requireActor(turn), region)));
    },

    recordLot: async (turn, data) => {
      const { region, personId } = parseCard(lotInput, data, CARD_INCOMPLETE);
      return replaceWith(buildRoundCard(await service.recordLot(requireActor(turn), region, personId)));
    },

    proposal: async (turn) => replaceWith(buildProposalCard(await service.proposal(requireActor(turn)))),

    confirm: async (turn) => replaceWith(buildCommitteeConfirmedCard(await service.confirm(requireActor(turn)))),
  };
}
