/**
 * The local demo's inbox (`npm start` only, DEMO_INBOX; the configuration refuses it outside local mode). Demo people
 * have no Teams chat of their own, so a message to one of them would be "unreachable" and the newcomer trying the
 * bot would never see the secretariat's review card or a contact person's alert. With the demo inbox such a message
 * goes to the playground user's chat instead, marked "Til: <navn> (<rolle>)"; whoever the user acts as still gets
 * their own messages unmarked. Production never takes this path: the engine is built without a DemoInbox there.
 */
import type { Queryable } from '../db/database.js';
import type { Card } from '../ui/card.js';
import { latestPersonalConversation, type StoredConversation } from '../registry/conversation-repository.js';
import { findActorById } from '../registry/registry-repository.js';
import type { Person } from '../registry/registry-types.js';
import { describeActor } from '../registry/roles.js';
import { sendRecipientOf, type OutboxRow } from './outbox-repository.js';

export interface DemoInbox {
  /** The chat a person without one of their own is shown messages in; null before anyone has written to the bot. */
  conversationFor(q: Queryable, person: Person | null): Promise<StoredConversation | null>;
  /** "Til: Sofie Kjær (DDH-sekretariatet)" when the row reaches this chat for someone else than its owner. */
  labelFor(q: Queryable, row: OutboxRow, conversation: StoredConversation): Promise<string | null>;
}

export function createDemoInbox(): DemoInbox {
  return {
    conversationFor: (q) => latestPersonalConversation(q),
    async labelFor(q, row, conversation) {
      if (conversation.type !== 'personal') return null;
      // An update names no person: the person is the one the card was first sent to in this chat.
      const personId =
        row.recipient.kind === 'person'
          ? row.recipient.personId
          : row.kind === 'update' && row.cardRef
            ? await sendRecipientOf(q, row.cardRef, conversation.id)
            : null;
      if (personId === null || personId === conversation.personId) return null;
      const actor = await findActorById(q, personId);
      return actor ? `Til: ${actor.name} (${describeActor(actor)})` : null;
    },
  };
}

/** The card with a first line saying whom it is for (a TextRun: names are shown as text, never as Markdown). */
export function addressCard(card: Card, label: string): Card {
  const body = Array.isArray(card.body) ? card.body : [];
  const note = {
    type: 'Container',
    style: 'emphasis',
    bleed: true,
    items: [
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: label, weight: 'Bolder' }] },
      {
        type: 'RichTextBlock',
        spacing: 'None',
        inlines: [
          {
            type: 'TextRun',
            text: 'Lokal demo: vist i din chat, fordi personen ikke har sin egen.',
            isSubtle: true,
            size: 'Small',
          },
        ],
      },
    ],
  };
  return { ...card, body: [note, ...body] };
}

export function addressText(text: string, label: string): string {
  return `${label}\n\n${text}`;
}
