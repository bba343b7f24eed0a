/** Agenda items by card: menu buttons, card verbs, the document link and the reminder jobs. */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { AgendaService } from './agenda-service.js';
import { AgendaPublishing, REMINDER_JOB } from './agenda-publishing.js';
import { AgendaHandlers } from './agenda-handlers.js';
import { AGENDA_VERBS } from './agenda-cards.js';
import { maySubmit, mayReview } from './agenda-domain.js';
import { agendaPublicOf, type AgendaPublic } from './agenda-public.js';

const PLAN_JOB = 'agenda.plan-reminders';

export interface AgendaSettings {
  deadlineDays: number;
  reminderDays: number[];
  /** The bot's public address, for the signed document links on cards. */
  baseUrl: string;
  linkSecret: string;
}

export interface AgendaModule extends CapabilityModule {
  service: AgendaService;
  /** What other capabilities may call. */
  public: AgendaPublic;
  publishing: AgendaPublishing;
}

export function createAgendaModule(deps: CoreDeps, settings: AgendaSettings): AgendaModule {
  const { db, clock, delivery, scheduler } = deps;
  const service = new AgendaService({ db, clock, delivery, deadlineDays: settings.deadlineDays });
  const publishing = new AgendaPublishing({
    db,
    clock,
    delivery,
    scheduler,
    deadlineDays: settings.deadlineDays,
    reminderDays: settings.reminderDays,
    baseUrl: settings.baseUrl.replace(/\/$/, ''),
    linkSecret: settings.linkSecret,
  });

  /** Plans reminders now and again tomorrow morning. */
  const planReminders = async () => {
    await publishing.planReminders();
    const tomorrow = new Date(clock.now().getTime() + 86_400_000);
    const day = tomorrow.toISOString().slice(0, 10);
    await scheduler.schedule(PLAN_JOB, {}, { key: `agenda:plan:${day}`, runAt: new Date(`${day}T05:00:00Z`) });
  };

  return {
    name: 'agenda',
    service,
    publishing,
    public: agendaPublicOf(service),
    register(app: BotApp) {
      const handlers = new AgendaHandlers(service, publishing, db, clock, settings.deadlineDays);
      app.addMenuItem({
        title: 'Nyt dagsordenspunkt',
        verb: AGENDA_VERBS.open,
        order: 10,
        visible: (a) => maySubmit(a),
      });
      app.addMenuItem({
        title: 'Dagsordener og udgivelse',
        verb: AGENDA_VERBS.overview,
        order: 11,
        visible: (a) => mayReview(a),
      });
      app.onAction(AGENDA_VERBS.open, handlers.open);
      app.onAction(AGENDA_VERBS.submit, handlers.submit);
      app.onAction(AGENDA_VERBS.nextMeeting, handlers.nextMeeting);
      app.onAction(AGENDA_VERBS.editOpen, handlers.editOpen);
      app.onAction(AGENDA_VERBS.edit, handlers.edit);
      app.onAction(AGENDA_VERBS.withdraw, handlers.withdraw);
      app.onAction(AGENDA_VERBS.accept, handlers.review('accept'));
      app.onAction(AGENDA_VERBS.reject, handlers.review('reject'));
      app.onAction(AGENDA_VERBS.move, handlers.review('move'));
      app.onAction(AGENDA_VERBS.overview, handlers.overview);
      app.onAction(AGENDA_VERBS.publish, handlers.publish);
      app.onHttp('get', '/api/agenda/:meetingId/dagsorden.docx', handlers.download);

      scheduler.work(REMINDER_JOB, async (payload) => {
        await publishing.sendReminder({
          meetingId: Number(payload.meetingId),
          startsAt: String(payload.startsAt),
          days: Number(payload.days),
        });
      });
      // Meetings change through imports and cards; re-planning daily keeps reminders in step (keys make it idempotent).
      scheduler.work(PLAN_JOB, planReminders);
    },
    start: planReminders,
  };
}
