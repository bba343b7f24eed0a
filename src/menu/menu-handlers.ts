/** The menu's card handlers: validate what the card carried, call one service method, answer with a card or a toast. */
import { z } from 'zod';
import type { ActionResult, Turn } from '../platform/bot-app.js';
import { parseCard, replaceWith, replyWith, toast } from '../platform/handler-kit.js';
import { buildRegisterChatCard, buildRoleSwitchCard } from './menu-cards.js';
import type { MenuService } from './menu-service.js';

const schemas = {
  chatPurpose: z.object({ purpose: z.string().min(1).max(100) }),
  demoPerson: z.object({ personId: z.coerce.number().int().positive().max(2_147_483_647) }),
};

export class MenuHandlers {
  constructor(private readonly menu: MenuService) {}

  registerChat = async (turn: Turn): Promise<ActionResult> =>
    replyWith(buildRegisterChatCard(await this.menu.chatPurposes(turn.actor, turn.conversation.id)));

  registerChatSave = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const { purpose } = parseCard(schemas.chatPurpose, data, 'Vælg et af formålene på listen.');
    const chosen = await this.menu.setChatPurpose(turn.actor, turn.conversation, purpose);
    return toast(`Gemt: denne chat bruges nu som ${chosen.title}.`);
  };

  switchRole = async (turn: Turn): Promise<ActionResult> =>
    replyWith(buildRoleSwitchCard(await this.menu.demoPeople(turn.actor)));

  switchRoleSave = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const { personId } = parseCard(schemas.demoPerson, data, 'Vælg en demoperson på listen.');
    return replaceWith(buildRoleSwitchCard(await this.menu.actAs(turn.aadObjectId, personId)));
  };
}
