/** Agenda items by card (issue 4): menu buttons, card verbs, the document link and the reminder jobs. */
import { createHash } from 'node:crypto';
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { AgendaService } from './agenda-service.js';
import { AgendaPublishing, REMINDER_JOB } from './agenda-publishing.js';
import { AgendaHandlers } from './agenda-handlers.js';
import { AGENDA_VERBS } from './agenda-cards.js';
import { maySubmit, mayReview } from './agenda-domain.js';

const PLAN_JOB = 'agenda.plan-reminders';

export function publishingFor(deps: CapabilityDeps): AgendaPublishing {
  const c = deps.config;
  const linkSecret =
    c.LINK_SIGNING_SECRET ??
    createHash('sha256')
      .update(`ddh-links:${c.MICROSOFT_APP_PASSWORD ?? c.MICROSOFT_APP_ID ?? 'local'}`)
      .digest('hex');
  return new AgendaPublishing({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    scheduler: deps.scheduler,
    deadlineDays: c.AGENDA_DEADLINE_DAYS,
    reminderDays: c.AGENDA_REMINDER_DAYS,
    baseUrl: (c.PUBLIC_BASE_URL ?? `http://127.0.0.1:${c.PORT}`).replace(/\/$/, ''),
    linkSecret,
  });
}

export function register(app: BotApp, deps: CapabilityDeps): void {
  const days = deps.config.AGENDA_DEADLINE_DAYS;
  const service = new AgendaService({ db: deps.db, clock: deps.clock, delivery: deps.delivery, deadlineDays: days });
  const publishing = publishingFor(deps);
  const h = new AgendaHandlers(service, publishing, deps.db, deps.clock, days);

  app.addMenuItem({ title: 'Nyt dagsordenspunkt', verb: AGENDA_VERBS.open, order: 10, visible: (a) => maySubmit(a) });
  app.addMenuItem({
    title: 'Dagsordener og udgivelse',
    verb: AGENDA_VERBS.overview,
    order: 11,
    visible: (a) => mayReview(a),
  });
  app.onAction(AGENDA_VERBS.open, h.open);
  app.onAction(AGENDA_VERBS.submit, h.submit);
  app.onAction(AGENDA_VERBS.nextMeeting, h.nextMeeting);
  app.onAction(AGENDA_VERBS.editOpen, h.editOpen);
  app.onAction(AGENDA_VERBS.edit, h.edit);
  app.onAction(AGENDA_VERBS.withdraw, h.withdraw);
  app.onAction(AGENDA_VERBS.accept, h.review('accept'));
  app.onAction(AGENDA_VERBS.reject, h.review('reject'));
  app.onAction(AGENDA_VERBS.move, h.review('move'));
  app.onAction(AGENDA_VERBS.overview, h.overview);
  app.onAction(AGENDA_VERBS.publish, h.publish);
  app.onHttp('get', '/api/agenda/:meetingId/dagsorden.docx', h.download);

  deps.scheduler.work(REMINDER_JOB, async (payload) => {
    await publishing.sendReminder({
      meetingId: Number(payload.meetingId),
      startsAt: String(payload.startsAt),
      days: Number(payload.days),
    });
  });
  // Meetings change through imports and cards; re-planning daily keeps reminders in step (keys make it idempotent).
  deps.scheduler.work(PLAN_JOB, async () => {
    await start(deps);
  });
}

/** After the scheduler runs: plan reminders now and again tomorrow morning. */
export async function start(deps: CapabilityDeps): Promise<void> {
  await publishingFor(deps).planReminders();
  const tomorrow = new Date(deps.clock.now().getTime() + 86_400_000);
  const day = tomorrow.toISOString().slice(0, 10);
  await deps.scheduler.schedule(PLAN_JOB, {}, { key: `agenda:plan:${day}`, runAt: new Date(`${day}T05:00:00Z`) });
}
