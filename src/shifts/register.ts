/**
 * Shift no-show alerts (issue 5): roster import, attendance ingest, detection at start + grace,
 * escalation primary -> secondary -> the secretariat's duty chat, acknowledgement and auto-resolve.
 */
import { z } from 'zod';
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { ENGAGE_DELAY_NOTICE_JOB, type DelayNotice } from '../shared/engage-contract.js';
import { SHIFT_VERBS } from './shifts-cards.js';
import { ALERT_BATCH_PREFIX, SHIFT_JOBS } from './shifts-domain.js';
import {
  acknowledgeHandler,
  etaHandler,
  historyHandler,
  reportPickHandler,
  reportSaveHandler,
  reportStartHandler,
  resolveHandler,
  type HandlerDeps,
} from './shifts-handlers.js';
import { INGEST_PATHS, ingestAttendanceHandler, ingestShiftsHandler } from './shifts-ingest.js';
import { createShiftsServices } from './shifts-module.js';

const delayNoticeSchema = z.object({
  messageId: z.string().min(1),
  senderEmail: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  senderObjectId: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  postedAt: z.string().min(1),
  text: z.string(),
});

export function register(app: BotApp, deps: CapabilityDeps): void {
  const s = createShiftsServices(deps);
  const log = deps.log.child({ cap: 'shifts' });

  deps.scheduler.work(SHIFT_JOBS.check, async (p) => {
    await s.noShows.runCheck(z.coerce.number().int().parse(p.shiftId));
  });
  deps.scheduler.work(SHIFT_JOBS.escalate, async (p) => {
    await s.noShows.escalate(z.coerce.number().int().parse(p.incidentId), z.coerce.number().int().parse(p.step));
  });
  deps.scheduler.work(ENGAGE_DELAY_NOTICE_JOB, async (p) => {
    const notice = delayNoticeSchema.safeParse(p);
    // A malformed payload would fail the same way on every retry: drop it, loudly.
    if (!notice.success) return void log.error({ issues: notice.error.issues.length }, 'delay notice payload refused');
    await s.roster.handleDelayNotice(notice.data satisfies DelayNotice);
  });
  deps.delivery.onOutcome(ALERT_BATCH_PREFIX, (outcome) => s.noShows.onAlertOutcome(outcome));

  const h: HandlerDeps = { db: deps.db, clock: deps.clock, zone: s.zone, noShows: s.noShows };
  app.onAction(SHIFT_VERBS.acknowledge, acknowledgeHandler(h));
  app.onAction(SHIFT_VERBS.eta, etaHandler(h));
  app.onAction(SHIFT_VERBS.resolve, resolveHandler(h));
  app.onAction(SHIFT_VERBS.report, reportStartHandler(h));
  app.onAction(SHIFT_VERBS.reportPick, reportPickHandler(h));
  app.onAction(SHIFT_VERBS.reportSave, reportSaveHandler(h));
  app.onAction(SHIFT_VERBS.history, historyHandler(h));
  app.addMenuItem({
    title: 'Meld udeblivelse',
    verb: SHIFT_VERBS.report,
    order: 300,
    visible: (actor) => actor.secretariat,
  });
  app.addMenuItem({
    title: 'Udeblivelser pr. måned',
    verb: SHIFT_VERBS.history,
    order: 310,
    visible: (actor) => actor.secretariat,
  });

  const ingest = {
    db: deps.db,
    clock: deps.clock,
    log,
    secret: deps.config.INGEST_HMAC_SECRET,
    zone: s.zone,
    roster: s.roster,
  };
  app.onHttp('post', INGEST_PATHS.shifts, ingestShiftsHandler(ingest));
  app.onHttp('post', INGEST_PATHS.attendance, ingestAttendanceHandler(ingest));
}
