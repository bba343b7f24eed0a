/** The reports' card verbs and the signed CSV download: validate, one service call, a card or a file. */
import { z } from 'zod';
import type { ActionResult, HttpRequest, HttpResponse, Turn } from '../platform/bot-app.js';
import { parseCard, replaceWith, requireActor } from '../platform/handler-kit.js';
import { isDomainError } from '../shared/errors.js';
import {
  buildDecisionsReportCard,
  buildDeliveriesReportCard,
  buildNoShowReportCard,
  buildReachReportCard,
  buildReportsMenuCard,
} from './reports-cards.js';
import { REPORT_KINDS } from './reports-domain.js';
import type { ReportsService } from './reports-service.js';

const deliveriesInput = z.object({
  since: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/)
    .optional(),
});
const download = z.object({
  file: z
    .string()
    .transform((file) => file.replace(/\.csv$/, ''))
    .pipe(z.enum(REPORT_KINDS)),
  since: z.string().max(10).optional(),
  exp: z.string().max(12).optional(),
  sig: z.string().max(100).optional(),
});

export class ReportsHandlers {
  constructor(private readonly reports: ReportsService) {}

  menu = async (turn: Turn): Promise<ActionResult> => {
    this.reports.requireAccess(requireActor(turn));
    return replaceWith(buildReportsMenuCard());
  };

  noShows = async (turn: Turn): Promise<ActionResult> =>
    replaceWith(buildNoShowReportCard(await this.reports.noShows(requireActor(turn))));

  decisions = async (turn: Turn): Promise<ActionResult> =>
    replaceWith(buildDecisionsReportCard(await this.reports.decisions(requireActor(turn))));

  deliveries = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const { since } = parseCard(deliveriesInput, data, 'Vælg en dato i kalenderen.');
    return replaceWith(buildDeliveriesReportCard(await this.reports.deliveries(actor, since || null)));
  };

  reach = async (turn: Turn): Promise<ActionResult> =>
    replaceWith(buildReachReportCard(await this.reports.reach(requireActor(turn))));

  /** GET /api/reports/:file?since=&exp=&sig= : the CSV behind a report card's link. */
  download = async (req: HttpRequest): Promise<HttpResponse> => {
    const link = download.safeParse({ ...req.query, file: req.params.file });
    if (!link.success) return { status: 404, body: { error: 'Rapporten findes ikke.' } };
    try {
      const { body } = await this.reports.signedCsv(link.data.file, link.data);
      return { status: 200, body: Buffer.from(body, 'utf8'), contentType: 'text/csv; charset=utf-8' };
    } catch (e) {
      if (isDomainError(e) && e.code === 'FORBIDDEN') return { status: 403, body: { error: e.userMessage } };
      if (isDomainError(e)) return { status: 400, body: { error: e.userMessage } };
      throw e;
    }
  };
}
