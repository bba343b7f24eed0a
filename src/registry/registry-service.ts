import type { Db } from '../db/database.js';
import type { Actor, Person } from './registry-types.js';
import { loadActorByObjectId, loadActorWithTurnState, type StoredTurnState } from './registry-repository.js';
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
  private readonly seen = new Map<string, { fingerprint: string; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly local: boolean,
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
  async rememberConversation(c: Omit<StoredConversation, 'deadAt'>): Promise<void> {
    const fingerprint = `${c.type}|${c.tenantId}|${c.serviceUrl}|${c.aadObjectId}`;
    const now = Date.now();
    const hit = this.seen.get(c.id);
    if (hit && hit.fingerprint === fingerprint && now - hit.at < CONVERSATION_MEMO_MS) return;
    await upsertConversationLinked(this.db, c);
    this.seen.delete(c.id);
    this.seen.set(c.id, { fingerprint, at: now });
    if (this.seen.size > CONVERSATION_MEMO_MAX) this.seen.delete(this.seen.keys().next().value!);
  }

  /** Forget the memo (after a conversation was marked dead, or an impersonation changed). */
  forgetConversation(id: string): void {
    this.seen.delete(id);
  }

  /** After an import gives people their object ids, attach the chats they already have with the bot. */
  async relinkConversations(people: Person[]): Promise<void> {
    for (const p of people) if (p.entraObjectId) await linkPersonalConversations(this.db, p.entraObjectId, p.id);
  }

  /** Local mode only: act as another demo person. */
  async impersonate(aadObjectId: string, personId: number): Promise<void> {
    if (!this.local) throw new Error('impersonate is only for local mode');
    await this.db.query(
      `INSERT INTO local_impersonation (aad_object_id, person_id) VALUES ($1, $2)
       ON CONFLICT (aad_object_id) DO UPDATE SET person_id = EXCLUDED.person_id`,
      [aadObjectId, personId],
    );
    // The demo user's 1:1 chat belongs to whoever they act as, so alerts and warnings to that person arrive there.
    await this.db.query(`UPDATE conversations SET person_id = $2 WHERE aad_object_id = $1 AND type = 'personal'`, [
      aadObjectId,
      personId,
    ]);
  }
}
