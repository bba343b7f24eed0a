import type { Db } from '../db/database.js';
import type { Actor, Person } from './registry-types.js';
import { findPersonById, findPersonByObjectId, loadActor } from './registry-repository.js';
import {
  linkPersonalConversations, upsertConversation, type StoredConversation,
} from './conversation-repository.js';

/** Who is acting, and where we can reach people: the registry's use cases for every turn. */
export class RegistryService {
  constructor(private readonly db: Db, private readonly local: boolean) {}

  /** The registry person for an Entra object id; in local mode the demo person the user switched to. */
  async identify(aadObjectId: string | null): Promise<Actor | null> {
    if (!aadObjectId) return null;
    let person: Person | null = null;
    if (this.local) {
      const r = await this.db.query<{ person_id: number }>('SELECT person_id FROM local_impersonation WHERE aad_object_id = $1', [aadObjectId]);
      if (r.rows[0]) person = await findPersonById(this.db, r.rows[0].person_id);
    }
    person ??= await findPersonByObjectId(this.db, aadObjectId);
    return person ? loadActor(this.db, person) : null;
  }

  /** Stores a conversation and links a 1:1 chat to the registry person by Entra object id. */
  async rememberConversation(c: Omit<StoredConversation, 'deadAt'>): Promise<void> {
    const person = c.type === 'personal' && c.aadObjectId ? await findPersonByObjectId(this.db, c.aadObjectId) : null;
    await upsertConversation(this.db, { ...c, personId: person?.id ?? null });
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
  }
}
