/**
 * Submitting agenda items: the form, submitting (deadline on the server), sending a kept draft to the next
 * meeting, and the submitter changing or withdrawing an item until the deadline. Also the items the bot proposes
 * itself. What a person typed is saved as a draft before anything can refuse it; a submitted draft becomes the note
 * "submitted as item N", so pressing "Send til næste møde" again answers with that item's card.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { DomainError, forbidden } from '../shared/errors.js';
import { mayReview, maySubmit, problemsOf, STATUS_LABELS, type ItemInput } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import * as drafts from './agenda-draft-repository.js';
import type { ItemWithContext } from './agenda-repository.js';
import { draftOfItem, draftToInput, pickDraft, withOneMoreSubSlot } from './agenda-draft.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import type { ItemNotices, ShownIn } from './agenda-item-notices.js';
import type {
  AgendaFormView,
  AgendaItemView,
  EditOutcome,
  LateSubmissionView,
  SubmissionOutcome,
} from './agenda-views.js';

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
  /** For a (B) item: "Det indstilles, at …". */
  recommendation?: string;
  /** Only meetings starting at or after this instant (e.g. a new committee term's first meeting). */
  notBefore?: Date;
}

const MAY_NOT_SUBMIT = 'Kun repræsentanter, formanden og DDH-sekretariatet kan indsende dagsordenspunkter.';
const NOT_YOURS = 'Kun den, der har indsendt punktet, kan ændre eller trække det.';
const DRAFT_GONE = 'Kladden findes ikke længere. Udfyld punktet igen.';

export class SubmissionService {
  constructor(private readonly deps: SubmissionServiceDeps) {}

  /** An empty form, or the person's kept draft; only meetings still open (late ones too for reviewers). */
  async form(actor: Actor, problems: string[] = [], draft?: Record<string, string>): Promise<AgendaFormView> {
    if (!maySubmit(actor)) throw forbidden(MAY_NOT_SUBMIT);
    const { db, calendar } = this.deps;
    // The chair and the secretariat may still put a late item on a meeting that has not been held.
    const meetings = (await calendar.upcoming()).filter((m) => mayReview(actor) || calendar.isOnTime(m));
    if (!meetings.length)
      throw new DomainError('CLOSED', 'Der er ingen kommende styregruppemøder, der er åbne for punkter.');
    const kept = draft ? null : await drafts.loadDraft(db, actor.id);
    return {
      meetings: meetings.map((m) => calendar.option(m)),
      draft: draft ?? (kept?.kind === 'fields' ? kept.fields : {}),
      problems,
      deadlineDays: calendar.deadlineDays,
      editing: null,
    };
  }

  /**
   * "Tilføj underpunkt": the form again with what was typed and one more sub-item slot. A new item's fields are
   * kept as the draft; a submitted item being changed stays as it is until "Send" (the form carries the fields).
   */
  async addSubItemSlot(
    actor: Actor,
    fields: Record<string, unknown>,
    editing: { itemId: number; version: number } | null,
  ): Promise<AgendaFormView> {
    const draft = withOneMoreSubSlot(pickDraft(fields));
    if (editing) {
      const context = await this.ownItem(actor, editing.itemId);
      const form = this.editFormOf(context);
      return { ...form, draft: { ...draft, meetingId: String(context.item.meetingId) }, editing };
    }
    if (!maySubmit(actor)) throw forbidden(MAY_NOT_SUBMIT);
    await drafts.saveDraft(this.deps.db, actor.id, draft);
    return this.form(actor, [], draft);
  }

  /**
   * Submits a card's fields; an incomplete or late item comes back as a refusal that keeps the draft. `shown` is
   * the message whose form was pressed: the answer's card replaces it and is the submitter's only copy.
   */
  async submit(actor: Actor, fields: Record<string, unknown>, shown?: ShownIn): Promise<SubmissionOutcome> {
    if (!maySubmit(actor)) throw forbidden(MAY_NOT_SUBMIT);
    return this.submitFields(actor, pickDraft(fields), 'card', shown);
  }

