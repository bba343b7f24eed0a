/** The menu's card builders (and the demo inbox's "Til:" line) with typed text in every field a person typed. */
import type { TypedTextCase } from '../support/typed-text.js';
import { buildMenuCard, buildRegisterChatCard, buildRoleSwitchCard } from '../../src/menu/menu-cards.js';
import { CHAT_PURPOSES } from '../../src/menu/menu-service.js';
import { addressCard } from '../../src/delivery/demo-inbox.js';
import { buildMessageCard } from '../../src/ui/message-card.js';

export const TYPED_TEXT_CASES: TypedTextCase[] = [
  {
    name: 'menu (name from the registry)',
    build: (typed) => buildMenuCard({ name: typed, roles: typed, items: [], notices: [typed] }),
  },
  {
    name: 'role switch (demo people)',
    build: (typed) =>
      buildRoleSwitchCard({
        people: [{ personId: 1, name: typed, roles: typed }],
        currentPersonId: 1,
        switched: true,
      }),
  },
  {
    name: 'register chat',
    build: (typed) =>
      buildRegisterChatCard({ purposes: [...CHAT_PURPOSES, { value: 'x', title: typed }], current: ['x'] }),
  },
  {
    name: 'demo inbox "Til:" line',
    build: (typed) => addressCard(buildMessageCard({ title: 'Titel' }), `Til: ${typed}`),
  },
];
