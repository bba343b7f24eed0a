/**
 * Agenda use cases: the form, submitting (deadline on the server), editing, withdrawing and the
 * secretariat's review. What a person typed is saved as a draft before anything can refuse it.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Delivery, OutboxMessage } from '../delivery/delivery.js';
import type { Card } from '../platform/bot-app.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { findMeeting, upcomingMeetings } from '../registry/meeting-repository.js';
import { findPersonById } from '../registry/registry-repository.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { formatDateTime } from '../shared/time.js';
import {
  deadlineFor,
  isOpenForItems,
  isOnTime,
  maySubmit,
  mayReview,
  problemsOf,
  type ItemInput,
} from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { AgendaItem } from './agenda-repository.js';
import { AGENDA_VERBS, buildAgendaItemCard, meetingChoice, type MeetingChoice } from './agenda-cards.js';
import { draftToInput } from './agenda-draft.js';

export interface AgendaServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  deadlineDays: number;
}

export type ReviewDecision = 'accept' | 'reject' | 'move';

/** What a generated item says; the agenda decides its meeting, lateness and review. */
export interface GeneratedItemProposal {
  title: string;
  markers: ItemInput['markers'];
  presenter: string;
  introduction: string;
}

export class AgendaService {
  constructor(private readonly d: AgendaServiceDeps) {}

  deadlineOf(m: Meeting): Date {
    return deadlineFor(m.startsAt, this.d.deadlineDays);
  }

  async openMeetings(actor: Actor): Promise<MeetingChoice[]> {
    const now = this.d.clock.now();
    const meetings = await upcomingMeetings(this.d.db, now, 'styregruppe');
    // The chair and the secretariat may still put a late item on a meeting that has not been held.
    return meetings
      .filter((m) => isOpenForItems(m, this.d.deadlineDays, now) || (mayReview(actor) && m.status === 'planlagt'))
      .map((m) => meetingChoice(m, this.deadlineOf(m)));
  }

  async form(actor: Actor): Promise<{ meetings: MeetingChoice[]; draft: Record<string, unknown> }> {
    if (!maySubmit(actor))
      throw forbidden('Kun repræsentanter, formanden og DDH-sekretariatet kan indsende dagsordenspunkter.');
    const meetings = await this.openMeetings(actor);
    if (!meetings.length)
      throw new DomainError('CLOSED', 'Der er ingen kommende styregruppemøder, der er åbne for punkter.');
    return { meetings, draft: (await repo.loadDraft(this.d.db, actor.id)) ?? {} };
  }

  /** Submits a card's fields; refusals keep the draft and say exactly why. */
  async submit(actor: Actor, fields: Record<string, unknown>): Promise<{ item: AgendaItem; meeting: Meeting }> {
    if (!maySubmit(actor))
      throw forbidden('Kun repræsentanter, formanden og DDH-sekretariatet kan indsende dagsordenspunkter.');
    const now = this.d.clock.now();
    await repo.saveDraft(this.d.db, actor.id, pickDraft(fields));
    const checked = problemsOf(draftToInput(fields));
    if (!checked.ok)
      throw new DomainError('INVALID_INPUT', 'Punktet mangler noget, før det kan sendes.', {
        problems: checked.problems,
      });
    const meeting = await this.meetingFor(checked.value.meetingId);
    const late = !isOnTime(meeting.startsAt, this.d.deadlineDays, now);
    if (late && !mayReview(actor)) throw await this.deadlinePassed(meeting, now);
    const item = await this.d.db.withTransaction(async (tx) => {
      const created = await repo.insertItem(tx, checked.value, actor.id, late, now);
      await repo.deleteDraft(tx, actor.id);
      await this.announce(tx, created);
      return created;
    });
    return { item, meeting };
  }

  async edit(
    actor: Actor,
    itemId: number,
    version: number,
    fields: Record<string, unknown>,
  ): Promise<{ item: AgendaItem; meeting: Meeting }> {
    const item = await this.ownOpenItem(actor, itemId);
    const checked = problemsOf({ ...draftToInput(fields), meetingId: item.meetingId });
    if (!checked.ok)
      throw new DomainError('INVALID_INPUT', 'Punktet mangler noget, før det kan gemmes.', {
        problems: checked.problems,
      });
    const updated = await this.d.db.withTransaction(async (tx) => {
      const u = await repo.updateItemContent(tx, itemId, version, checked.value);
      if (!u) throw stale();
      await this.refreshCards(tx, u);
      return u;
    });
    return { item: updated, meeting: await this.meetingFor(updated.meetingId) };
  }