  /**
   * "Send til næste møde": the person's kept draft, submitted to the meeting the late refusal offered. Pressed
   * again (another copy of the refusal, or after it was sent), it answers with the item's card: one item.
   */
  async submitDraftTo(actor: Actor, meetingId: number, shown?: ShownIn): Promise<SubmissionOutcome> {
    if (!maySubmit(actor)) throw forbidden(MAY_NOT_SUBMIT);
    const draft = await drafts.loadDraft(this.deps.db, actor.id);
    if (draft?.kind === 'submitted') return this.submittedAlready(actor, draft.itemId);
    if (!draft) return { kind: 'incomplete', form: await this.form(actor, [DRAFT_GONE], {}) };
    return this.submitFields(actor, { ...draft.fields, meetingId: String(meetingId) }, 'draft', shown);
  }

  private async submitFields(
    actor: Actor,
    draft: Record<string, string>,
    from: 'card' | 'draft',
    shown: ShownIn | undefined,
  ): Promise<SubmissionOutcome> {
    const { db, clock, calendar, notices } = this.deps;
    const keep = () => drafts.saveDraft(db, actor.id, draft);
    const checked = problemsOf(draftToInput(draft));
    if (!checked.ok) {
      await keep();
      return { kind: 'incomplete', form: await this.form(actor, checked.problems, draft) };
    }
    const { meeting, upcoming } = await calendar
      .meetingForItemsWithUpcoming(checked.value.meetingId)
      .catch(async (refusal: unknown) => {
        await keep();
        throw refusal;
      });
    const late = !calendar.isOnTime(meeting);
    const reviews = mayReview(actor);
    if (late && !reviews) {
      await keep();
      return { kind: 'late', refusal: this.lateSubmission(meeting, upcoming) };
    }
    const receipt = await db.withTransaction(async (tx) => {
      const item = await repo.insertSubmittedItem(tx, checked.value, actor.id, late, clock.now(), from);
      if (!item) return null;
      return notices.announce(tx, { item, meeting, submitterName: actor.name }, upcoming, reviews, shown);
    });
    if (receipt) return { kind: 'submitted', receipt };
    // The draft was submitted by another press meanwhile: that item is the answer.
    const now = await drafts.loadDraft(db, actor.id);
    if (now?.kind === 'submitted') return this.submittedAlready(actor, now.itemId);
    return { kind: 'incomplete', form: await this.form(actor, [DRAFT_GONE], {}) };
  }

  /** The card of the item a draft became, as its submitter sees it now. */
  private async submittedAlready(actor: Actor, itemId: number): Promise<SubmissionOutcome> {
    const context = await repo.findItemWithContext(this.deps.db, itemId);
    if (!context || context.item.submitterPersonId !== actor.id)
      return { kind: 'incomplete', form: await this.form(actor, [DRAFT_GONE], {}) };
    const audience = mayReview(actor) ? 'reviewer' : 'submitter';
    const upcoming = audience === 'reviewer' ? await this.deps.calendar.upcoming() : [];
    return { kind: 'submitted', receipt: this.deps.notices.view(context, audience, upcoming) };
  }

  /** "Ret punktet": the form filled from the item, or the item's current card once it may no longer change. */
  async editForm(actor: Actor, itemId: number): Promise<EditOutcome> {
    const context = await this.ownItem(actor, itemId);
    const blocked = this.blocker(context);
    if (blocked) return { kind: 'item', item: this.deps.notices.view(context, 'submitter', [], blocked.notice) };
    return { kind: 'form', form: this.editFormOf(context) };
  }

  private editFormOf(context: ItemWithContext): AgendaFormView {
    const { calendar } = this.deps;
    const { item, meeting } = context;
    return {
      meetings: [calendar.option(meeting)],
      draft: draftOfItem(item),
      problems: [],
      deadlineDays: calendar.deadlineDays,
      editing: { itemId: item.id, version: item.version },
    };
  }

  /**
   * Saves the submitter's changes from the edit form; the meeting stays. Refusals keep the form with what was
   * typed (a toast): the deadline passed, the item was decided, or it changed since the form was opened.
   */
  async edit(actor: Actor, itemId: number, version: number, fields: Record<string, unknown>): Promise<AgendaItemView> {
    const context = await this.ownItem(actor, itemId);
    const blocked = this.blocker(context);
    if (blocked?.notice) throw new DomainError('DEADLINE_PASSED', blocked.notice);
    if (blocked)
      throw new DomainError('STALE', `Punktet er ${STATUS_LABELS[context.item.status]} og kan ikke længere ændres.`);
    const checked = problemsOf({ ...draftToInput(pickDraft(fields)), meetingId: context.item.meetingId });
    if (!checked.ok)
      throw new DomainError('INVALID_INPUT', 'Punktet mangler noget, før det kan gemmes.', {
        problems: checked.problems,
      });
    const { db, notices } = this.deps;
    return db.withTransaction(async (tx) => {
      const changed = await repo.updateItemContent(tx, itemId, version, checked.value);
      if (!changed) throw new DomainError('STALE', 'Punktet er ændret i mellemtiden. Åbn det igen og prøv på ny.');
      return (await notices.refresh(tx, { ...context, item: changed }, [])).submitter;
    });
  }

