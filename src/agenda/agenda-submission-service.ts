/**
 * Submitting agenda items: the form, submitting (deadline on the server), sending a kept draft to the next
 * meeting, and the submitter changing or withdrawing an item until the deadline. Also the items the bot proposes
 * itself. What a person typed is saved as a draft before anything can refuse it.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { DomainError, forbidden } from '../shared/errors.js';
import { mayReview, maySubmit, problemsOf, type ItemInput } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { AgendaItem } from './agenda-repository.js';
import { draftOfItem, draftToInput, pickDraft } from './agenda-draft.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import type { ItemNotices } from './agenda-item-notices.js';
import type { AgendaFormView, AgendaItemView, LateSubmissionView, SubmissionOutcome } from './agenda-views.js';

export interface SubmissionServiceDeps {
  db: Db;
  clock: Clock;
  calendar: AgendaCalendar;
  notices: ItemNotices;
}

/** What a generated item says; the agenda decides its meeting, lateness and review. */
export interface GeneratedItemProposal {
  title: string;
  markers: ItemInput['markers'];
  presenter: string;
  introduction: string;
}

const MAY_NOT_SUBMIT = 'Kun repræsentanter, formanden og DDH-sekretariatet kan indsende dagsordenspunkter.';
const NOT_YOURS = 'Kun den, der har indsendt punktet, kan ændre eller trække det.';

export class SubmissionService {
  constructor(private readonly deps: SubmissionServiceDeps) {}

  /** An empty form, or the person's kept draft; only meetings still open (late ones too for reviewers). */
  async form(actor: Actor, problems: string[] = []): Promise<AgendaFormView> {
    if (!maySubmit(actor)) throw forbidden(MAY_NOT_SUBMIT);
    const { db, calendar } = this.deps;
    // The chair and the secretariat may still put a late item on a meeting that has not been held.
    const meetings = (await calendar.upcoming()).filter((m) => mayReview(actor) || calendar.isOnTime(m));
    if (!meetings.length)
      throw new DomainError('CLOSED', 'Der er ingen kommende styregruppemøder, der er åbne for punkter.');
    return {
      meetings: meetings.map((m) => calendar.option(m)),
      draft: (await repo.loadDraft(db, actor.id)) ?? {},
      problems,
      deadlineDays: calendar.deadlineDays,
      editing: null,
    };
  }

  /** Submits a card's fields; an incomplete or late item comes back as a refusal that keeps the draft. */
  async submit(actor: Actor, fields: Record<string, unknown>): Promise<SubmissionOutcome> {
    if (!maySubmit(actor)) throw forbidden(MAY_NOT_SUBMIT);
    const { db, clock, calendar, notices } = this.deps;
    await repo.saveDraft(db, actor.id, pickDraft(fields));
    const checked = problemsOf(draftToInput(fields));
    if (!checked.ok) return { kind: 'incomplete', form: await this.form(actor, checked.problems) };
    const meeting = await calendar.meetingForItems(checked.value.meetingId);
    const late = !calendar.isOnTime(meeting);
    if (late && !mayReview(actor)) return { kind: 'late', refusal: await this.lateSubmission(meeting) };
    const item = await db.withTransaction(async (tx) => {
      const created = await repo.insertItem(tx, checked.value, actor.id, late, clock.now());
      await repo.deleteDraft(tx, actor.id);
      await notices.announce(tx, created);
      return created;
    });
    return { kind: 'submitted', receipt: await notices.view(item, 'submitter') };
  }

  /** "Send til næste møde": the person's kept draft, submitted to the meeting the late refusal offered. */
  async submitDraftTo(actor: Actor, meetingId: number): Promise<SubmissionOutcome> {
    if (!maySubmit(actor)) throw forbidden(MAY_NOT_SUBMIT);
    const draft = (await repo.loadDraft(this.deps.db, actor.id)) ?? {};
    return this.submit(actor, { ...draft, meetingId: String(meetingId) });
  }

