/**
 * What to do when the Bot Connector refuses a message: Teams' documented retryable statuses get
 * exponential backoff with jitter (or the server's Retry-After); a blocked or removed bot and a missing
 * conversation are final and mark the conversation dead.
 */
export type FailureDecision =
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'dead'; reason: string }
  | { action: 'fail'; reason: string };

export const RETRYABLE_STATUSES = new Set([0, 408, 412, 429, 500, 502, 503, 504]);
export const MAX_ATTEMPTS = 8;
const BASE_MS = 1_000;
const CAP_MS = 5 * 60_000;

/** Full jitter: a random delay up to the exponential bound, so many senders do not retry in step. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const bound = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(bound / 2 + random() * (bound / 2));
}

export function decideOnFailure(
  status: number,
  retryAfterMs: number | null,
  attempts: number,
  random: () => number = Math.random,
): FailureDecision {
  if (status === 403) return { action: 'dead', reason: 'Botten er blokeret eller fjernet fra samtalen (403)' };
  if (status === 404) return { action: 'dead', reason: 'Samtalen findes ikke længere (404)' };
  if (RETRYABLE_STATUSES.has(status)) {
    const reason = status === 0 ? 'Ingen forbindelse til Teams (timeout/netværk)' : `Teams svarede ${status}`;
    if (attempts >= MAX_ATTEMPTS) return { action: 'fail', reason: `${reason}; opgivet efter ${attempts} forsøg` };
    const delayMs = Math.max(retryAfterMs ?? 0, backoffMs(attempts, random));
    return { action: 'retry', delayMs, reason };
  }
  return { action: 'fail', reason: `Teams afviste beskeden (${status})` };
}
