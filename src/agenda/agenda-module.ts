/** Agenda items by card: menu buttons, card verbs, the document link and the reminder jobs. */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import type { Queryable } from '../db/database.js';
import { AgendaCalendar } from './agenda-calendar.js';
import { AGENDA_VERBS } from './agenda-cards.js';
import { mayReview, maySubmit } from './agenda-domain.js';
import { AgendaHandlers } from './agenda-handlers.js';
import { ItemNotices } from './agenda-item-notices.js';
import { agendaPublicOf, type AgendaMeetingFacts, type AgendaPublic } from './agenda-public.js';
import { ItemsMoveService } from './agenda-move-service.js';
import { OrderService } from './agenda-order-service.js';
import { PublishingService } from './agenda-publishing-service.js';
import { PLAN_REMINDERS_JOB, REMINDER_JOB, ReminderService } from './agenda-reminder-service.js';
import { ReviewService } from './agenda-review-service.js';
import { SubmissionService } from './agenda-submission-service.js';

export interface AgendaSettings {
  deadlineDays: number;
  reminderDays: number[];
  /** The bot's public address, for the signed document links on cards. */
  baseUrl: string;
  linkSecret: string;
}

/** What the agenda is given by its neighbours (through the composition root), so it imports none of them. */
export interface AgendaNeighbours {
  /**
   * The verb of the "Start afstemning" button on each decision (B) item of a published agenda; the button carries
   * `{ itemId }`, which the voting capability resolves through agenda-public's findDecisionItem. Without it the
   * published agenda has no such buttons.
   */
  startVoteVerb?: string;
  /**
   * Absences and open follow-up points for the published agenda, from the meetings capability (it implements
   * AgendaMeetingFacts). Without it the agenda prints "Ingen meldt" and "Ingen åbne opfølgningspunkter".
   */
  meetingFacts?: AgendaMeetingFacts;
  /** Called in the publishing transaction, e.g. by meetings to link the new agenda from its invitations. */
  onPublished?: (tx: Queryable, meetingId: number) => Promise<void>;
}

export interface AgendaModule extends CapabilityModule {
  submissions: SubmissionService;
  reviews: ReviewService;
  publishing: PublishingService;
  reminders: ReminderService;
  order: OrderService;
  /** What other capabilities may call. */
  public: AgendaPublic;
}

export function createAgendaModule(
  deps: CoreDeps,
  settings: AgendaSettings,
  neighbours: AgendaNeighbours = {},
): AgendaModule {
  const { db, clock, delivery, scheduler } = deps;
  const startVoteVerb = neighbours.startVoteVerb ?? null;
  const calendar = new AgendaCalendar({ db, clock, deadlineDays: settings.deadlineDays });
  const notices = new ItemNotices({ delivery, calendar });
  const submissions = new SubmissionService({ db, clock, calendar, notices });
  const reviews = new ReviewService({ db, clock, calendar, notices });
  const order = new OrderService({ db, calendar, notices });
  const publishing = new PublishingService({
    db,
    clock,
    delivery,
    scheduler,
    calendar,
    baseUrl: settings.baseUrl.replace(/\/$/, ''),
    linkSecret: settings.linkSecret,
    startVoteVerb,
    meetingFacts: neighbours.meetingFacts ?? null,
    onPublished: neighbours.onPublished ?? null,
  });
  const reminders = new ReminderService({
    db,
    clock,
    delivery,
    scheduler,
    calendar,
    reminderDays: settings.reminderDays,
  });

  return {
    name: 'agenda',
    submissions,
    reviews,
    publishing,
    reminders,
    order,
    public: agendaPublicOf(submissions, new ItemsMoveService({ calendar, notices, reminders })),
    register(app: BotApp) {
      const handlers = new AgendaHandlers({ submissions, reviews, publishing, order, startVoteVerb });
      app.addMenuItem({ title: 'Nyt dagsordenspunkt', verb: AGENDA_VERBS.open, order: 10, visible: maySubmit });
      // The work queue: nothing depends on a review card having arrived.
      app.addMenuItem({ title: 'Til behandling', verb: AGENDA_VERBS.queue, order: 11, visible: mayReview });
      app.addMenuItem({
        title: 'Dagsordener og udgivelse',
        verb: AGENDA_VERBS.overview,
        order: 12,
        visible: mayReview,
      });
      app.onAction(AGENDA_VERBS.open, handlers.open);
      app.onAction(AGENDA_VERBS.submit, handlers.submit);
      app.onAction(AGENDA_VERBS.addSubItem, handlers.addSubItem);
      app.onAction(AGENDA_VERBS.nextMeeting, handlers.nextMeeting);
      app.onAction(AGENDA_VERBS.editOpen, handlers.editOpen);
      app.onAction(AGENDA_VERBS.edit, handlers.edit);
      app.onAction(AGENDA_VERBS.withdraw, handlers.withdraw);
      app.onAction(AGENDA_VERBS.accept, handlers.review('accept'));
      app.onAction(AGENDA_VERBS.reject, handlers.review('reject'));
      app.onAction(AGENDA_VERBS.move, handlers.review('move'));
      app.onAction(AGENDA_VERBS.queue, handlers.queue);
      app.onAction(AGENDA_VERBS.overview, handlers.overview);
      app.onAction(AGENDA_VERBS.order, handlers.order);
      app.onAction(AGENDA_VERBS.moveItem, handlers.moveItem);
      app.onAction(AGENDA_VERBS.moveSubItem, handlers.moveSubItem);
      app.onAction(AGENDA_VERBS.publish, handlers.publish);
      app.onHttp('get', '/api/agenda/:meetingId/dagsorden.docx', handlers.download);

      scheduler.work(REMINDER_JOB, async (payload) => {
        await reminders.sendReminder({
          meetingId: Number(payload.meetingId),
          startsAt: String(payload.startsAt),
          days: Number(payload.days),
        });
      });
      // Meetings change through imports and cards; re-planning daily keeps reminders in step (keys make it idempotent).
      scheduler.work(PLAN_REMINDERS_JOB, async () => {
        await reminders.planReminders();
      });
    },
    start: async () => {
      await reminders.planReminders();
    },
  };
}
