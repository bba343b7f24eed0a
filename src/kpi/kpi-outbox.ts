/**
 * What the KPI capability puts in the outbox, with its idempotency keys: a warning card per role of the
 * municipality (`kpi:<period>:<code>:<role>`, also the card reference, so answers and re-imports update it in
 * place), and messages to the secretariat's chats (or to each secretariat member while no chat is set up).
 */
import type { Queryable } from '../db/database.js';
import type { Delivery, EnqueueResult, OutboxMessage, Recipient } from '../delivery/delivery.js';
import type { MunicipalRole } from '../registry/registry-types.js';
import { audienceOf } from './kpi-domain.js';
import { escalationText } from './kpi-format.js';
import type { KpiWarning } from './kpi-warning-repository.js';
import type { MunicipalityMonth, MunicipalityViews } from './kpi-municipality-view.js';
import { buildMunicipalityCard } from './kpi-cards.js';

export const warningKey = (warning: Pick<KpiWarning, 'period' | 'municipalityCode'>, role: MunicipalRole) =>
  `kpi:${warning.period}:${warning.municipalityCode}:${role}`;
export const batchOf = (period: string) => `kpi:${period}`;

/**
 * The secretariat's chat with this purpose; while none is set up, delivery sends to each secretariat member
 * instead (keys `<key>:person:<id>`).
 */
export const secretariatChat = (purpose: 'sekretariat' | 'vagt'): Recipient => ({
  kind: 'named',
  purpose,
  orElse: 'secretariat',
});

/** One card per role, each cut to what that role may see. */
export async function warningMessages(
  db: Queryable,
  views: MunicipalityViews,
  month: MunicipalityMonth,
  warning: KpiWarning,
  roles: readonly MunicipalRole[],
): Promise<OutboxMessage[]> {
  const messages: OutboxMessage[] = [];
  for (const role of roles) {
    const view = await views.view(db, month, audienceOf(role), {
      kind: warning.withdrawn ? 'trukket' : warning.kind,
      warning,
      escalation: escalationText(warning),
      canRespond: true,
    });
    const key = warningKey(warning, role);
    messages.push({
      key,
      to: { kind: 'role', municipalityCode: warning.municipalityCode, role },
      card: buildMunicipalityCard(view),
      batch: batchOf(warning.period),
      cardRef: key,
    });
  }
  return messages;
}

/**
 * Sends what was not sent yet and replaces every card already sent (a key is delivered once, ever, so a
 * re-import or an answer updates the card instead of sending a new one).
 */
export async function sendOrUpdate(
  delivery: Delivery,
  tx: Queryable,
  messages: OutboxMessage[],
): Promise<EnqueueResult> {
  const result = await delivery.enqueue(messages, tx);
  const fresh = new Set([...result.queued, ...result.unreachable.map((u) => u.key)]);
  for (const message of messages)
    if (!fresh.has(message.key) && message.cardRef && message.card)
      await delivery.updateCard(message.cardRef, message.card, tx);
  return result;
}
