import { expandCard } from '../ui/card-template.js';
import type { Card, MenuItem } from '../platform/bot-app.js';
import { buildMessageCard } from '../ui/message-card.js';

export const MENU_VERBS = {
  switchRole: 'menu.switch-role',
  switchRoleSave: 'menu.switch-role.save',
  registerChat: 'menu.register-chat',
  registerChatSave: 'menu.register-chat.save',
} as const;

export function buildMenuCard(input: { name: string; roles: string; items: MenuItem[]; notices: string[] }): Card {
  return expandCard('menu', {
    name: input.name,
    roles: input.roles,
    items: input.items.map((i) => ({ title: i.title, verb: i.verb, data: { ...(i.data ?? {}), verb: i.verb } })),
    notices: input.notices,
  });
}

export function buildNotRegisteredCard(): Card {
  return buildMessageCard({
    title: 'Du er ikke registreret i DDH-botten',
    text:
      'Botten kender kun personer, som DDH-sekretariatet har registreret med en rolle (fx repræsentant, kontaktperson eller agent). ' +
      'Kontakt DDH-sekretariatet i Aarhus og oplys din arbejdsmail og kommune, så giver de dig adgang.',
    tone: 'warning',
  });
}

export function buildRoleSwitchCard(input: { people: { title: string; value: string }[]; current: string }): Card {
  return expandCard('role-switch', { ...input, verb: MENU_VERBS.switchRoleSave });
}

export function buildRegisterChatCard(input: { purposes: { title: string; value: string }[]; current: string }): Card {
  return expandCard('register-chat', { ...input, verb: MENU_VERBS.registerChatSave });
}
