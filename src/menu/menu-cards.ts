/** Card builders for the menu and its own cards: each turns a view into one template in cards/. */
import { MENU_VERB, type Card, type MenuItem, type TurnInfo } from '../platform/bot-app.js';
import type { Actor } from '../registry/registry-types.js';
import { describeActor } from '../registry/roles.js';
import { expandCard } from '../ui/card-template.js';
import { buildMessageCard } from '../ui/message-card.js';
import type { ChatPurposesView, RoleSwitchView } from './menu-service.js';

export const MENU_VERBS = {
  switchRole: 'menu.switch-role',
  switchRoleSave: 'menu.switch-role.save',
  registerChat: 'menu.register-chat',
  registerChatSave: 'menu.register-chat.save',
} as const;

/** What the menu card shows: who the person is, their buttons, and what needs their attention. */
export interface MenuView {
  name: string;
  roles: string;
  items: MenuItem[];
  notices: string[];
}

export function buildMenuCard(view: MenuView): Card {
  return expandCard('menu', {
    name: view.name,
    roles: view.roles,
    items: view.items.map((item) => ({
      title: item.title,
      verb: item.verb,
      data: { ...(item.data ?? {}), verb: item.verb },
    })),
    notices: view.notices,
  });
}

/** The menu of a turn: the actor's own buttons, or how to get access. */
export function buildMenuCardFor(actor: Actor | null, items: MenuItem[], notices: string[]): Card {
  if (!actor) return buildNotRegisteredCard();
  return buildMenuCard({ name: actor.name, roles: describeActor(actor), items, notices });
}

/** The platform's menu answer (src/app wires it): the menu card for the turn's actor. */
export const menuCardFor = (turn: Pick<TurnInfo, 'actor'>, items: MenuItem[], notices: string[]): Card =>
  buildMenuCardFor(turn.actor, items, notices);

export function buildNotRegisteredCard(): Card {
  return buildMessageCard({
    title: 'Du er ikke registreret i DDH-botten',
    text:
      'Botten kender kun personer, som DDH-sekretariatet har registreret med en rolle (fx repræsentant, kontaktperson eller agent). ' +
      'Kontakt DDH-sekretariatet i Aarhus og oplys din arbejdsmail og kommune, så giver de dig adgang.',
    tone: 'warning',
  });
}

export function buildRoleSwitchCard(view: RoleSwitchView): Card {
  const current = view.people.find((person) => person.personId === view.currentPersonId);
  return expandCard('role-switch', {
    people: view.people.map((person) => ({
      title: `${person.name}: ${person.roles}`,
      value: String(person.personId),
    })),
    current: current ? String(current.personId) : '',
    // After a switch the card says who the user is now, with that person chosen in the list (issue 17 point 7).
    switched: view.switched && current ? `${current.name} (${current.roles})` : '',
    verb: MENU_VERBS.switchRoleSave,
    menuVerb: MENU_VERB,
  });
}

export function buildRegisterChatCard(view: ChatPurposesView): Card {
  const titles = view.current.map(
    (value) =>
      view.purposes.find((purpose) => purpose.value === value)?.title ?? 'et formål, botten ikke kender længere',
  );
  return expandCard('register-chat', {
    purposes: view.purposes.map((purpose) => ({ title: purpose.title, value: purpose.value })),
    current: titles.join(', ') || 'ingen',
    selected: view.current[0] ?? '',
    verb: MENU_VERBS.registerChatSave,
  });
}