  /**
   * "Træk punktet tilbage". On a card that no longer shows the item as it is (decided, changed, or past the
   * deadline) it changes nothing and answers with the item's current card.
   */
  async withdraw(actor: Actor, itemId: number, version: number): Promise<AgendaItemView> {
    const context = await this.ownItem(actor, itemId);
    const { db, notices } = this.deps;
    const blocked = this.blocker(context);
    if (blocked || context.item.version !== version)
      return notices.view(context, 'submitter', [], blocked?.notice ?? null);
    const withdrawn = await db.withTransaction(async (tx) => {
      const changed = await repo.setStatus(tx, itemId, version, 'trukket', { reason: 'trukket af indsenderen' });
      return changed ? (await notices.refresh(tx, { ...context, item: changed }, [])).submitter : null;
    });
    if (withdrawn) return withdrawn;
    // Changed by someone else between the read and the write: the card shows what it is now.
    const current = await repo.findItemWithContext(db, itemId);
    return notices.view(current!, 'submitter', []);
  }

  /**
   * An item the bot proposes itself (e.g. a KPI follow-up), in the caller's transaction: on the next meeting still
   * open for items, else as a late item on the next planned one; no submitter, so no receipt; the secretariat
   * reviews it like any other. Null when no steering-committee meeting is planned.
   */
  async proposeGenerated(
    tx: Queryable,
    proposal: GeneratedItemProposal,
  ): Promise<{ itemId: number; meetingId: number; meetingStartsAt: Date } | null> {
    const { clock, calendar, notices } = this.deps;
    const meetings = await calendar.upcoming(tx);
    const { notBefore, ...content } = proposal;
    const eligible = notBefore ? meetings.filter((m) => m.startsAt >= notBefore) : meetings;
    const open = calendar.nextOpenOf(eligible);
    const meeting = open ?? eligible[0];
    if (!meeting) return null;
    const checked = problemsOf({
      ...content,
      meetingId: meeting.id,
      recommendation: content.recommendation ?? '',
      attachments: [],
      subItems: [],
    });
    if (!checked.ok)
      throw new Error(`generated agenda item refused by the agenda rules: ${checked.problems.join('; ')}`);
    const item = await repo.insertItem(tx, checked.value, null, !open, clock.now());
    await notices.announce(tx, { item, meeting, submitterName: null }, meetings, false);
    return { itemId: item.id, meetingId: meeting.id, meetingStartsAt: meeting.startsAt };
  }

  private lateSubmission(meeting: Meeting, upcoming: Meeting[]): LateSubmissionView {
    const next = this.deps.calendar.nextOpenOf(upcoming);
    return {
      meetingStartsAt: meeting.startsAt,
      deadline: this.deps.calendar.deadlineOf(meeting),
      nextMeeting: next ? { meetingId: next.id, startsAt: next.startsAt } : null,
    };
  }

  /**
   * Null while the submitter may still change the item; else what stops it: the item is no longer waiting (its
   * card says what became of it, no notice needed), or its meeting's deadline passed (the notice says so).
   */
  private blocker(context: ItemWithContext): { notice: string | null } | null {
    if (context.item.status !== 'indsendt') return { notice: null };
    const { calendar } = this.deps;
    return calendar.isOnTime(context.meeting) ? null : { notice: calendar.changeDeadlinePassed(context.meeting) };
  }

  /** The submitter's own item; anyone else gets the same answer whether or not the id exists. */
  private async ownItem(actor: Actor, itemId: number): Promise<ItemWithContext> {
    if (!maySubmit(actor)) throw forbidden(NOT_YOURS);
    const context = await repo.findItemWithContext(this.deps.db, itemId);
    if (!context || context.item.submitterPersonId !== actor.id) throw forbidden(NOT_YOURS);
    return context;
  }
}
