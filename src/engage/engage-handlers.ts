/** Typed questions about Viva Engage ("engage", "viva engage", "yammer"): one service call, the status card. */
import type { ActionResult, Turn } from '../platform/bot-app.js';
import { replyWith, requireActor } from '../platform/handler-kit.js';
import { buildEngageStatusCard } from './engage-cards.js';
import type { EngageStatusService } from './engage-status-service.js';

/** What people type when they ask about Viva Engage (not "engagement" or "engageret"). */
export const ENGAGE_WORDS = /(^|[^\p{L}])(viva\s*engage|engage|yammer)(?![\p{L}])/iu;

export class EngageHandlers {
  constructor(private readonly status: EngageStatusService) {}

  statusText = async (turn: Turn): Promise<ActionResult> =>
    replyWith(buildEngageStatusCard(await this.status.view(requireActor(turn))));
}
