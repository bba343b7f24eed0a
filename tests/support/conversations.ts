/** Stored conversations pointing at the fake connector, as if each person had written to the bot. */
import type { Queryable } from '../../src/db/database.js';
import { upsertConversation } from '../../src/registry/conversation-repository.js';

export async function addConversation(
  db: Queryable,
  serviceUrl: string,
  spec: {
    id: string;
    personId?: number;
    objectId?: string;
    type?: 'personal' | 'groupChat' | 'channel';
    tenantId?: string;
  },
): Promise<string> {
  const type = spec.type ?? 'personal';
  const tenantId = spec.tenantId ?? 'tenant-test';
  await upsertConversation(db, {
    id: spec.id,
    type,
    tenantId,
    serviceUrl,
    reference: {
      channelId: 'msteams',
      serviceUrl,
      conversation: { id: spec.id, conversationType: type, tenantId },
      bot: { id: '28:ddh-bot' },
    },
    personId: spec.personId ?? null,
    aadObjectId: spec.objectId ?? null,
  });
  return spec.id;
}
