import { expandCard } from './card-template.js';
import type { Card } from './card.js';
import type { DomainError } from '../shared/errors.js';

export interface CardButton {
  title: string;
  verb: string;
  data?: Record<string, unknown>;
}

export interface MessageCardInput {
  title: string;
  text?: string;
  lines?: string[];
  tone?: 'default' | 'good' | 'warning' | 'error';
  actions?: CardButton[];
}

/** A plain card: heading, text, lines and buttons; all text bound as data. */
export function buildMessageCard(input: MessageCardInput): Card {
  return expandCard('message', {
    title: input.title,
    text: input.text ?? '',
    lines: input.lines ?? [],
    tone: input.tone ?? 'default',
    actions: (input.actions ?? []).map((a) => ({ ...a, data: { ...(a.data ?? {}), verb: a.verb } })),
  });
}

/** The friendly Danish card for an error a user can act on. */
export function buildErrorCard(error: DomainError, actions: CardButton[] = []): Card {
  return buildMessageCard({ title: 'Det kunne ikke lade sig gøre', text: error.userMessage, tone: 'error', actions });
}
