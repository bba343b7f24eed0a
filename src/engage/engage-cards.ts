/** The Viva Engage status as a card (the shared message template). */
import type { Card } from '../platform/bot-app.js';
import { MENU_VERB } from '../platform/bot-app.js';
import { buildMessageCard } from '../ui/message-card.js';
import type { EngageStatusView } from './engage-status.js';

export function buildEngageStatusCard(view: EngageStatusView): Card {
  return buildMessageCard({
    title: view.title,
    text: view.text,
    lines: view.lines,
    tone: view.tone,
    actions: [{ title: 'Menu', verb: MENU_VERB }],
  });
}
