/**
 * A meeting's whole life (issue 20): the secretariat's calendar (add, move, cancel, annual plan), invitations
 * (cards, .ics, a Graph event with a Teams meeting when configured), afbud and deputies, the quorum outlook, the
 * minutes and the follow-up points. Built once in src/app/capabilities.ts with its settings and neighbours.
 */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { AttendanceService } from './meetings-attendance-service.js';
import { CalendarService, SYNC_JOB } from './meetings-calendar-service.js';
import { MEETINGS_VERBS } from './meetings-cards.js';
import { ChangeService } from './meetings-change-service.js';
import { mayManageMeetings, type YearTargets } from './meetings-domain.js';
import { FOLLOW_UP_REMINDER_JOB, FollowUpService } from './meetings-follow-up-service.js';
import type { OnlineCalendar } from './meetings-graph.js';
import { MeetingsHandlers } from './meetings-handlers.js';
import { InvitationFileService } from './meetings-invitation-file-service.js';
import { InvitationCards } from './meetings-invitations.js';
import { MeetingLinks } from './meetings-links.js';
import { MinutesService } from './meetings-minutes-service.js';
import type { MeetingsNeighbours } from './meetings-neighbours.js';
import { OnlineSyncService } from './meetings-online-sync-service.js';
import { meetingsPublicOf, type MeetingsPublic } from './meetings-public.js';

export type { MeetingsNeighbours } from './meetings-neighbours.js';

export interface MeetingsSettings {
  /** The bot's public address, for the signed .ics and minutes links (and the calendar UIDs' domain). */
  baseUrl: string;
  linkSecret: string;
  /** Meetings a year by kind (the statutes: 8 committee meetings, 2 assembly meetings). */
  targets: YearTargets;
  /** Quorum: strictly more than this share of the seats (voting's rule, the same setting). */
  quorumShare: number;
  /** Days before a follow-up point's due date its owner is reminded (0: on the day). */
  followUpReminderDays: number[];
  /** ORGANIZER of the .ics invitations (replies go there). */
  organizer: { name: string; email: string };
  /** The Graph calendar when configured; null: invitations are cards and .ics files only. */
  online: OnlineCalendar | null;
}

export interface MeetingsModule extends CapabilityModule {
  calendar: CalendarService;
  changes: ChangeService;
  attendance: AttendanceService;
  minutes: MinutesService;
  followUps: FollowUpService;
  files: InvitationFileService;
  /** Null without a Graph calendar. */
  onlineSync: OnlineSyncService | null;
  public: MeetingsPublic;
}

export function createMeetingsModule(
  core: CoreDeps,
  settings: MeetingsSettings,
  neighbours: MeetingsNeighbours = {},
): MeetingsModule {
  const { db, clock, log, delivery, scheduler } = core;
  const baseUrl = settings.baseUrl.replace(/\/$/, '');
  const uidDomain = new URL(baseUrl).hostname;
  const agenda = neighbours.agenda ?? {};
  const links = new MeetingLinks(baseUrl, settings.linkSecret);
  const invitations = new InvitationCards({ clock, delivery, links, agenda });
  const calendar = new CalendarService({
    db,
    clock,
    scheduler,
    invitations,
    targets: settings.targets,
    quorumShare: settings.quorumShare,
    uidDomain,
    online: settings.online !== null,
  });
  const changes = new ChangeService({ db, clock, log, delivery, calendar, invitations, agenda, uidDomain });
  const attendance = new AttendanceService({
    db,
    clock,
    delivery,
    calendar,
    invitations,
    quorumShare: settings.quorumShare,
    uidDomain,
  });
  const followUps = new FollowUpService({
    db,
    clock,
    delivery,
    scheduler,
    reminderDays: settings.followUpReminderDays,
  });
  const minutes = new MinutesService({
    db,
    clock,
    delivery,
    links,
    followUps,
    agenda,
    decisions: neighbours.decisions ?? null,
    uidDomain,
  });
  const files = new InvitationFileService({ db, clock, links, invitations, organizer: settings.organizer, uidDomain });
  const onlineSync = settings.online
    ? new OnlineSyncService({ db, online: settings.online, invitations, uidDomain })
    : null;

  return {
    name: 'meetings',
    calendar,
    changes,
    attendance,
    minutes,
    followUps,
    files,
    onlineSync,
    public: meetingsPublicOf((tx, meetingId) => calendar.agendaPublished(tx, meetingId)),
    register(app: BotApp) {
      const handlers = new MeetingsHandlers({ calendar, changes, attendance, minutes, followUps, files });
      app.addMenuItem({
        title: 'Mødekalender',
        verb: MEETINGS_VERBS.calendar,
        order: 12,
        visible: mayManageMeetings,
      });
      app.onAction(MEETINGS_VERBS.calendar, handlers.calendar);
      app.onAction(MEETINGS_VERBS.add, handlers.add);
      app.onAction(MEETINGS_VERBS.open, handlers.open);
      app.onAction(MEETINGS_VERBS.change, handlers.change);
      app.onAction(MEETINGS_VERBS.cancel, handlers.cancel);
      app.onAction(MEETINGS_VERBS.invite, handlers.invite);
      app.onAction(MEETINGS_VERBS.attendance, handlers.attendance);
      app.onAction(MEETINGS_VERBS.minutes, handlers.minutes);
      app.onAction(MEETINGS_VERBS.minutesSave, handlers.minutesSave);
      app.onAction(MEETINGS_VERBS.minutesSend, handlers.minutesSend);
      app.onAction(MEETINGS_VERBS.minutesApprove, handlers.minutesApprove);
      app.onAction(MEETINGS_VERBS.minutesCloseFollowUp, handlers.minutesCloseFollowUp);
      app.onAction(MEETINGS_VERBS.followUpClose, handlers.followUpClose);
      app.onHttp('get', '/api/meetings/:meetingId/invitation.ics', handlers.invitationFile);
      app.onHttp('get', '/api/meetings/:meetingId/referat.docx', handlers.minutesFile);

      scheduler.work(FOLLOW_UP_REMINDER_JOB, async (payload) =>
        followUps.remind(Number(payload.followUpId), Number(payload.days)),
      );
      scheduler.work(SYNC_JOB, async (payload) => {
        await onlineSync?.sync(Number(payload.meetingId));
      });
    },
  };
}
