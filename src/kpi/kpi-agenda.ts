/**
 * A municipality still below target in the next month's check is proposed as an (O) item for the next
 * steering-committee agenda, through the agenda's public face: the agenda picks the meeting, applies its rules and
 * sends its own review card, so the secretariat accepts, moves or rejects it like any other item.
 */
import type { Queryable } from '../db/database.js';
import type { AgendaPublic } from '../agenda/agenda-public.js';

export interface KpiAgendaProposal {
  municipality: string;
  periods: [previous: string, current: string];
  figureLines: string[];
}

export const GENERATED_MARK = '(genereret af DDH-botten)';

/** Returns null when no steering-committee meeting is planned. */
export function proposeKpiAgendaItem(
  tx: Queryable,
  agenda: AgendaPublic,
  proposal: KpiAgendaProposal,
): Promise<{ itemId: number } | null> {
  return agenda.proposeGeneratedItem(tx, {
    title: `KPI-opfølgning: ${proposal.municipality} under samarbejdsaftalens mål to måneder i træk ${GENERATED_MARK}`,
    markers: ['O'],
    presenter: 'DDH-sekretariatet',
    introduction: [
      `Orientering: ${proposal.municipality} lå under samarbejdsaftalens KPI-mål i ${proposal.periods[0]} og igen i ${proposal.periods[1]}.`,
      ...proposal.figureLines,
      'Punktet er foreslået automatisk ud fra den månedlige KPI-kontrol. Tallene er kommunens samlede tal; der indgår ingen oplysninger om enkelte agenter.',
    ].join('\n'),
  });
}
