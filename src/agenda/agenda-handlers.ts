/** Thin Teams handlers: validate the card's ids with zod, call one use case, answer with a card. */
import { z } from 'zod';
import type { ActionResult, HttpRequest, HttpResponse, Turn } from '../platform/bot-app.js';
import type { Actor } from '../registry/registry-types.js';
import { DomainError, forbidden, invalidInput, isDomainError } from '../shared/errors.js';
import { buildMessageCard } from '../ui/message-card.js';
import { formatDate } from '../shared/time.js';
import { upcomingMeetings } from '../registry/meeting-repository.js';
import type { AgendaService, ReviewDecision } from './agenda-service.js';
import type { AgendaPublishing } from './agenda-publishing.js';
import { AGENDA_VERBS, buildAgendaFormCard } from './agenda-cards.js';
import { mayReview } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';

const itemRef = z.object({ itemId: z.coerce.number().int().positive(), version: z.coerce.number().int().positive() });
const meetingRef = z.object({ meetingId: z.coerce.number().int().positive() });

function actorOf(turn: Turn): Actor {
  if (!turn.actor) throw new DomainError('NOT_REGISTERED', 'Du er ikke registreret i DDH. Kontakt DDH-sekretariatet.');
  return turn.actor;
}

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (!r.success) throw invalidInput('Kortet mangler oplysninger. Åbn punktet igen fra menuen.');
  return r.data;
}

export class AgendaHandlers {
  constructor(
    private readonly service: AgendaService,
    private readonly publishing: AgendaPublishing,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly deadlineDays: number,
  ) {}

  open = async (turn: Turn): Promise<ActionResult> => {
    const { meetings, draft } = await this.service.form(actorOf(turn));
    return {
      card: buildAgendaFormCard({ meetings, draft, problems: [], deadlineDays: this.deadlineDays }),
      mode: 'replace',
    };
  };

  submit = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = actorOf(turn);
    try {
      const { item } = await this.service.submit(actor, data);
      return { card: await this.service.itemCard(item, false), mode: 'replace' };
    } catch (e) {
      return this.refusal(actor, e);
    }
  };

  nextMeeting = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = actorOf(turn);
    const { meetingId } = parse(meetingRef, data);
    try {
      const { item } = await this.service.submit(actor, {
        ...(await this.service.draftOf(actor)),
        meetingId: String(meetingId),
      });
      return { card: await this.service.itemCard(item, false), mode: 'replace' };
    } catch (e) {
      return this.refusal(actor, e);
    }
  };

  editOpen = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const { itemId } = parse(itemRef, data);
    const f = await this.service.editForm(actorOf(turn), itemId);
    return {
      card: buildAgendaFormCard({
        meetings: f.meetings,
        draft: f.draft,
        problems: [],
        deadlineDays: this.deadlineDays,
        editing: { itemId, version: f.item.version },
      }),
      mode: 'replace',
    };
  };

  edit = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const { itemId, version } = parse(itemRef, data);
    const { item } = await this.service.edit(actorOf(turn), itemId, version, data);
    return { card: await this.service.itemCard(item, false), mode: 'replace' };
  };

  withdraw = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const { itemId, version } = parse(itemRef, data);
    return {
      card: await this.service.itemCard(await this.service.withdraw(actorOf(turn), itemId, version), false),
      mode: 'replace',
    };
  };

  review =
    (decision: ReviewDecision) =>
    async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
      const { itemId, version } = parse(itemRef, data);
      const extra = parse(
        z.object({ reason: z.string().optional(), targetMeetingId: z.coerce.number().int().positive().optional() }),
        data,
      );
      const item = await this.service.review(actorOf(turn), decision, itemId, version, extra);
      return { card: await this.service.itemCard(item, true), mode: 'replace' };
    };

  overview = async (turn: Turn): Promise<ActionResult> => {
    if (!mayReview(actorOf(turn))) throw forbidden('Kun formanden og DDH-sekretariatet kan udgive dagsordenen.');
    const meetings = (await upcomingMeetings(this.db, this.clock.now(), 'styregruppe'))
      .filter((m) => m.status === 'planlagt')
      .slice(0, 4);
    const lines: string[] = [];
    for (const m of meetings) {
      const items = await repo.itemsOfMeeting(this.db, m.id, ['indsendt', 'godkendt']);
      const waiting = items.filter((i) => i.status === 'indsendt').length;
      lines.push(`${formatDate(m.startsAt)}: ${items.length - waiting} godkendt, ${waiting} venter`);
    }
    return {
      card: buildMessageCard({
        title: 'Dagsordener',
        text: meetings.length ? 'Kommende styregruppemøder:' : 'Der er ingen planlagte styregruppemøder.',
        lines,
        actions: meetings.map((m) => ({
          title: `Udgiv dagsorden ${formatDate(m.startsAt)}`,
          verb: AGENDA_VERBS.publish,
          data: { meetingId: m.id },
        })),
      }),
      mode: 'reply',
    };
  };

  publish = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const { meetingId } = parse(meetingRef, data);
    const { card } = await this.publishing.publish(actorOf(turn), meetingId);
    return { card, mode: 'replace' };
  };

  /** GET /api/agenda/:meetingId/dagsorden.docx?v=&sig= : the signed link from the agenda card. */
  download = async (req: HttpRequest): Promise<HttpResponse> => {
    const meetingId = Number(req.params.meetingId);
    const version = Number(req.query.v);
    const sig = req.query.sig ?? '';
    if (
      !Number.isInteger(meetingId) ||
      !Number.isInteger(version) ||
      !this.publishing.verifyLink(meetingId, version, sig)
    ) {
      return { status: 403, body: { error: 'Linket er ugyldigt eller udløbet.' } };
    }
    try {
      const body = await this.publishing.document(meetingId, version);
      return {
        status: 200,
        body,
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      };
    } catch (e) {
      if (isDomainError(e))
        return { status: 404, body: { error: 'Dagsordenen findes ikke (måske er der udgivet en nyere version).' } };
      throw e;
    }
  };

  /** Refusals a person can act on come back as cards that keep what they typed. */
  private async refusal(actor: Actor, e: unknown): Promise<ActionResult> {
    if (!isDomainError(e)) throw e;
    if (e.code === 'INVALID_INPUT' && Array.isArray(e.details.problems)) {
      const { meetings, draft } = await this.service.form(actor);
      return {
        card: buildAgendaFormCard({
          meetings,
          draft,
          problems: e.details.problems as string[],
          deadlineDays: this.deadlineDays,
        }),
        mode: 'replace',
      };
    }
    if (e.code === 'DEADLINE_PASSED') {
      const next = e.details.nextMeetingId as number | null;
      return {
        card: buildMessageCard({
          title: 'Fristen er overskredet',
          text: e.userMessage,
          tone: 'warning',
          actions: [
            ...(next
              ? [
                  {
                    title: `Send til næste møde (${String(e.details.nextMeeting)})`,
                    verb: AGENDA_VERBS.nextMeeting,
                    data: { meetingId: next },
                  },
                ]
              : []),
            { title: 'Ret kladden', verb: AGENDA_VERBS.open },
          ],
        }),
        mode: 'replace',
      };
    }
    throw e;
  }
}
