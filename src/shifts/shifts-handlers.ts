/**
 * The no-show card actions: validate the untrusted card data, call one service method, answer with the card its
 * builder makes of the view the service returned. Who may do what is decided in the services.
 */
import { z } from 'zod';
import type { ActionHandler } from '../platform/bot-app.js';
import { parseCard, replaceWith, replyWith, requireActor, shownIn } from '../platform/handler-kit.js';
import type { NoShowActionService } from './noshow-action-service.js';
import type { NoShowHistoryService } from './noshow-history-service.js';
import type { NoShowReportService } from './noshow-report-service.js';
import {
  buildAlertCard,
  buildHistoryCard,
  buildNudgeCard,
  buildQueueCard,
  buildReportShiftCard,
  buildReportStartCard,
  SHIFT_VERBS,
} from './shifts-cards.js';

export interface ShiftsHandlerServices {
  actions: NoShowActionService;
  reports: NoShowReportService;
  history: NoShowHistoryService;
}

const incidentId = z.coerce.number().int().positive();
const municipalityCode = z.coerce.number().int().positive();
const acknowledgeSchema = z.object({ incidentId });
const etaSchema = z.object({ incidentId, etaMinutes: z.coerce.number().int().min(1).max(240) });
const nudgeSchema = etaSchema;
const resolveSchema = z.object({ incidentId, note: z.string().trim().min(1).max(500) });
const pickSchema = z.object({ municipalityCode });
const reportSchema = z.object({
  municipalityCode,
  shiftId: z
    .string()
    .regex(/^(none|\d{1,10})$/)
    .transform((value) => (value === 'none' ? null : Number(value))),
  startTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional()
    .or(z.literal(''))
    .transform((value) => value || null),
  note: z.string().trim().min(1).max(500),
});
// The month picker: anything else (or nothing, from the menu) means the current month.
const historySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional()
    .catch(undefined),
});

/** The handlers by verb, for the module to register. */
export function shiftsHandlers(services: ShiftsHandlerServices): Record<string, ActionHandler> {
  const { actions, reports, history } = services;
  return {
    [SHIFT_VERBS.acknowledge]: async (turn, data) => {
      const input = parseCard(acknowledgeSchema, data, 'Kortet mangler udeblivelsens nummer.');
      return replaceWith(buildAlertCard((await actions.acknowledge(requireActor(turn), input.incidentId)).alert));
    },
    [SHIFT_VERBS.eta]: async (turn, data) => {
      const input = parseCard(etaSchema, data, 'Skriv et antal minutter mellem 1 og 240.');
      const change = await actions.agentOnTheWay(requireActor(turn), input.incidentId, input.etaMinutes);
      return replaceWith(buildAlertCard(change.alert));
    },
    [SHIFT_VERBS.resolve]: async (turn, data) => {
      const input = parseCard(resolveSchema, data, 'Skriv kort, hvem der tager vagten (højst 500 tegn).');
      const change = await actions.replacementFound(requireActor(turn), input.incidentId, input.note);
      return replaceWith(buildAlertCard(change.alert));
    },
    /** The late agent's "Jeg er på vej" on the nudge. */
    [SHIFT_VERBS.nudgeOnTheWay]: async (turn, data) => {
      const input = parseCard(nudgeSchema, data, 'Vælg, hvornår du er der.');
      return replaceWith(
        buildNudgeCard(await actions.agentSaysOnTheWay(requireActor(turn), input.incidentId, input.etaMinutes)),
      );
    },
    /** "Åbne udeblivelser": a list, and each incident's alert card in this chat (kept up to date). */
    [SHIFT_VERBS.queue]: async (turn) =>
      replyWith(buildQueueCard(await actions.queue(requireActor(turn), turn.conversation.id))),
    /** "Meld udeblivelse", step 1: choose the municipality. */
    [SHIFT_VERBS.report]: async (turn) =>
      replyWith(buildReportStartCard(await reports.municipalityChoices(requireActor(turn)))),
    /** Step 2: the municipality's shifts around now, and a note. */
    [SHIFT_VERBS.reportPick]: async (turn, data) => {
      const input = parseCard(pickSchema, data, 'Vælg en kommune.');
      return replaceWith(
        buildReportShiftCard(await reports.shiftsToReport(requireActor(turn), input.municipalityCode)),
      );
    },
    /** Step 3: opens the incident (the same alert flow as a detected no-show) and shows its alert. */
    [SHIFT_VERBS.reportSave]: async (turn, data) => {
      const input = parseCard(reportSchema, data, 'Vælg en vagt og skriv en note (højst 500 tegn).');
      return replaceWith(buildAlertCard(await reports.report(requireActor(turn), input, shownIn(turn))));
    },
    /** Incidents per municipality in a month: from the menu a new card, from its own month picker in place. */
    [SHIFT_VERBS.history]: async (turn, data) => {
      const { month } = parseCard(historySchema, data);
      const card = buildHistoryCard(await history.monthView(requireActor(turn), month ?? null));
      return turn.via === 'execute' && month ? replaceWith(card) : replyWith(card);
    },
  };
}
