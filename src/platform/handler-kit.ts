/**
 * The handler kit every capability's `*-handlers.ts` uses: who is acting, what the card carried, and the answer.
 * Handlers are thin: `requireActor`, `parseCard`, one service call, `replaceWith`/`replyWith`/`toast`.
 * Errors users can act on are DomainErrors; the platform turns them into a toast (Action.Execute) or a Danish
 * error card (Action.Submit and typed text), and everything else into the one turn error handler.
 */
import type { z } from 'zod';
import { DomainError, invalidInput } from '../shared/errors.js';
import type { Actor } from '../registry/registry-types.js';
import type { Card } from '../ui/card.js';
import type { ActionResult, TurnInfo } from './bot-app.js';

const NOT_REGISTERED = 'Du er ikke registreret i DDH. Kontakt DDH-sekretariatet for at få adgang.';
const CARD_INCOMPLETE = 'Kortet mangler oplysninger. Åbn det igen fra menuen.';

/** The registry person behind the activity; people not in the registry may do nothing. */
export function requireActor(turn: Pick<TurnInfo, 'actor'>): Actor {
  if (!turn.actor) throw new DomainError('NOT_REGISTERED', NOT_REGISTERED);
  return turn.actor;
}

/**
 * Card data is forgeable input: validated by a zod schema, refused with one Danish sentence. A schema's own
 * custom message (from `.refine` or `.superRefine`) is shown as written; anything else gets `message`.
 */
export function parseCard<S extends z.ZodTypeAny>(schema: S, data: unknown, message = CARD_INCOMPLETE): z.infer<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const custom = r.error.issues.find((i) => i.code === 'custom' && i.message);
  throw invalidInput(custom?.message ?? message);
}

/** The card the button was on becomes this card. */
export const replaceWith = (card: Card): ActionResult => ({ card, mode: 'replace' });

/** A new message with this card; the card the button was on stays as it is. */
export const replyWith = (card: Card): ActionResult => ({ card, mode: 'reply' });

/** A short confirmation without touching the card. */
export const toast = (text: string): ActionResult => ({ toast: text });

/**
 * Where the person pressing already sees the card that `replaceWith` will put in place of the pressed one, for
 * delivery's `shownIn`: the service records that message as this person's copy instead of sending a second one.
 */
export function shownIn(turn: Pick<TurnInfo, 'conversation' | 'replyToId' | 'via'>) {
  if (turn.via === 'message' || !turn.replyToId) return undefined;
  return { conversationId: turn.conversation.id, activityId: turn.replyToId };
}
