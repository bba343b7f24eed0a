/** KPI warnings (issue 6): file upload in the secretariat's 1:1 chat, the training button, the import command. */
import { z } from 'zod';
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { DomainError, forbidden, invalidInput } from '../shared/errors.js';
import { buildMessageCard } from '../shared/message-card.js';
import { KpiService, type ImportSummary } from './kpi-service.js';
import { KPI_VERBS } from './kpi-cards.js';
import { KPI_COLUMNS } from './kpi-file.js';

export const MAX_UPLOAD_BYTES = 20 * 2 ** 20;

export function kpiServiceFor(deps: CapabilityDeps): KpiService {
  const c = deps.config;
  return new KpiService({
    db: deps.db, clock: deps.clock, delivery: deps.delivery, scheduler: deps.scheduler,
    thresholds: { resolutionPercent: c.KPI_RESOLUTION_THRESHOLD, satisfactionAbove: c.KPI_SATISFACTION_THRESHOLD, minCalls: c.KPI_MIN_CALLS, minAnswers: c.KPI_MIN_SATISFACTION_ANSWERS },
  });
}

export const describeImport = (s: ImportSummary) =>
  `KPI-tal for ${s.period} er indlæst: ${s.rows} rækker. ${s.warned} kommune(r) har fået en advarsel, ${s.tooFewData} har for få data, ${s.flaggedAgents} agent(er) er markeret til uddannelse.`;

export function register(app: BotApp, deps: CapabilityDeps): void {
  const service = kpiServiceFor(deps);
  app.addMenuItem({ title: 'Indlæs månedens KPI-tal', verb: KPI_VERBS.upload, order: 40, visible: (a, t) => a.secretariat && t.conversation.type === 'personal' });
  app.onAction(KPI_VERBS.upload, async (turn) => {
    if (!turn.actor?.secretariat) throw forbidden('Kun DDH-sekretariatet kan indlæse KPI-tal.');
    return {
      card: buildMessageCard({ title: 'Indlæs KPI-tal', text: 'Send månedens fil (CSV eller XLSX) her i chatten med botten. Kolonner:', lines: [KPI_COLUMNS.join(';')] }),
      mode: 'replace',
    };
  });
  // The only file the bot takes: the monthly statistics, from the secretariat.
  app.onFile(async (turn, file) => {
    if (!turn.actor?.secretariat) throw forbidden('Kun DDH-sekretariatet kan sende filer til botten.');
    if (!/\.(csv|xlsx)$/i.test(file.name)) throw invalidInput('Send KPI-tallene som .csv eller .xlsx.');
    const bytes = await file.download();
    if (bytes.length > MAX_UPLOAD_BYTES) throw invalidInput('Filen er for stor (højst 20 MB).');
    const summary = await service.importFile(bytes, file.name, turn.actor);
    return { card: buildMessageCard({ title: 'KPI-tal indlæst', text: describeImport(summary), tone: 'good' }), mode: 'reply' };
  });
  app.onAction(KPI_VERBS.trainingDone, async (turn, data) => {
    const parsed = z.object({ personId: z.coerce.number().int().positive(), period: z.string().regex(/^\d{4}-\d{2}$/) }).safeParse(data);
    if (!parsed.success) throw invalidInput('Kortet mangler oplysninger.');
    if (!turn.actor) throw new DomainError('NOT_REGISTERED', 'Du er ikke registreret i DDH.');
    return { toast: await service.completeTraining(turn.actor, parsed.data.personId, parsed.data.period) };
  });
}
