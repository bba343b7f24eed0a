/**
 * Card instances. Every card the bot sends or returns gets a fresh instance token in the data of each of its
 * Action.Execute/Action.Submit buttons, so a press names the card instance it came from: two presses of one button on
 * one instance are one press (see press-store.ts), while the same button on the card that replaced it is a new one.
 * The token decides nothing else; a forged one can only make its sender's own press count once.
 */
import { randomUUID } from 'node:crypto';
import type { Card } from '../ui/card.js';

export const CARD_TOKEN_FIELD = 'ddhCard';
const PRESSABLE = new Set(['Action.Execute', 'Action.Submit']);

/** A copy of the card whose every pressable action carries one new instance token. */
export function stampCard(card: Card, token: string = randomUUID()): Card {
  return stampValue(card, token) as Card;
}

// Cards are a few levels deep and built by our own builders, so plain recursion is fine here.
function stampValue(value: unknown, token: string): unknown {
  if (Array.isArray(value)) return value.map((v) => stampValue(v, token));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = stampValue(v, token);
  if (typeof out.type === 'string' && PRESSABLE.has(out.type)) {
    const data = out.data && typeof out.data === 'object' && !Array.isArray(out.data) ? out.data : {};
    out.data = { ...(data as Record<string, unknown>), [CARD_TOKEN_FIELD]: token };
  }
  return out;
}

/** The token a press carried, removed from the data the handler sees. */
export function takeCardToken(data: Record<string, unknown>): string | null {
  const token = data[CARD_TOKEN_FIELD];
  delete data[CARD_TOKEN_FIELD];
  return typeof token === 'string' && token.length > 0 && token.length <= 64 ? token : null;
}
