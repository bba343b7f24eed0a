/** Card actions: validate the untrusted card data, call one service method, answer with a card. */
import { z } from 'zod';
import type { ActionHandler, ActionResult } from '../platform/bot-app.js';
import type { Db } from '../db/database.js';
import { findPersonById, memberMunicipalityCodes } from '../registry/registry-repository.js';
import { MUNICIPALITIES, municipalityByCode } from '../registry/municipalities.js';
import { forbidden, invalidInput } from '../shared/errors.js';
import type { Clock } from '../shared/clock.js';
import { buildHistoryCard, buildReportShiftCard, buildReportStartCard, shiftTimeLabel } from './shifts-cards.js';
import { monthHistory } from './noshow-history-service.js';
import { DateTime } from 'luxon';
import { activeShiftsOfMunicipality } from './shifts-repository.js';
import { addMinutes } from './shifts-domain.js';
import { localDateIn, parseDateAndTime } from './roster-time.js';
import type { NoShowService } from './noshow-service.js';

export interface HandlerDeps {
  db: Db;
  clock: Clock;
  zone: string;
  noShows: NoShowService;
}

const incidentId = z.coerce.number().int().positive();
const ackSchema = z.object({ incidentId });
const etaSchema = z.object({ incidentId, etaMinutes: z.coerce.number().int().min(1).max(240) });
const resolveSchema = z.object({ incidentId, note: z.string().trim().min(1).max(500) });
const pickSchema = z.object({ municipalityCode: z.coerce.number().int().positive() });
const saveSchema = z.object({
  municipalityCode: z.coerce.number().int().positive(),
  shiftId: z.string().regex(/^(none|\d{1,10})$/),
  startTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional()
    .or(z.literal('')),
  note: z.string().trim().min(1).max(500),
});

function parse<T>(schema: z.ZodType<T>, data: Record<string, unknown>, message: string): T {
  const r = schema.safeParse(data);
  if (!r.success) throw invalidInput(message);
  return r.data;
}

export function acknowledgeHandler(deps: HandlerDeps): ActionHandler {
  return async (turn, data) => {
    const { incidentId: id } = parse(ackSchema, data, 'Kortet mangler udeblivelsens nummer.');
    const out = await deps.noShows.acknowledge(turn.actor, id);
    return { card: out.card };
  };
}

export function etaHandler(deps: HandlerDeps): ActionHandler {
  return async (turn, data) => {
    const { incidentId: id, etaMinutes } = parse(etaSchema, data, 'Skriv et antal minutter mellem 1 og 240.');
    return { card: (await deps.noShows.agentOnTheWay(turn.actor, id, etaMinutes)).card };
  };
}

export function resolveHandler(deps: HandlerDeps): ActionHandler {
  return async (turn, data) => {
    const { incidentId: id, note } = parse(resolveSchema, data, 'Skriv kort, hvem der tager vagten (højst 500 tegn).');
    return { card: (await deps.noShows.replacementFound(turn.actor, id, note)).card };
  };
}

/** "Meld udeblivelse", step 1: choose the municipality. */
export function reportStartHandler(deps: HandlerDeps): ActionHandler {
  return async (turn): Promise<ActionResult> => {
    if (!turn.actor?.secretariat) throw forbidden('Kun DDH-sekretariatet kan melde en udeblivelse.');
    const members = await memberMunicipalityCodes(deps.db);
    const list = members.length ? members.map((c) => municipalityByCode(c)!).filter(Boolean) : [...MUNICIPALITIES];
    const choices = list
      .map((m) => ({ title: m.name, value: String(m.code) }))
      .sort((a, b) => a.title.localeCompare(b.title, 'da'));
    return { card: buildReportStartCard(choices), mode: 'reply' };
  };
}

/** Step 2: the municipality's shifts around now, and a note. */
export function reportPickHandler(deps: HandlerDeps): ActionHandler {
  return async (turn, data) => {
    if (!turn.actor?.secretariat) throw forbidden('Kun DDH-sekretariatet kan melde en udeblivelse.');
    const { municipalityCode } = parse(pickSchema, data, 'Vælg en kommune.');
    const m = municipalityByCode(municipalityCode);
    if (!m) throw invalidInput('Vælg en kommune på listen.');
    const now = deps.clock.now();
    const shifts = await activeShiftsOfMunicipality(
      deps.db,
      m.code,
      addMinutes(now, -12 * 60),
      addMinutes(now, 12 * 60),
    );
    const choices = await Promise.all(
      shifts.map(async (s) => {
        const person = s.agentPersonId ? await findPersonById(deps.db, s.agentPersonId) : null;
        return {
          title: `${shiftTimeLabel(s.startsAt, s.endsAt)} · ${person?.name ?? s.agentEmail ?? s.agentId}`,
          value: String(s.id),
        };
      }),
    );
    return { card: buildReportShiftCard({ municipalityName: m.name, municipalityCode: m.code, shifts: choices }) };
  };
}

/** Step 3: opens the incident; the same alert flow as a detected no-show. */
export function reportSaveHandler(deps: HandlerDeps): ActionHandler {
  return async (turn, data) => {
    const input = parse(saveSchema, data, 'Vælg en vagt og skriv en note (højst 500 tegn).');
    if (!municipalityByCode(input.municipalityCode)) throw invalidInput('Ukendt kommune.');
    let startsAt: Date | null = null;
    if (input.shiftId === 'none') {
      if (!input.startTime) throw invalidInput('Skriv starttidspunktet for en vagt, der ikke er i vagtplanen.');
      const t = parseDateAndTime(localDateIn(deps.clock.now(), deps.zone), input.startTime, deps.zone);
      if (!t.ok) throw invalidInput(`Starttidspunktet ${t.message}.`);
      startsAt = t.instant;
    }
    const { incident } = await deps.noShows.reportManually(turn.actor, {
      municipalityCode: input.municipalityCode,
      shiftId: input.shiftId === 'none' ? null : Number(input.shiftId),
      startsAt,
      note: input.note,
    });
    // A repeated report (or a Teams retry) shows the incident that already exists instead of opening another.
    return { card: await deps.noShows.cardOf(incident.id) };
  };
}

/** The history card: incidents per municipality in a month (the current one by default). */
export function historyHandler(deps: HandlerDeps): ActionHandler {
  return async (turn, data) => {
    if (!turn.actor?.secretariat) throw forbidden('Kun DDH-sekretariatet kan se historikken over udeblivelser.');
    const now = DateTime.fromJSDate(deps.clock.now(), { zone: deps.zone }).startOf('month');
    const months = Array.from({ length: 13 }, (_, i) => now.minus({ months: i }).toFormat('yyyy-MM'));
    const chosen = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) }).safeParse(data);
    const month = chosen.success && months.includes(chosen.data.month) ? chosen.data.month : months[0];
    const card = buildHistoryCard({ month, months, rows: await monthHistory(deps.db, month, deps.zone) });
    return { card, mode: turn.via === 'execute' && chosen.success ? 'replace' : 'reply' };
  };
}