  /** The form pre-filled from a submitted item, for its submitter until the deadline. */
  async editForm(
    actor: Actor,
    itemId: number,
  ): Promise<{ item: AgendaItem; meetings: MeetingChoice[]; draft: Record<string, unknown> }> {
    const item = await this.ownOpenItem(actor, itemId);
    const meeting = await this.meetingFor(item.meetingId);
    const draft: Record<string, unknown> = {
      meetingId: String(item.meetingId),
      title: item.title,
      markers: item.markers.join(','),
      presenter: item.presenter,
      introduction: item.introduction,
      recommendation: item.recommendation,
    };
    item.attachments
      .slice(0, 2)
      .forEach((a, n) =>
        Object.assign(draft, { [`attachment${n + 1}Name`]: a.name, [`attachment${n + 1}Url`]: a.url }),
      );
    item.subItems
      .slice(0, 2)
      .forEach((x, n) =>
        Object.assign(draft, { [`sub${n + 1}Title`]: x.title, [`sub${n + 1}Markers`]: x.markers.join(',') }),
      );
    return { item, meetings: [meetingChoice(meeting, this.deadlineOf(meeting))], draft };
  }

  async draftOf(actor: Actor): Promise<Record<string, unknown>> {
    return (await repo.loadDraft(this.d.db, actor.id)) ?? {};
  }

  async withdraw(actor: Actor, itemId: number, version: number): Promise<AgendaItem> {
    await this.ownOpenItem(actor, itemId);
    return this.d.db.withTransaction(async (tx) => {
      const u = await repo.setStatus(tx, itemId, version, 'trukket', { reason: 'trukket af indsenderen' });
      if (!u) throw stale();
      await this.refreshCards(tx, u);
      return u;
    });
  }

  async review(
    actor: Actor,
    decision: ReviewDecision,
    itemId: number,
    version: number,
    input: { reason?: string; targetMeetingId?: number },
  ): Promise<AgendaItem> {
    if (!mayReview(actor)) throw forbidden('Kun formanden og DDH-sekretariatet kan behandle dagsordenspunkter.');
    const item = await repo.findItem(this.d.db, itemId);
    if (!item) throw notFound('Punktet');
    if (item.status !== 'indsendt') throw new DomainError('STALE', `Punktet er allerede ${item.status}.`);
    const reason = (input.reason ?? '').trim();
    if (decision === 'reject' && reason.length < 3)
      throw new DomainError('INVALID_INPUT', 'Skriv en begrundelse for afvisningen.');
    if (reason.length > 1000) throw new DomainError('INVALID_INPUT', 'Begrundelsen må højst være 1000 tegn.');
    let target: Meeting | null = null;
    if (decision === 'move') {
      if (!input.targetMeetingId) throw new DomainError('INVALID_INPUT', 'Vælg det møde, punktet skal flyttes til.');
      target = await this.meetingFor(input.targetMeetingId);
      if (target.id === item.meetingId) throw new DomainError('INVALID_INPUT', 'Punktet står allerede på det møde.');
    }
    return this.d.db.withTransaction(async (tx) => {
      const u =
        decision === 'accept'
          ? await repo.setStatus(tx, itemId, version, 'godkendt', { reason: reason || null })
          : decision === 'reject'
            ? await repo.setStatus(tx, itemId, version, 'afvist', { reason })
            : await repo.setStatus(tx, itemId, version, 'indsendt', {
                reason: `flyttet af sekretariatet${reason ? `: ${reason}` : ''}`,
                meetingId: target!.id,
                late: !isOnTime(target!.startsAt, this.d.deadlineDays, this.d.clock.now()),
              });
      if (!u) throw stale();
      await this.refreshCards(tx, u);
      return u;
    });
  }

  /**
   * An item the bot proposes itself (e.g. a KPI follow-up): on the next meeting still open for items, else as a
   * late item on the next planned one; no submitter, so no receipt; the secretariat reviews it like any other.
   * Null when no steering-committee meeting is planned.
   */
  async proposeGenerated(tx: Queryable, proposal: GeneratedItemProposal): Promise<{ itemId: number } | null> {
    const now = this.d.clock.now();
    const meetings = await upcomingMeetings(tx, now, 'styregruppe');
    const open = meetings.find((m) => isOpenForItems(m, this.d.deadlineDays, now));
    const meeting = open ?? meetings.find((m) => m.status === 'planlagt');
    if (!meeting) return null;
    const checked = problemsOf({
      ...proposal,
      meetingId: meeting.id,
      recommendation: '',
      attachments: [],
      subItems: [],
    });
    if (!checked.ok)
      throw new Error(`generated agenda item refused by the agenda rules: ${checked.problems.join('; ')}`);
    const item = await repo.insertItem(tx, checked.value, null, !open, now);
    await this.announce(tx, item);
    return { itemId: item.id };
  }

