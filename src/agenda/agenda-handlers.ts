/** The agenda's card verbs and the document link: validate what the card carried, one service call, a card. */
import { z } from 'zod';
import type { ActionResult, HttpRequest, HttpResponse, Turn } from '../platform/bot-app.js';
import { parseCard, replaceWith, replyWith, requireActor, shownIn } from '../platform/handler-kit.js';
import { isDomainError } from '../shared/errors.js';
import {
  buildAgendaFormCard,
  buildAgendaItemCard,
  buildReviewQueueCard,
  buildSubmissionOutcomeCard,
  reasonInputId,
  targetInputId,
} from './agenda-cards.js';
import { buildAgendaOrderCard, buildAgendaOverviewCard, buildPublishedAgendaCard } from './agenda-meeting-cards.js';
import type { SubmissionService } from './agenda-submission-service.js';
import type { ReviewDecision, ReviewService } from './agenda-review-service.js';
import type { PublishingService } from './agenda-publishing-service.js';
import type { OrderService } from './agenda-order-service.js';

const CARD_INCOMPLETE = 'Kortet mangler oplysninger. Åbn punktet igen fra menuen.';
const id = z.coerce.number().int().positive();
const itemRef = z.object({ itemId: id, version: id });
const meetingRef = z.object({ meetingId: id });
const editingRef = z.object({ itemId: id.optional(), version: id.optional() });
const reviewInput = itemRef.extend({ queue: z.coerce.boolean().optional() });
const direction = z.enum(['up', 'down']);
const itemStep = meetingRef.extend({ itemId: id, direction, order: z.string().max(2000) });
const subItemStep = meetingRef.extend({ itemId: id, version: id, index: z.coerce.number().int().min(0), direction });
const documentLink = z.object({ meetingId: z.coerce.number().int(), v: z.coerce.number().int(), sig: z.string() });
const optionalText = (value: unknown) => (typeof value === 'string' ? value : undefined);

export interface AgendaHandlerDeps {
  submissions: SubmissionService;
  reviews: ReviewService;
  publishing: PublishingService;
  order: OrderService;
  /** For the vote buttons on a published agenda; null when no capability starts votes. */
  startVoteVerb: string | null;
}

export class AgendaHandlers {
  constructor(private readonly deps: AgendaHandlerDeps) {}

  open = async (turn: Turn): Promise<ActionResult> =>
    replaceWith(buildAgendaFormCard(await this.deps.submissions.form(requireActor(turn))));

  submit = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> =>
    replaceWith(
      buildSubmissionOutcomeCard(await this.deps.submissions.submit(requireActor(turn), data, shownIn(turn))),
    );

  addSubItem = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { itemId, version } = parseCard(editingRef, data, CARD_INCOMPLETE);
    const editing = itemId && version ? { itemId, version } : null;
    return replaceWith(buildAgendaFormCard(await this.deps.submissions.addSubItemSlot(actor, data, editing)));
  };

  nextMeeting = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId } = parseCard(meetingRef, data, CARD_INCOMPLETE);
    const outcome = await this.deps.submissions.submitDraftTo(actor, meetingId, shownIn(turn));
    return replaceWith(buildSubmissionOutcomeCard(outcome));
  };

  editOpen = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { itemId } = parseCard(itemRef, data, CARD_INCOMPLETE);
    const outcome = await this.deps.submissions.editForm(actor, itemId);
    return replaceWith(outcome.kind === 'form' ? buildAgendaFormCard(outcome.form) : buildAgendaItemCard(outcome.item));
  };

  edit = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { itemId, version } = parseCard(itemRef, data, CARD_INCOMPLETE);
    return replaceWith(buildAgendaItemCard(await this.deps.submissions.edit(actor, itemId, version, data)));
  };

  withdraw = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { itemId, version } = parseCard(itemRef, data, CARD_INCOMPLETE);
    return replaceWith(buildAgendaItemCard(await this.deps.submissions.withdraw(actor, itemId, version)));
  };

  /** Godkend / Afvis / Flyt, on a review card or on the queue (whose inputs carry the item's id). */
  review =
    (decision: ReviewDecision) =>
    async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
      const actor = requireActor(turn);
      const { itemId, version, queue } = parseCard(reviewInput, data, CARD_INCOMPLETE);
      const target = data[targetInputId(itemId)] ?? data.targetMeetingId;
      const input = {
        itemId,
        version,
        reason: optionalText(data[reasonInputId(itemId)] ?? data.reason),
        targetMeetingId: target === undefined || target === '' ? undefined : parseCard(id, target, CARD_INCOMPLETE),
      };
      if (queue)
        return replaceWith(buildReviewQueueCard(await this.deps.reviews.reviewFromQueue(actor, decision, input)));
      return replaceWith(buildAgendaItemCard(await this.deps.reviews.review(actor, decision, input)));
    };

  queue = async (turn: Turn): Promise<ActionResult> =>
    replaceWith(buildReviewQueueCard(await this.deps.reviews.queue(requireActor(turn))));

  overview = async (turn: Turn): Promise<ActionResult> =>
    replyWith(buildAgendaOverviewCard(await this.deps.publishing.overview(requireActor(turn))));

  order = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId } = parseCard(meetingRef, data, CARD_INCOMPLETE);
    return replaceWith(buildAgendaOrderCard(await this.deps.order.order(actor, meetingId)));
  };

  moveItem = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const step = parseCard(itemStep, data, CARD_INCOMPLETE);
    const view = await this.deps.order.moveItem(actor, { ...step, seenOrder: step.order });
    return replaceWith(buildAgendaOrderCard(view));
  };

  moveSubItem = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const step = parseCard(subItemStep, data, CARD_INCOMPLETE);
    return replaceWith(buildAgendaOrderCard(await this.deps.order.moveSubItem(actor, step)));
  };

  publish = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId } = parseCard(meetingRef, data, CARD_INCOMPLETE);
    const view = await this.deps.publishing.publish(actor, meetingId);
    return replaceWith(buildPublishedAgendaCard(view, { startVoteVerb: this.deps.startVoteVerb }));
  };

  /** GET /api/agenda/:meetingId/dagsorden.docx?v=&sig= : the signed link on the published card. */
  download = async (req: HttpRequest): Promise<HttpResponse> => {
    const link = documentLink.safeParse({ ...req.query, meetingId: req.params.meetingId });
    if (!link.success) return { status: 403, body: { error: 'Linket er ugyldigt eller udløbet.' } };
    const { meetingId, v, sig } = link.data;
    try {
      return {
        status: 200,
        body: await this.deps.publishing.signedDocument(meetingId, v, sig),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      };
    } catch (e) {
      if (!isDomainError(e)) throw e;
      if (e.code === 'FORBIDDEN') return { status: 403, body: { error: e.userMessage } };
      return { status: 404, body: { error: 'Dagsordenen findes ikke (måske er der udgivet en nyere version).' } };
    }
  };
}
