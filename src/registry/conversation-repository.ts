import type { Queryable } from '../db/database.js';

export type ConversationType = 'personal' | 'groupChat' | 'channel';

/** What is needed to write to a conversation later; the platform fills `reference`, we never read inside it. */
export interface StoredConversation {
  id: string;
  type: ConversationType;
  tenantId: string | null;
  serviceUrl: string;
  reference: Record<string, unknown>;
  personId: number | null;
  aadObjectId: string | null;
  deadAt: Date | null;
}

interface Row {
  id: string;
  type: ConversationType;
  tenant_id: string | null;
  service_url: string;
  reference: Record<string, unknown>;
  person_id: number | null;
  aad_object_id: string | null;
  dead_at: Date | null;
}

const COLUMNS = 'id, type, tenant_id, service_url, reference, person_id, aad_object_id, dead_at';

function toConversation(row: Row): StoredConversation {
  return {
    id: row.id,
    type: row.type,
    tenantId: row.tenant_id,
    serviceUrl: row.service_url,
    reference: row.reference,
    personId: row.person_id,
    aadObjectId: row.aad_object_id,
    deadAt: row.dead_at ? new Date(row.dead_at) : null,
  };
}

/** Saving a conversation again revives it: the user reinstalled or wrote to the bot. */
export async function upsertConversation(
  q: Queryable,
  conversation: Omit<StoredConversation, 'deadAt'>,
): Promise<void> {
  await q.query(
    `INSERT INTO conversations (id, type, tenant_id, service_url, reference, person_id, aad_object_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, tenant_id = EXCLUDED.tenant_id,
       service_url = EXCLUDED.service_url, reference = EXCLUDED.reference,
       person_id = COALESCE(EXCLUDED.person_id, conversations.person_id),
       aad_object_id = COALESCE(EXCLUDED.aad_object_id, conversations.aad_object_id),
       dead_at = NULL, dead_reason = NULL, updated_at = now()`,
    [
      conversation.id,
      conversation.type,
      conversation.tenantId,
      conversation.serviceUrl,
      JSON.stringify(conversation.reference),
      conversation.personId,
      conversation.aadObjectId,
    ],
  );
}

/**
 * Like upsertConversation, and links a 1:1 chat to the registry person with that Entra object id in the same
 * statement (in local mode to the demo person the user acts as; that table is empty in production).
 */
export async function upsertConversationLinked(
  q: Queryable,
  conversation: Omit<StoredConversation, 'deadAt' | 'personId'>,
): Promise<void> {
  await q.query(
    `INSERT INTO conversations (id, type, tenant_id, service_url, reference, person_id, aad_object_id)
     VALUES ($1, $2, $3, $4, $5,
       (SELECT COALESCE(
          (SELECT person_id FROM local_impersonation WHERE aad_object_id = $6),
          (SELECT id FROM people WHERE entra_object_id = $6 AND forgotten_at IS NULL))
        WHERE $2 = 'personal'), $6)
     ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, tenant_id = EXCLUDED.tenant_id,
       service_url = EXCLUDED.service_url, reference = EXCLUDED.reference,
       person_id = COALESCE(EXCLUDED.person_id, conversations.person_id),
       aad_object_id = COALESCE(EXCLUDED.aad_object_id, conversations.aad_object_id),
       dead_at = NULL, dead_reason = NULL, updated_at = now()`,
    [
      conversation.id,
      conversation.type,
      conversation.tenantId,
      conversation.serviceUrl,
      JSON.stringify(conversation.reference),
      conversation.aadObjectId,
    ],
  );
}

export async function findConversation(q: Queryable, id: string): Promise<StoredConversation | null> {
  const result = await q.query<Row>(`SELECT ${COLUMNS} FROM conversations WHERE id = $1`, [id]);
  return result.rows[0] ? toConversation(result.rows[0]) : null;
}

/** The live 1:1 chat with a person, newest first. */
export async function personalConversationOf(q: Queryable, personId: number): Promise<StoredConversation | null> {
  const result = await q.query<Row>(
    `SELECT ${COLUMNS} FROM conversations WHERE person_id = $1 AND type = 'personal' AND dead_at IS NULL
     ORDER BY updated_at DESC LIMIT 1`,
    [personId],
  );
  return result.rows[0] ? toConversation(result.rows[0]) : null;
}

/** What delivery looks up for one recipient in a batch (see conversationsForTargets). */
export type ConversationTarget =
  | { kind: 'conversation'; conversationId: string }
  | { kind: 'named'; purpose: string }
  | { kind: 'person'; personId: number };

/**
 * For each target, in order, in one query: the conversation with that id (dead or alive), the chat named for the
 * purpose (dead or alive), or the live 1:1 chat of a person in the registry (newest first); null when there is none.
 */
