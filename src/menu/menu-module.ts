import { z } from 'zod';
import type { BotApp, TurnInfo } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { DomainError, forbidden, invalidInput } from '../shared/errors.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { describeActor } from '../registry/roles.js';
import { findPersonById, listPeople, loadActor } from '../registry/registry-repository.js';
import { namedPurposesOf, setNamedConversation } from '../registry/conversation-repository.js';
import type { Actor } from '../registry/registry-types.js';
import { REGIONS } from '../registry/municipalities.js';
import {
  buildMenuCard,
  buildNotRegisteredCard,
  buildRegisterChatCard,
  buildRoleSwitchCard,
  MENU_VERBS,
} from './menu-cards.js';
import type { MenuItem } from '../platform/bot-app.js';

export interface MenuSettings {
  /** The local demo offers "Skift rolle (demo)". */
  local: boolean;
}

const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

export const CHAT_PURPOSES: { value: string; title: string }[] = [
  { value: 'sekretariat', title: 'DDH-sekretariatets kanal (dagsordenspunkter, rapporter)' },
  { value: 'styregruppe', title: 'Styregruppens chat (dagsordener, afstemninger)' },
  { value: 'vagt', title: 'Sekretariatets vagtkanal (udeblivelser)' },
  ...REGIONS.map((r) => ({ value: `region:${r}`, title: `Regionsrum: Region ${r}` })),
];

/** The menu card of a turn: the actor's own buttons, or how to get access. */
export function menuCardFor(turn: TurnInfo, items: MenuItem[], notices: string[]) {
  if (!turn.actor) return buildNotRegisteredCard();
  return buildMenuCard({ name: turn.actor.name, roles: describeActor(turn.actor, nameOf), items, notices });
}

/** The menu's own verbs: chat purposes for the secretariat and, in the local demo, switching person. */
export function createMenuModule(deps: CoreDeps, settings: MenuSettings): CapabilityModule {
  return { name: 'menu', register: (app) => registerMenu(app, deps, settings.local) };
}

function registerMenu(app: BotApp, deps: CoreDeps, local: boolean): void {
  // "hjælp", "help", "menu" and any text no capability claims get the menu from the platform's fallback.

  app.addMenuItem({
    title: 'Brug denne chat til …',
    verb: MENU_VERBS.registerChat,
    order: 900,
    visible: (a, t) => a.secretariat && t.conversation.type !== 'personal',
  });
  app.onAction(MENU_VERBS.registerChat, async (turn) => {
    requireSecretariat(turn.actor);
    const current = await namedPurposesOf(deps.db, turn.conversation.id);
    return {
      card: buildRegisterChatCard({ purposes: CHAT_PURPOSES, current: current.join(', ') || 'ingen' }),
      mode: 'reply',
    };
  });
  app.onAction(MENU_VERBS.registerChatSave, async (turn, data) => {
    requireSecretariat(turn.actor);
    const parsed = z
      .object({ purpose: z.enum(CHAT_PURPOSES.map((p) => p.value) as [string, ...string[]]) })
      .safeParse(data);
    if (!parsed.success) throw invalidInput('Vælg et af formålene på listen.');
    if (turn.conversation.type === 'personal')
      throw invalidInput('Formål kan kun sættes for en gruppechat eller kanal.');
    await setNamedConversation(deps.db, parsed.data.purpose, turn.conversation.id);
    const title = CHAT_PURPOSES.find((p) => p.value === parsed.data.purpose)!.title;
    return { toast: `Gemt: denne chat bruges nu som ${title}.` };
  });

  if (!local) return;
  app.addMenuItem({ title: 'Skift rolle (demo)', verb: MENU_VERBS.switchRole, order: 1000, visible: () => true });
  app.onAction(MENU_VERBS.switchRole, async (turn) => {
    const people = await listPeople(deps.db);
    const choices = await Promise.all(
      people.map(async (p) => ({
        value: String(p.id),
        title: `${p.name}: ${describeActor(await loadActor(deps.db, p), nameOf)}`,
      })),
    );
    return { card: buildRoleSwitchCard({ people: choices, current: String(turn.actor?.id ?? '') }), mode: 'reply' };
  });
  app.onAction(MENU_VERBS.switchRoleSave, async (turn, data) => {
    const parsed = z.object({ personId: z.coerce.number().int().positive() }).safeParse(data);
    if (!parsed.success || !turn.aadObjectId) throw invalidInput('Vælg en demoperson på listen.');
    const person = await findPersonById(deps.db, parsed.data.personId);
    if (!person) throw new DomainError('NOT_FOUND', 'Demopersonen findes ikke længere.');
    await deps.registry.impersonate(turn.aadObjectId, person.id);
    const actor = await loadActor(deps.db, person);
    return {
      toast: `Du optræder nu som ${person.name} (${describeActor(actor, nameOf)}). Tryk "Vis menu" eller skriv "menu" for at se dine muligheder.`,
    };
  });
}

function requireSecretariat(actor: Actor | null): asserts actor is Actor {
  if (!actor?.secretariat) throw forbidden('Kun DDH-sekretariatet kan gøre dette.');
}
