/**
 * Voting's card verbs: each validates the card with zod, makes one VotingService call and answers with a card
 * built from the view it returned. Who may do what, and whether the vote is open, is the service's to decide.
 */
import { z } from 'zod';
import type { ActionHandler } from '../platform/bot-app.js';
import { parseCard, replaceWith, replyWith, requireActor, toast } from '../platform/handler-kit.js';
import { copenhagenToUtc } from '../shared/time.js';
import { CHOICES } from './voting-domain.js';
import type { VotingService } from './voting-service.js';
import { buildOpenVotesCard, buildVoteCard, buildVoteFormCard } from './voting-cards.js';

const CARD_INCOMPLETE = 'Kortet mangler oplysninger. Åbn afstemningen igen.';
const FORM_INCOMPLETE = 'Udfyld spørgsmålet; lukketid som dato og klokkeslæt.';
const INVALID_CLOSING = 'Lukketidspunktet er ikke en gyldig dato og tid.';
/** The form's default time when only a date is chosen. */
const DEFAULT_CLOSING_TIME = '16:00';

const id = z.coerce.number().int().positive();
const voteRef = z.object({ voteId: id });
const castInput = voteRef.extend({ choice: z.enum(CHOICES) });
const itemRef = z.object({ itemId: id });
const optional = (pattern: RegExp) => z.string().regex(pattern).optional().or(z.literal(''));

/** The new-vote form: strings as Teams sends them, into the service's input; the closing time in Copenhagen time. */
const startInput = z
  .object({
    question: z.string().trim().max(300).default(''),
    recommendation: z.string().trim().max(1500).default(''),
    closesOn: optional(/^\d{4}-\d{2}-\d{2}$/),
    closesAt: optional(/^\d{2}:\d{2}$/),
    anonymous: z.enum(['true', 'false']).default('false'),
    showDuring: z.enum(['true', 'false']).default('true'),
    itemId: z.union([z.literal(''), id]).optional(),
  })
  .transform((form, ctx) => {
    let closesAt: Date | null = null;
    if (form.closesOn) {
      try {
        closesAt = copenhagenToUtc(form.closesOn, form.closesAt || DEFAULT_CLOSING_TIME);
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: INVALID_CLOSING });
        return z.NEVER;
      }
    }
    return {
      question: form.question,
      recommendation: form.recommendation,
      closesAt,
      anonymous: form.anonymous === 'true',
      showDuring: form.showDuring === 'true',
      itemId: typeof form.itemId === 'number' ? form.itemId : null,
    };
  });

export interface VotingHandlers {
  open: ActionHandler;
  startFromItem: ActionHandler;
  start: ActionHandler;
  cast: ActionHandler;
  refresh: ActionHandler;
  close: ActionHandler;
  queue: ActionHandler;
  queueClose: ActionHandler;
}

export function createVotingHandlers(service: VotingService): VotingHandlers {
  return {
    open: async (turn) => replaceWith(buildVoteFormCard(await service.newVoteForm(requireActor(turn), null))),

    startFromItem: async (turn, data) => {
      const { itemId } = parseCard(itemRef, data, CARD_INCOMPLETE);
      return replyWith(buildVoteFormCard(await service.newVoteForm(requireActor(turn), itemId)));
    },

    start: async (turn, data) => {
      const input = parseCard(startInput, data, FORM_INCOMPLETE);
      const vote = await service.start(requireActor(turn), turn.conversation, input);
      return toast(
        vote.alreadyOpen
          ? `Der er allerede en åben afstemning om punktet (#${vote.id}); stem på dens kort.`
          : `Afstemning #${vote.id} er startet i denne chat.`,
      );
    },

    cast: async (turn, data) => {
      const { voteId, choice } = parseCard(castInput, data, CARD_INCOMPLETE);
      return replaceWith(buildVoteCard(await service.cast(requireActor(turn), voteId, choice)));
    },

    refresh: async (turn, data) => {
      const { voteId } = parseCard(voteRef, data, CARD_INCOMPLETE);
      return replaceWith(buildVoteCard(await service.voterView(requireActor(turn), voteId)));
    },

    close: async (turn, data) => {
      const { voteId } = parseCard(voteRef, data, CARD_INCOMPLETE);
      return replaceWith(buildVoteCard(await service.close(requireActor(turn), voteId)));
    },

    queue: async (turn) => replaceWith(buildOpenVotesCard(await service.openVotes(requireActor(turn)))),

    queueClose: async (turn, data) => {
      const { voteId } = parseCard(voteRef, data, CARD_INCOMPLETE);
      return replaceWith(buildOpenVotesCard(await service.closeFromQueue(requireActor(turn), voteId)));
    },
  };
}
