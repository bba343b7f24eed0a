/** The meetings' card verbs and download links: validate what the card carried, one service call, a card. */
import { z } from 'zod';
import type { ActionResult, HttpRequest, HttpResponse, Turn } from '../platform/bot-app.js';
import { parseCard, replaceWith, requireActor } from '../platform/handler-kit.js';
import { isDomainError } from '../shared/errors.js';
import { buildCalendarCard, buildInvitationCard, buildMeetingCard } from './meetings-cards.js';
import { buildFollowUpCard, buildMinutesCard } from './meetings-minutes-cards.js';
import type { AttendanceService } from './meetings-attendance-service.js';
import type { CalendarService } from './meetings-calendar-service.js';
import type { ChangeService } from './meetings-change-service.js';
import type { FollowUpService } from './meetings-follow-up-service.js';
import type { InvitationFileService } from './meetings-invitation-file-service.js';
import type { MinutesService } from './meetings-minutes-service.js';

const CARD_INCOMPLETE = 'Kortet mangler oplysninger. Åbn mødet igen fra mødekalenderen.';
const id = z.coerce.number().int().positive();
const yearRef = z.object({ year: z.coerce.number().int().optional() });
const meetingRef = z.object({ meetingId: id });
const meetingVersion = meetingRef.extend({ sequence: z.coerce.number().int().nonnegative() });
const attendance = meetingRef.extend({ status: z.enum(['afbud', 'online', 'deltager']) });
const minutesVersion = meetingRef.extend({ version: id });
const followUpVersion = z.object({ followUpId: id, version: id });
const icsLink = z.object({ meetingId: id, sig: z.string().max(100) });
const docxLink = icsLink.extend({ v: id });

export interface MeetingsHandlerDeps {
  calendar: CalendarService;
  changes: ChangeService;
  attendance: AttendanceService;
  minutes: MinutesService;
  followUps: FollowUpService;
  files: InvitationFileService;
}

export class MeetingsHandlers {
  constructor(private readonly deps: MeetingsHandlerDeps) {}

  calendar = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { year } = parseCard(yearRef, data, CARD_INCOMPLETE);
    return replaceWith(buildCalendarCard(await this.deps.calendar.plan(actor, year)));
  };

  add = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> =>
    replaceWith(buildCalendarCard(await this.deps.calendar.add(requireActor(turn), data)));

  open = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId } = parseCard(meetingRef, data, CARD_INCOMPLETE);
    return replaceWith(buildMeetingCard(await this.deps.calendar.meeting(actor, meetingId)));
  };

  change = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId, sequence } = parseCard(meetingVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildMeetingCard(await this.deps.changes.change(actor, meetingId, sequence, data)));
  };

  cancel = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId, sequence } = parseCard(meetingVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildMeetingCard(await this.deps.changes.cancel(actor, meetingId, sequence)));
  };

  invite = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId, sequence } = parseCard(meetingVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildMeetingCard(await this.deps.calendar.invite(actor, meetingId, sequence)));
  };

  attendance = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId, status } = parseCard(attendance, data, CARD_INCOMPLETE);
    return replaceWith(buildInvitationCard(await this.deps.attendance.report(actor, meetingId, status)));
  };

  minutes = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId } = parseCard(meetingRef, data, CARD_INCOMPLETE);
    return replaceWith(buildMinutesCard(await this.deps.minutes.open(actor, meetingId)));
  };

  minutesSave = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId, version } = parseCard(minutesVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildMinutesCard(await this.deps.minutes.save(actor, meetingId, version, data)));
  };

  minutesSend = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId, version } = parseCard(minutesVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildMinutesCard(await this.deps.minutes.send(actor, meetingId, version, data)));
  };

  minutesApprove = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { meetingId, version } = parseCard(minutesVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildMinutesCard(await this.deps.minutes.approve(actor, meetingId, version)));
  };

  minutesCloseFollowUp = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { followUpId, version } = parseCard(followUpVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildMinutesCard(await this.deps.minutes.closeFollowUp(actor, followUpId, version)));
  };

  followUpClose = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { followUpId, version } = parseCard(followUpVersion, data, CARD_INCOMPLETE);
    return replaceWith(buildFollowUpCard(await this.deps.followUps.close(actor, followUpId, version)));
  };

  /** GET /api/meetings/:meetingId/invitation.ics?sig= : the signed link on the invitation card. */
  invitationFile = async (req: HttpRequest): Promise<HttpResponse> => {
    const link = icsLink.safeParse({ ...req.query, meetingId: req.params.meetingId });
    if (!link.success) return { status: 403, body: { error: 'Linket er ugyldigt.' } };
    return answer(async () => ({
      status: 200,
      body: Buffer.from(await this.deps.files.signedIcs(link.data.meetingId, link.data.sig), 'utf8'),
      contentType: 'text/calendar; charset=utf-8',
    }));
  };

  /** GET /api/meetings/:meetingId/referat.docx?v=&sig= : the signed link on the minutes cards. */
  minutesFile = async (req: HttpRequest): Promise<HttpResponse> => {
    const link = docxLink.safeParse({ ...req.query, meetingId: req.params.meetingId });
    if (!link.success) return { status: 403, body: { error: 'Linket er ugyldigt.' } };
    const { meetingId, v, sig } = link.data;
    return answer(async () => ({
      status: 200,
      body: await this.deps.minutes.signedDocument(meetingId, v, sig),
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    }));
  };
}

/** A refused link is 403, a link to something gone 404 (e.g. a newer version of the minutes exists). */
async function answer(make: () => Promise<HttpResponse>): Promise<HttpResponse> {
  try {
    return await make();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === 'FORBIDDEN') return { status: 403, body: { error: e.userMessage } };
    return { status: 404, body: { error: 'Findes ikke (måske er der en nyere version).' } };
  }
}
