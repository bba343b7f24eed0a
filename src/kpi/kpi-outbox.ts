/**
 * What the KPI capability sends, with its idempotency keys: a warning card per role of the municipality
 * (`kpi:<period>:<code>:<role>`, also the card reference, so answers and re-imports update it in place),
 * and messages to the secretariat's chat (or to each secretariat member while no chat is set up).
 */
import type { Queryable } from '../db/database.js';
import type { Delivery, EnqueueResult, OutboxMessage, Recipient } from '../delivery/delivery.js';
import type { MunicipalRole } from '../registry/registry-types.js';
import { audienceOf } from './kpi-domain.js';
import type { KpiWarning } from './kpi-warning-repository.js';
import type { KpiViews, MunicipalityMonth } from './kpi-views.js';

export const warningKey = (w: Pick<KpiWarning, 'period' | 'municipalityCode'>, role: MunicipalRole) =>
  `kpi:${w.period}:${w.municipalityCode}:${role}`;
export const batchOf = (period: string) => `kpi:${period}`;

export function escalationText(w: KpiWarning): string | null {
  if (!w.escalated) return null;
  return w.agendaItemId
    ? 'Sagen er sendt til DDH-sekretariatet, og et orienteringspunkt (O) om kommunens KPI er foreslået til styregruppens næste møde.'
    : 'Sagen er sendt til DDH-sekretariatet.';
}

/** One card per role, each rendered for what that role may see. */
export async function warningMessages(
  q: Queryable,
  views: KpiViews,
  m: MunicipalityMonth,
  w: KpiWarning,
  roles: readonly MunicipalRole[],
): Promise<OutboxMessage[]> {
  const out: OutboxMessage[] = [];
  for (const role of roles) {
    const card = await views.render(q, m, audienceOf(role), {
      kind: w.withdrawn ? 'trukket' : w.kind,
      warning: w,
      escalation: escalationText(w),
      canRespond: true,
    });
    const key = warningKey(w, role);
    out.push({
      key,
      to: { kind: 'role', municipalityCode: w.municipalityCode, role },
      card,
      batch: batchOf(w.period),
      cardRef: key,
    });
  }
  return out;
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
  for (const m of messages)
    if (!fresh.has(m.key) && m.cardRef && m.card) await delivery.updateCard(m.cardRef, m.card, tx);
  return result;
}

/**
 * The secretariat's chat with this purpose; while none is set up, delivery sends to each secretariat member
 * instead (keys `<key>:person:<id>`).
 */
export const secretariatChat = (purpose: 'sekretariat' | 'vagt'): Recipient => ({
  kind: 'named',
  purpose,
  orElse: 'secretariat',
});