export async function conversationsForTargets(
  q: Queryable,
  targets: ConversationTarget[],
): Promise<(StoredConversation | null)[]> {
  const columns = COLUMNS.split(', ')
    .map((column) => 'c.' + column)
    .join(', ');
  const result = await q.query<Row & { ord: string }>(
    `SELECT t.ord, found.* FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS t(kind, ref, person_id, ord)
     LEFT JOIN LATERAL (
       SELECT ${columns} FROM conversations c WHERE t.kind = 'conversation' AND c.id = t.ref
       UNION ALL
       SELECT ${columns} FROM named_conversations n JOIN conversations c ON c.id = n.conversation_id
       WHERE t.kind = 'named' AND n.purpose = t.ref
       UNION ALL
       (SELECT ${columns} FROM conversations c JOIN people p ON p.id = c.person_id AND p.forgotten_at IS NULL
        WHERE t.kind = 'person' AND c.person_id = t.person_id AND c.type = 'personal' AND c.dead_at IS NULL
        ORDER BY c.updated_at DESC LIMIT 1)
     ) found ON true
     ORDER BY t.ord`,
    [
      targets.map((t) => t.kind),
      targets.map((t) => (t.kind === 'conversation' ? t.conversationId : t.kind === 'named' ? t.purpose : null)),
      targets.map((t) => (t.kind === 'person' ? t.personId : null)),
    ],
  );
  return result.rows.map((row) => (row.id === null ? null : toConversation(row)));
}

export async function markConversationDead(q: Queryable, id: string, reason: string): Promise<void> {
  await q.query('UPDATE conversations SET dead_at = now(), dead_reason = $2 WHERE id = $1', [id, reason]);
}

export async function linkPersonalConversations(q: Queryable, aadObjectId: string, personId: number): Promise<void> {
  await q.query(`UPDATE conversations SET person_id = $2 WHERE aad_object_id = $1 AND type = 'personal'`, [
    aadObjectId,
    personId,
  ]);
}

export async function setNamedConversation(q: Queryable, purpose: string, conversationId: string): Promise<void> {
  await q.query(
    `INSERT INTO named_conversations (purpose, conversation_id) VALUES ($1, $2)
     ON CONFLICT (purpose) DO UPDATE SET conversation_id = EXCLUDED.conversation_id`,
    [purpose, conversationId],
  );
}

export async function namedConversation(q: Queryable, purpose: string): Promise<StoredConversation | null> {
  const result = await q.query<Row>(
    `SELECT ${COLUMNS.split(', ')
      .map((column) => 'c.' + column)
      .join(', ')} FROM named_conversations n
     JOIN conversations c ON c.id = n.conversation_id WHERE n.purpose = $1`,
    [purpose],
  );
  return result.rows[0] ? toConversation(result.rows[0]) : null;
}

export async function namedPurposesOf(q: Queryable, conversationId: string): Promise<string[]> {
  const result = await q.query<{ purpose: string }>(
    'SELECT purpose FROM named_conversations WHERE conversation_id = $1 ORDER BY purpose',
    [conversationId],
  );
  return result.rows.map((x) => x.purpose);
}

/** The 1:1 chat written in last (the local demo's playground user: delivery's demo inbox). */
export async function latestPersonalConversation(q: Queryable): Promise<StoredConversation | null> {
  const result = await q.query<Row>(
    `SELECT ${COLUMNS} FROM conversations WHERE type = 'personal' AND dead_at IS NULL ORDER BY updated_at DESC LIMIT 1`,
  );
  return result.rows[0] ? toConversation(result.rows[0]) : null;
}

/** Whether a person can be written to now: their newest 1:1 chat, alive or why not (the reachability report). */
export interface PersonalChatState {
  personId: number;
  live: boolean;
  deadReason: string | null;
  updatedAt: Date;
}

/** Every person's newest 1:1 chat with the bot, a live one before a dead one, in one query. */
export async function personalChatStates(q: Queryable): Promise<PersonalChatState[]> {
  const result = await q.query<{
    person_id: number;
    dead_at: Date | null;
    dead_reason: string | null;
    updated_at: Date;
  }>(
    `SELECT DISTINCT ON (person_id) person_id, dead_at, dead_reason, updated_at FROM conversations
     WHERE type = 'personal' AND person_id IS NOT NULL
     ORDER BY person_id, (dead_at IS NULL) DESC, updated_at DESC`,
  );
  return result.rows.map((row) => ({
    personId: row.person_id,
    live: row.dead_at === null,
    deadReason: row.dead_reason,
    updatedAt: new Date(row.updated_at),
  }));
}