  /** The form filled from a submitted item, for its submitter until the deadline. */
  async editForm(actor: Actor, itemId: number): Promise<AgendaFormView> {
    const item = await this.ownChangeableItem(actor, itemId);
    const { calendar } = this.deps;
    const meeting = await calendar.meetingForItems(item.meetingId);
    return {
      meetings: [calendar.option(meeting)],
      draft: draftOfItem(item),
      problems: [],
      deadlineDays: calendar.deadlineDays,
      editing: { itemId, version: item.version },
    };
  }

  /** Saves the submitter's changes; the meeting stays. A card older than the item changes nothing. */
  async edit(actor: Actor, itemId: number, version: number, fields: Record<string, unknown>): Promise<AgendaItemView> {
    const item = await this.ownChangeableItem(actor, itemId);
    const checked = problemsOf({ ...draftToInput(fields), meetingId: item.meetingId });
    if (!checked.ok)
      throw new DomainError('INVALID_INPUT', 'Punktet mangler noget, før det kan gemmes.', {
        problems: checked.problems,
      });
    const { db, notices } = this.deps;
    const updated = await db.withTransaction(async (tx) => {
      const changed = await repo.updateItemContent(tx, itemId, version, checked.value);
      if (!changed) throw stale();
      await notices.refresh(tx, changed);
      return changed;
    });
    return notices.view(updated, 'submitter');
  }

  async withdraw(actor: Actor, itemId: number, version: number): Promise<AgendaItemView> {
    await this.ownChangeableItem(actor, itemId);
    const { db, notices } = this.deps;
    const withdrawn = await db.withTransaction(async (tx) => {
      const changed = await repo.setStatus(tx, itemId, version, 'trukket', { reason: 'trukket af indsenderen' });
      if (!changed) throw stale();
      await notices.refresh(tx, changed);
      return changed;
    });
    return notices.view(withdrawn, 'submitter');
  }

  /**
   * An item the bot proposes itself (e.g. a KPI follow-up), in the caller's transaction: on the next meeting still
   * open for items, else as a late item on the next planned one; no submitter, so no receipt; the secretariat
   * reviews it like any other. Null when no steering-committee meeting is planned.
   */
  async proposeGenerated(tx: Queryable, proposal: GeneratedItemProposal): Promise<{ itemId: number } | null> {
    const { clock, calendar, notices } = this.deps;
    const meetings = await calendar.upcoming(tx);
    const open = meetings.find((m) => calendar.isOnTime(m));
    const meeting = open ?? meetings[0];
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
    const item = await repo.insertItem(tx, checked.value, null, !open, clock.now());
    await notices.announce(tx, item);
    return { itemId: item.id };
  }

  private async lateSubmission(meeting: Meeting): Promise<LateSubmissionView> {
    const next = await this.deps.calendar.nextOpen();
    return {
      meetingStartsAt: meeting.startsAt,
      deadline: this.deps.calendar.deadlineOf(meeting),
      nextMeeting: next ? { meetingId: next.id, startsAt: next.startsAt } : null,
    };
  }

  /**
   * The submitter's own item, still submitted and before its meeting's deadline. Anyone else gets the same answer
   * whether or not the id exists.
   */
  private async ownChangeableItem(actor: Actor, itemId: number): Promise<AgendaItem> {
    const item = await repo.findItem(this.deps.db, itemId);
    if (!item || item.submitterPersonId !== actor.id) throw forbidden(NOT_YOURS);
    if (item.status !== 'indsendt')
      throw new DomainError('STALE', `Punktet er ${item.status} og kan ikke længere ændres.`);
    const meeting = await this.deps.calendar.meetingForItems(item.meetingId);
    if (!this.deps.calendar.isOnTime(meeting)) throw this.deps.calendar.deadlinePassed(meeting);
    return item;
  }
}

const stale = () => new DomainError('STALE', 'Punktet er ændret i mellemtiden. Åbn det igen og prøv på ny.');
