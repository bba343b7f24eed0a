/**
 * Shift no-show alerts: roster import, attendance ingest, Viva Engage delay posts, detection at start + grace with the
 * late agent's nudge, escalation primary (with the leader on duty) -> secondary -> the secretariat's duty chat, each
 * step on Teams, SMS or Teams then SMS, acknowledgement in Teams, by SMS link or reply, the work queue, auto-resolve,
 * the secretariat's manual report and the monthly history. Each service is built here once; docs/shifts.md ("Where
 * things are") says which file holds what.
 */
import { z } from 'zod';
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { ENGAGE_DELAY_NOTICE_JOB, type DelayNotice } from '../engage/engage-public.js';
import type { SmsChannel } from '../sms/sms-public.js';
import { ACK_LINK_PATH } from './ack-link.js';
import { AlertService } from './alert-service.js';
import { SHIFT_VERBS } from './shifts-cards.js';
import { ALERT_BATCH_PREFIX, SHIFT_JOBS, seesNoShowQueue, type NoShowPolicy } from './shifts-domain.js';
import { shiftsHandlers } from './shifts-handlers.js';
import { INGEST_PATHS, ingestAttendanceHandler, ingestShiftsHandler } from './shifts-ingest.js';
import { ackLinkHandlers, monthCsvHandler } from './shifts-links.js';
import { shiftsPublicOf, type ShiftsPublic } from './shifts-public.js';
import { AttendanceService } from './attendance-service.js';
import { DelayNoticeService } from './delay-notice-service.js';
import { RosterService } from './roster-service.js';
import { MONTH_CSV_PATH, NoShowHistoryService } from './noshow-history-service.js';
import { NoShowActionService } from './noshow-action-service.js';
import { NoShowReportService } from './noshow-report-service.js';
import { NoShowService } from './noshow-service.js';
import { NudgeService } from './nudge-service.js';
import { SmsAlerts } from './sms-alerts.js';

export interface ShiftsSettings {
  policy: NoShowPolicy;
  /** The zone roster times are written in (Plangy exports local time). */
  zone: string;
  /** Shared secret of the ingest endpoints; unset means they answer 503. */
  ingestSecret: string | undefined;
  /** The bot's public address, for the SMS acknowledgement link and the month's CSV link. */
  baseUrl: string;
  /** Signs those links (the same secret as the agenda's Word links). */
  linkSecret: string;
  /** The SMS channel (null: SMS is off and every step is Teams only). This module registers its jobs and webhook. */
  sms: SmsChannel | null;
  /** At most this many SMS per municipality per day. */
  smsDailyCapPerMunicipality: number;
  /** Without a Lederposten on the shift, alert the municipality's 'leder' role at step 0. */
  leaderRoleFallback: boolean;
  /** The Viva Engage community for delay posts, for the nudge's button; null: no button. */
  engageCommunityUrl: string | null;
}

export interface ShiftsModule extends CapabilityModule {
  alerts: AlertService;
  noShows: NoShowService;
  actions: NoShowActionService;
  reports: NoShowReportService;
  history: NoShowHistoryService;
  roster: RosterService;
  attendance: AttendanceService;
  delayNotices: DelayNoticeService;
  zone: string;
  /** The SMS channel this module was given (null: SMS is off); for the CLI and tests. */
  smsChannel: SmsChannel | null;
  /** What other capabilities may use (the roster, the month's CSV and its link). */
  public: ShiftsPublic;
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
const integer = z.coerce.number().int();

export function createShiftsModule(deps: CoreDeps, settings: ShiftsSettings): ShiftsModule {
  const { db, clock, scheduler, delivery } = deps;
  const { policy, zone, linkSecret } = settings;
  const baseUrl = settings.baseUrl.replace(/\/$/, '');
  const log = deps.log.child({ cap: 'shifts' });
  const sms = new SmsAlerts({
    sms: settings.sms,
    clock,
    baseUrl,
    linkSecret,
    dailyCapPerMunicipality: settings.smsDailyCapPerMunicipality,
  });
  const alerts = new AlertService({
    delivery,
    scheduler,
    clock,
    sms,
    leaderRoleFallback: settings.leaderRoleFallback,
    engageCommunityUrl: settings.engageCommunityUrl,
  });
  const nudges = new NudgeService({ delivery, clock, communityUrl: settings.engageCommunityUrl });
  const noShows = new NoShowService({ db, clock, scheduler, log, alerts, sms, nudges, policy });
  const actions = new NoShowActionService({ db, clock, scheduler, delivery, alerts, linkSecret });
  const reports = new NoShowReportService({ db, clock, zone, noShows, alerts, delivery });
  const history = new NoShowHistoryService({ db, clock, zone, baseUrl, linkSecret });
  const roster = new RosterService({ db, clock, scheduler, log, noShows, policy, zone });
  const attendance = new AttendanceService({ db, clock, noShows });
  const delayNotices = new DelayNoticeService({ db, log, alerts });

  return {
    name: 'shifts',
    alerts,
    noShows,
    actions,
    reports,
    history,
    roster,
    attendance,
    delayNotices,
    zone,
    smsChannel: settings.sms,
    public: shiftsPublicOf(db, history),
    register(app: BotApp) {
      scheduler.work(SHIFT_JOBS.check, async (payload) => {
        await noShows.runCheck(integer.parse(payload.shiftId));
      });
      scheduler.work(SHIFT_JOBS.escalate, async (payload) => {
        await noShows.escalate(integer.parse(payload.incidentId), integer.parse(payload.step));
      });
      scheduler.work(SHIFT_JOBS.smsFallback, async (payload) => {
        const [incidentId, step, personId] = [payload.incidentId, payload.step, payload.personId].map((v) =>
          integer.parse(v),
        );
        await noShows.smsFallback(incidentId, step, personId);
      });
      scheduler.work(SHIFT_JOBS.refresh, async (payload) => {
        await noShows.refreshCards(integer.parse(payload.incidentId));
      });
      scheduler.work(ENGAGE_DELAY_NOTICE_JOB, async (payload) => {
        const notice = delayNoticeSchema.safeParse(payload);
        // A malformed payload would fail the same way on every retry: drop it, loudly.
        if (!notice.success)
          return void log.error({ issues: notice.error.issues.length }, 'delay notice payload refused');
        await delayNotices.handleDelayNotice(notice.data satisfies DelayNotice);
      });
      delivery.onOutcome(ALERT_BATCH_PREFIX, (outcome) => noShows.onAlertOutcome(outcome));
      if (settings.sms) {
        settings.sms.register(app);
        settings.sms.onOutcome(ALERT_BATCH_PREFIX, (outcome) => noShows.onSmsOutcome(outcome));
        settings.sms.onReply(ALERT_BATCH_PREFIX, async (reply) => void (await actions.acknowledgeByReply(reply)));
      }

      for (const [verb, handler] of Object.entries(shiftsHandlers({ actions, reports, history })))
        app.onAction(verb, handler);
      app.addMenuItem({
        title: 'Åbne udeblivelser',
        verb: SHIFT_VERBS.queue,
        order: 290,
        visible: (actor) => seesNoShowQueue(actor),
      });
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
      const links = ackLinkHandlers(actions);
      app.onHttp('get', ACK_LINK_PATH, links.show);
      app.onHttp('post', ACK_LINK_PATH, links.acknowledge);
      app.onHttp('get', MONTH_CSV_PATH, monthCsvHandler(history));
    },
  };
}
