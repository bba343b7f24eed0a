/** The agenda's card verbs and the document link: validate what the card carried, one service call, a card. */
import { z } from 'zod';
import type { ActionResult, HttpRequest, HttpResponse, Turn } from '../platform/bot-app.js';
import { parseCard, replaceWith, replyWith, requireActor } from '../platform/handler-kit.js';
import { isDomainError } from '../shared/errors.js';
import {
  buildAgendaFormCard,
  buildAgendaItemCard,
  buildAgendaOverviewCard,
  buildPublishedAgendaCard,
  buildSubmissionOutcomeCard,
} from './agenda-cards.js';
import type { SubmissionService } from './agenda-submission-service.js';
import type { ReviewDecision, ReviewService } from './agenda-review-service.js';
import type { PublishingService } from './agenda-publishing-service.js';

const CARD_INCOMPLETE = 'Kortet mangler oplysninger. Åbn punktet igen fra menuen.';
const id = z.coerce.number().int().positive();
const itemRef = z.object({ itemId: id, version: id });
const meetingRef = z.object({ meetingId: id });
const reviewInput = itemRef.extend({ reason: z.string().optional(), targetMeetingId: id.optional() });
const documentLink = z.object({ meetingId: z.coerce.number().int(), v: z.coerce.number().int(), sig: z.string() });

export interface AgendaHandlerDeps {
  submissions: SubmissionService;
  reviews: ReviewService;
  publishing: PublishingService;
  /** For the vote buttons on a published agenda; null when no capability starts votes. */
  startVoteVerb: string | null;
}

export class AgendaHandlers {
  constructor(private readonly deps: AgendaHandlerDeps) {}

  open = async (turn: Turn): Promise<ActionResult> =>
    replaceWith(buildAgendaFormCard(await this.deps.submissions.form(requireActor(turn))));

  submit = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> =>
    replaceWith(buildSubmissionOutcomeCard(await this.deps.submissions.submit(requireActor(turn), data)));

  nextMeeting = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId } = parseCard(meetingRef, data, CARD_INCOMPLETE);
    return replaceWith(buildSubmissionOutcomeCard(await this.deps.submissions.submitDraftTo(actor, meetingId)));
  };

  editOpen = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { itemId } = parseCard(itemRef, data, CARD_INCOMPLETE);
    return replaceWith(buildAgendaFormCard(await this.deps.submissions.editForm(actor, itemId)));
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

  review =
    (decision: ReviewDecision) =>
    async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
      const actor = requireActor(turn);
      const input = parseCard(reviewInput, data, CARD_INCOMPLETE);
      return replaceWith(buildAgendaItemCard(await this.deps.reviews.review(actor, decision, input)));
    };

  overview = async (turn: Turn): Promise<ActionResult> =>
    replyWith(buildAgendaOverviewCard(await this.deps.publishing.overview(requireActor(turn))));

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
