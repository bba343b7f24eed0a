/**
 * The menu's own use cases: which group chat gets which kind of message (the secretariat decides), and in the
 * local demo, acting as another demo person. Authorization comes first, before anything is looked up.
 */
import type { Db } from '../db/database.js';
import { namedPurposesOf, setNamedConversation, type ConversationType } from '../registry/conversation-repository.js';
import { REGIONS } from '../registry/municipalities.js';
import { findActorById, listActors } from '../registry/registry-repository.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { Actor } from '../registry/registry-types.js';
import { describeActor } from '../registry/roles.js';
import { DomainError, forbidden, invalidInput } from '../shared/errors.js';

export interface ChatPurpose {
  /** The purpose delivery sends to ('named' recipients), stored in named_conversations. */
  value: string;
  title: string;
}

export const CHAT_PURPOSES: readonly ChatPurpose[] = [
  { value: 'sekretariat', title: 'DDH-sekretariatets kanal (dagsordenspunkter, rapporter)' },
  { value: 'styregruppe', title: 'Styregruppens chat (dagsordener, afstemninger)' },
  { value: 'vagt', title: 'Sekretariatets vagtkanal (udeblivelser)' },
  ...REGIONS.map((region) => ({ value: `region:${region}`, title: `Regionsrum: Region ${region}` })),
];

/** What the "Brug denne chat til …" card shows. */
export interface ChatPurposesView {
  purposes: readonly ChatPurpose[];
  /** The purposes this chat already has (values), in alphabetical order. */
  current: string[];
}

/** A demo person as the role switcher lists them. */
export interface DemoPerson {
  personId: number;
  name: string;
  /** What the person is, in Danish ("DDH-sekretariatet · Agent, Aarhus"). */
  roles: string;
}

export interface RoleSwitchView {
  people: DemoPerson[];
  /** The person the user acts as now, preselected on the card. */
  currentPersonId: number | null;
  /** The user has just switched to the current person (the card says so). */
  switched: boolean;
}

export interface MenuServiceDeps {
  db: Db;
  registry: RegistryService;
  /** The local demo; acting as another person exists only there. */
  local: boolean;
}

const ONLY_SECRETARIAT = 'Kun DDH-sekretariatet kan gøre dette.';

const demoPersonOf = (actor: Actor): DemoPerson => ({
  personId: actor.id,
  name: actor.name,
  roles: describeActor(actor),
});

export class MenuService {
  constructor(private readonly deps: MenuServiceDeps) {}

  /** The purposes the secretariat can give the chat it is in, and the ones it has. */
  async chatPurposes(actor: Actor | null, conversationId: string): Promise<ChatPurposesView> {
    requireSecretariat(actor);
    return { purposes: CHAT_PURPOSES, current: await namedPurposesOf(this.deps.db, conversationId) };
  }

  /** Makes this group chat or channel the one delivery uses for `purpose` (replacing any other chat). */
  async setChatPurpose(
    actor: Actor | null,
    conversation: { id: string; type: ConversationType },
    purpose: string,
  ): Promise<ChatPurpose> {
    requireSecretariat(actor);
    const chosen = CHAT_PURPOSES.find((candidate) => candidate.value === purpose);
    if (!chosen) throw invalidInput('Vælg et af formålene på listen.');
    if (conversation.type === 'personal') throw invalidInput('Formål kan kun sættes for en gruppechat eller kanal.');
    await setNamedConversation(this.deps.db, chosen.value, conversation.id);
    return chosen;
  }

  /** Local demo: everyone in the registry with what they are (one query), and who the user acts as now. */
  async demoPeople(actor: Actor | null): Promise<RoleSwitchView> {
    this.requireLocal();
    const people = await listActors(this.deps.db);
    return { people: people.map(demoPersonOf), currentPersonId: actor?.id ?? null, switched: false };
  }

  /**
   * Local demo: the Teams user behind `aadObjectId` acts as this demo person from the next activity on; the answer is
   * the role switcher again with that person chosen, so the card never shows the previous one.
   */
  async actAs(aadObjectId: string | null, personId: number): Promise<RoleSwitchView> {
    this.requireLocal();
    if (!aadObjectId) throw invalidInput('Vælg en demoperson på listen.');
    const person = await findActorById(this.deps.db, personId);
    if (!person) throw new DomainError('NOT_FOUND', 'Demopersonen findes ikke længere.');
    await this.deps.registry.impersonate(aadObjectId, person.id);
    const people = await listActors(this.deps.db);
    return { people: people.map(demoPersonOf), currentPersonId: person.id, switched: true };
  }

  private requireLocal(): void {
    if (!this.deps.local) throw forbidden('Skift rolle findes kun i den lokale demo.');
  }
}

function requireSecretariat(actor: Actor | null): asserts actor is Actor {
  if (!actor?.secretariat) throw forbidden(ONLY_SECRETARIAT);
}
