/** The menu's own verbs: chat purposes for the secretariat and, in the local demo, switching person. */
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { MENU_VERBS } from './menu-cards.js';
import { MenuHandlers } from './menu-handlers.js';
import { MenuService } from './menu-service.js';

export { menuCardFor } from './menu-cards.js';

export interface MenuSettings {
  /** The local demo offers "Skift rolle (demo)". */
  local: boolean;
}

export interface MenuModule extends CapabilityModule {
  service: MenuService;
}

export function createMenuModule(deps: CoreDeps, settings: MenuSettings): MenuModule {
  const service = new MenuService({ db: deps.db, registry: deps.registry, local: settings.local });
  const handlers = new MenuHandlers(service);
  return {
    name: 'menu',
    service,
    // "hjælp", "help", "menu" and any text no capability claims get the menu from the platform's fallback.
    register(app) {
      app.addMenuItem({
        title: 'Brug denne chat til …',
        verb: MENU_VERBS.registerChat,
        order: 900,
        visible: (actor, turn) => actor.secretariat && turn.conversation.type !== 'personal',
      });
      app.onAction(MENU_VERBS.registerChat, handlers.registerChat);
      app.onAction(MENU_VERBS.registerChatSave, handlers.registerChatSave);

      if (!settings.local) return;
      app.addMenuItem({ title: 'Skift rolle (demo)', verb: MENU_VERBS.switchRole, order: 1000, visible: () => true });
      app.onAction(MENU_VERBS.switchRole, handlers.switchRole);
      app.onAction(MENU_VERBS.switchRoleSave, handlers.switchRoleSave);
    },
  };
}