  /** The card a person sees for an item; reviewers get the review buttons. */
  async itemCard(item: AgendaItem, forReview: boolean, q: Queryable = this.d.db): Promise<Card> {
    const meeting = (await findMeeting(q, item.meetingId))!;
    const submitter = item.submitterPersonId
      ? ((await findPersonById(q, item.submitterPersonId))?.name ?? 'ukendt')
      : 'ukendt';
    const open = item.status === 'indsendt';
    const actions = forReview
      ? open
        ? [
            { title: 'Godkend', verb: AGENDA_VERBS.accept },
            { title: 'Afvis', verb: AGENDA_VERBS.reject },
            { title: 'Flyt til valgt møde', verb: AGENDA_VERBS.move },
          ]
        : []
      : open && isOnTime(meeting.startsAt, this.d.deadlineDays, this.d.clock.now())
        ? [
            { title: 'Ret punktet', verb: AGENDA_VERBS.editOpen },
            { title: 'Træk punktet tilbage', verb: AGENDA_VERBS.withdraw },
          ]
        : [];
    const heading = forReview
      ? `Nyt dagsordenspunkt${item.late ? ' (SENT PUNKT)' : ''}`
      : 'Kvittering: dagsordenspunkt';
    const meetings = forReview
      ? (await upcomingMeetings(q, this.d.clock.now(), 'styregruppe'))
          .filter((m) => m.status === 'planlagt' && m.id !== item.meetingId)
          .map((m) => meetingChoice(m, this.deadlineOf(m)))
      : [];
    return buildAgendaItemCard({
      heading,
      item,
      meeting,
      deadline: this.deadlineOf(meeting),
      submitter,
      actions,
      review: forReview ? { meetings } : undefined,
    });
  }

  /** The submitter's receipt and the secretariat's review card (its chat, else each member's own chat). */
  private async announce(tx: Queryable, item: AgendaItem): Promise<void> {
    const batch = `agenda:item:${item.id}`;
    const messages: OutboxMessage[] = [];
    if (item.submitterPersonId !== null)
      messages.push({
        key: `agenda:receipt:${item.id}`,
        to: { kind: 'person', personId: item.submitterPersonId },
        card: await this.itemCard(item, false, tx),
        cardRef: `agenda-receipt:${item.id}`,
        batch,
      });
    messages.push({
      key: `agenda:review:${item.id}`,
      to: { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
      card: await this.itemCard(item, true, tx),
      cardRef: `agenda-review:${item.id}`,
      batch,
    });
    await this.d.delivery.enqueue(messages, tx);
  }

  private async refreshCards(tx: Queryable, item: AgendaItem): Promise<void> {
    await this.d.delivery.updateCard(`agenda-receipt:${item.id}`, await this.itemCard(item, false, tx), tx);
    await this.d.delivery.updateCard(`agenda-review:${item.id}`, await this.itemCard(item, true, tx), tx);
  }

  private async meetingFor(id: number): Promise<Meeting> {
    const m = await findMeeting(this.d.db, id);
    if (!m || m.kind !== 'styregruppe') throw notFound('Mødet');
    if (m.status !== 'planlagt') throw new DomainError('CLOSED', 'Mødet er aflyst. Vælg et andet møde.');
    if (m.startsAt <= this.d.clock.now()) throw new DomainError('CLOSED', 'Mødet er afholdt. Vælg et kommende møde.');
    return m;
  }

  private async ownOpenItem(actor: Actor, itemId: number): Promise<AgendaItem> {
    const item = await repo.findItem(this.d.db, itemId);
    if (!item) throw notFound('Punktet');
    if (item.submitterPersonId !== actor.id)
      throw forbidden('Kun den, der har indsendt punktet, kan ændre eller trække det.');
    if (item.status !== 'indsendt')
      throw new DomainError('STALE', `Punktet er ${item.status} og kan ikke længere ændres.`);
    const meeting = await this.meetingFor(item.meetingId);
    if (!isOnTime(meeting.startsAt, this.d.deadlineDays, this.d.clock.now()))
      throw await this.deadlinePassed(meeting, this.d.clock.now());
    return item;
  }

  private async deadlinePassed(meeting: Meeting, now: Date): Promise<DomainError> {
    const next = (await upcomingMeetings(this.d.db, now, 'styregruppe')).find((m) =>
      isOpenForItems(m, this.d.deadlineDays, now),
    );
    return new DomainError(
      'DEADLINE_PASSED',
      `Fristen for mødet ${formatDateTime(meeting.startsAt)} var ${formatDateTime(this.deadlineOf(meeting))}. Punktet er gemt som kladde.`,
      { nextMeetingId: next?.id ?? null, nextMeeting: next ? formatDateTime(next.startsAt) : null },
    );
  }
}

const stale = () => new DomainError('STALE', 'Punktet er ændret i mellemtiden. Åbn det igen og prøv på ny.');

const DRAFT_FIELDS = [
  'meetingId',
  'title',
  'markers',
  'presenter',
  'introduction',
  'recommendation',
  'attachment1Name',
  'attachment1Url',
  'attachment2Name',
  'attachment2Url',
  'sub1Title',
  'sub1Markers',
  'sub2Title',
  'sub2Markers',
];

/** Only known fields, as strings, capped: a draft is kept whatever else the card carried. */
function pickDraft(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  // NUL cannot be stored in PostgreSQL text/jsonb; other control characters are dropped by validation anyway.
  for (const k of DRAFT_FIELDS)
    if (typeof fields[k] === 'string' || typeof fields[k] === 'number')
      out[k] = String(fields[k]).replaceAll('\u0000', '').slice(0, 5000);
  return out;
}

export type { ItemInput };
