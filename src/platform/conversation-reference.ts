import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationType, StoredConversation } from '../registry/conversation-repository.js';

export function tenantOf(a: Partial<Activity>): string | null {
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? null;
}

/** The conversation an activity came from, as we store it for proactive messages. */
export function conversationFromActivity(a: Activity): Omit<StoredConversation, 'deadAt'> {
  const t = a.conversation?.conversationType;
  const type: ConversationType = t === 'groupChat' ? 'groupChat' : t === 'channel' ? 'channel' : 'personal';
  return {
    id: a.conversation.id,
    type,
    tenantId: tenantOf(a),
    serviceUrl: a.serviceUrl,
    reference: TurnContext.getConversationReference(a) as unknown as Record<string, unknown>,
    personId: null,
    aadObjectId: type === 'personal' ? (a.from?.aadObjectId ?? null) : null,
  };
}
