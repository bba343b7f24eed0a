import type { Db } from '../db/database.js';
import type { Actor, Person } from './registry-types.js';
import {
  loadActorByObjectId,
  loadActorWithTurnState,
  setImpersonation,
  type StoredTurnState,
} from './registry-repository.js';
import {
  linkPersonalConversations,
  upsertConversationLinked,
  type StoredConversation,
} from './conversation-repository.js';

/** How long a conversation seen on this instance is not written again (it is written on every change). */
const CONVERSATION_MEMO_MS = 60_000;
const CONVERSATION_MEMO_MAX = 10_000;

/** Who is acting, and where we can reach people: the registry's use cases for every turn. */
export class RegistryService {
  /** Conversations this instance stored recently, so a busy chat is not rewritten on every message. */
  private readonly recentlyStored = new Map<string, { fingerprint: string; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly local: boolean,
    /** Milliseconds for the memo only (process-local, not a business time); tests pass their own. */
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The registry person for an Entra object id, loaded fresh every turn (roles change with imports). */
  async identify(aadObjectId: string | null): Promise<Actor | null> {
    return aadObjectId ? loadActorByObjectId(this.db, aadObjectId, this.local) : null;
  }

  /** The same actor, read together with the turn's stored Teams AI state (one round trip per activity). */
  identifyWithTurnState(
    aadObjectId: string | null,
    stateKeys: string[],
  ): Promise<{ actor: Actor | null; state: StoredTurnState[] }> {
    return loadActorWithTurnState(this.db, aadObjectId, this.local, stateKeys);
  }

  /**
   * Stores a conversation and links a 1:1 chat to the registry person by Entra object id. A conversation
   * marked dead is revived by the next activity after the memo lapses (at most a minute).
   */
  async rememberConversation(conversation: Omit<StoredConversation, 'deadAt'>): Promise<void> {
    const { id, type, tenantId, serviceUrl, aadObjectId } = conversation;
    const fingerprint = `${type}|${tenantId}|${serviceUrl}|${aadObjectId}`;
    const now = this.nowMs();
    const memo = this.recentlyStored.get(id);
    if (memo && memo.fingerprint === fingerprint && now - memo.at < CONVERSATION_MEMO_MS) return;
    await upsertConversationLinked(this.db, conversation);
    // Re-inserted so the Map's insertion order is least recently stored first, and the oldest is dropped.
    this.recentlyStored.delete(id);
    this.recentlyStored.set(id, { fingerprint, at: now });
    if (this.recentlyStored.size > CONVERSATION_MEMO_MAX)
      this.recentlyStored.delete(this.recentlyStored.keys().next().value!);
  }

  /** Forget the memo (after a conversation was marked dead, or an impersonation changed). */
  forgetConversation(id: string): void {
    this.recentlyStored.delete(id);
  }

  /** After an import gives people their object ids, attach the chats they already have with the bot. */
  async relinkConversations(people: Person[]): Promise<void> {
    for (const person of people)
      if (person.entraObjectId) await linkPersonalConversations(this.db, person.entraObjectId, person.id);
  }

  /** Local mode only: act as another demo person. */
  async impersonate(aadObjectId: string, personId: number): Promise<void> {
    if (!this.local) throw new Error('impersonate is only for local mode');
    await setImpersonation(this.db, aadObjectId, personId);
    // The demo user's 1:1 chat belongs to whoever they act as, so alerts and warnings to that person arrive there.
    await linkPersonalConversations(this.db, aadObjectId, personId);
  }
}
