/**
 * Shift no-show alerts: roster import, attendance ingest, Viva Engage delay posts, detection at start + grace,
 * escalation primary -> secondary -> the secretariat's duty chat (else each member), acknowledgement, auto-resolve,
 * the secretariat's manual report and the monthly history. Each service is built here once; docs/shifts.md
 * ("Where things are") says which file holds what.
 */
import { z } from 'zod';
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { ENGAGE_DELAY_NOTICE_JOB, type DelayNotice } from '../engage/engage-public.js';
import { AlertService } from './alert-service.js';
import { SHIFT_VERBS } from './shifts-cards.js';
import { ALERT_BATCH_PREFIX, SHIFT_JOBS, type NoShowPolicy } from './shifts-domain.js';
import { shiftsHandlers } from './shifts-handlers.js';
import { INGEST_PATHS, ingestAttendanceHandler, ingestShiftsHandler } from './shifts-ingest.js';
import { AttendanceService } from './attendance-service.js';
import { DelayNoticeService } from './delay-notice-service.js';
import { RosterService } from './roster-service.js';
import { NoShowHistoryService } from './noshow-history-service.js';
import { NoShowReportService } from './noshow-report-service.js';
import { NoShowService } from './noshow-service.js';

export interface ShiftsSettings {
  policy: NoShowPolicy;
  /** The zone roster times are written in (Plangy exports local time). */
  zone: string;
  /** Shared secret of the ingest endpoints; unset means they answer 503. */
  ingestSecret: string | undefined;
}

export interface ShiftsModule extends CapabilityModule {
  alerts: AlertService;
  noShows: NoShowService;
  reports: NoShowReportService;
  history: NoShowHistoryService;
  roster: RosterService;
  attendance: AttendanceService;
  delayNotices: DelayNoticeService;
  zone: string;
}

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

export function createShiftsModule(deps: CoreDeps, settings: ShiftsSettings): ShiftsModule {
  const { db, clock, scheduler, delivery } = deps;
  const { policy, zone } = settings;
  const log = deps.log.child({ cap: 'shifts' });
  const alerts = new AlertService({ delivery, clock });
  const noShows = new NoShowService({ db, clock, scheduler, log, alerts, policy });
  const reports = new NoShowReportService({ db, clock, zone, noShows });
  const history = new NoShowHistoryService({ db, clock, zone });
  const roster = new RosterService({ db, clock, scheduler, log, noShows, policy, zone });
  const attendance = new AttendanceService({ db, clock, noShows });
  const delayNotices = new DelayNoticeService({ db, log, alerts });

  return {
    name: 'shifts',
    alerts,
    noShows,
    reports,
    history,
    roster,
    attendance,
    delayNotices,
    zone,
    register(app: BotApp) {
      scheduler.work(SHIFT_JOBS.check, async (payload) => {
        await noShows.runCheck(z.coerce.number().int().parse(payload.shiftId));
      });
      scheduler.work(SHIFT_JOBS.escalate, async (payload) => {
        const integer = z.coerce.number().int();
        await noShows.escalate(integer.parse(payload.incidentId), integer.parse(payload.step));
      });
      scheduler.work(ENGAGE_DELAY_NOTICE_JOB, async (payload) => {
        const notice = delayNoticeSchema.safeParse(payload);
        // A malformed payload would fail the same way on every retry: drop it, loudly.
        if (!notice.success)
          return void log.error({ issues: notice.error.issues.length }, 'delay notice payload refused');
        await delayNotices.handleDelayNotice(notice.data satisfies DelayNotice);
      });
      delivery.onOutcome(ALERT_BATCH_PREFIX, (outcome) => noShows.onAlertOutcome(outcome));

      for (const [verb, handler] of Object.entries(shiftsHandlers({ noShows, reports, history })))
        app.onAction(verb, handler);
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

      const ingest = { db, clock, log, secret: settings.ingestSecret, zone, roster, attendance };
      app.onHttp('post', INGEST_PATHS.shifts, ingestShiftsHandler(ingest));
      app.onHttp('post', INGEST_PATHS.attendance, ingestAttendanceHandler(ingest));
    },
  };
}
