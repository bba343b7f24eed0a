/**
 * How capabilities hand work to the Viva Engage integration without importing it:
 * they schedule a durable job in their own transaction; src/engage works it.
 */
import type { Queryable } from '../db/database.js';
import type { JobScheduler } from '../delivery/scheduler.js';

export const ENGAGE_POST_JOB = 'engage.post';

export type EngagePostKind = 'agenda' | 'decision' | 'kpi-summary';

export interface EngagePostRequest {
  kind: EngagePostKind;
  /** Plain Danish text; Engage renders it as text, never as markup. */
  title: string;
  body: string;
  /** A link back to Teams (deep link), optional. */
  link?: string;
}

/** Asks for one post per idempotency key (e.g. 'agenda:12', 'decision:7', 'kpi:2026-10'). */
export function requestEngagePost(
  scheduler: JobScheduler,
  key: string,
  post: EngagePostRequest,
  tx?: Queryable,
): Promise<boolean> {
  return scheduler.schedule(ENGAGE_POST_JOB, { ...post }, { key: `engage:post:${key}`, tx });
}

/** An agent's delay/technical-problem post read from the shift community, handed to src/shifts. */
export const ENGAGE_DELAY_NOTICE_JOB = 'shifts.delay-notice';

export interface DelayNotice {
  messageId: string;
  /** The poster's e-mail or Entra object id, as Engage reports it. */
  senderEmail: string | null;
  senderObjectId: string | null;
  postedAt: string;
  text: string;
}

export function handDelayNotice(scheduler: JobScheduler, notice: DelayNotice): Promise<boolean> {
  return scheduler.schedule(ENGAGE_DELAY_NOTICE_JOB, { ...notice }, { key: `engage:delay:${notice.messageId}` });
}
