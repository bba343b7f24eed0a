/**
 * A municipality still below target in the next month's check is proposed as an (O) item for the next
 * steering-committee agenda, through the agenda feature: its own rules (agenda-domain), its own insert, and its
 * own review card to the secretariat, so the secretariat accepts, moves or rejects it like any other item.
 *
 * The item is marked as generated in its title and presenter, and has no submitter (null), so no person gets a
 * receipt or may edit it. Until the agenda offers a "generated item" function in agenda-public.ts, this file is
 * the one place that knows how (see the report in docs/kpi.md).
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import type { Meeting } from '../registry/registry-types.js';
import { upcomingMeetings } from '../registry/meeting-repository.js';
import { secretariatPeople } from '../registry/registry-repository.js';
import { isOpenForItems, problemsOf } from '../agenda/agenda-domain.js';
import { insertItem } from '../agenda/agenda-repository.js';
import { AgendaService } from '../agenda/agenda-service.js';

export interface AgendaProposalDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  deadlineDays: number;
}

export interface KpiAgendaProposal {
  municipality: string;
  periods: [previous: string, current: string];
  figureLines: string[];
}

export const GENERATED_MARK = '(genereret af DDH-botten)';

/** The next steering-committee meeting still open for items, else the next planned one (then it is a late item). */
async function targetMeeting(
  q: Queryable,
  now: Date,
  days: number,
): Promise<{ meeting: Meeting; late: boolean } | null> {
  const meetings = await upcomingMeetings(q, now, 'styregruppe');
  const open = meetings.find((m) => isOpenForItems(m, days, now));
  if (open) return { meeting: open, late: false };
  return meetings[0] ? { meeting: meetings[0], late: true } : null;
}

/** Creates the item and sends its review card; returns null when no steering-committee meeting is planned. */
export async function proposeKpiAgendaItem(
  tx: Queryable,
  d: AgendaProposalDeps,
  p: KpiAgendaProposal,
): Promise<{ itemId: number } | null> {
  const now = d.clock.now();
  const target = await targetMeeting(tx, now, d.deadlineDays);
  if (!target) return null;
  const checked = problemsOf({
    meetingId: target.meeting.id,
    title: `KPI-opfølgning: ${p.municipality} under samarbejdsaftalens mål to måneder i træk ${GENERATED_MARK}`,
    markers: ['O'],
    presenter: 'DDH-sekretariatet',
    introduction: [
      `Orientering: ${p.municipality} lå under samarbejdsaftalens KPI-mål i ${p.periods[0]} og igen i ${p.periods[1]}.`,
      ...p.figureLines,
      'Punktet er foreslået automatisk ud fra den månedlige KPI-kontrol. Tallene er kommunens samlede tal; der indgår ingen oplysninger om enkelte agenter.',
    ].join('\n'),
    recommendation: '',
    attachments: [],
    subItems: [],
  });
  if (!checked.ok) throw new Error(`generated agenda item refused by the agenda rules: ${checked.problems.join('; ')}`);
  // null submitter: a generated item belongs to nobody (insertItem's signature predates generated items).
  const item = await insertItem(tx, checked.value, null as unknown as number, target.late, now);
  const agenda = new AgendaService({ db: d.db, clock: d.clock, delivery: d.delivery, deadlineDays: d.deadlineDays });
  const review = await agenda.itemCard(item, true, tx);
  // Same key and card reference as the agenda's own review card, so the agenda updates it when it is handled.
  const message = { card: review, cardRef: `agenda-review:${item.id}`, batch: `agenda:item:${item.id}` };
  const channel = await d.delivery.enqueue(
    [{ ...message, key: `agenda:review:${item.id}`, to: { kind: 'named', purpose: 'sekretariat' } }],
    tx,
  );
  if (channel.unreachable.length) {
    const people = await secretariatPeople(tx);
    await d.delivery.enqueue(
      people.map((x) => ({
        ...message,
        key: `agenda:review:${item.id}:person:${x.id}`,
        to: { kind: 'person' as const, personId: x.id },
      })),
      tx,
    );
  }
  return { itemId: item.id };
}
