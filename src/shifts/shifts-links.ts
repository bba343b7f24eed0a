/**
 * The no-show capability's links outside Teams: the acknowledgement link in an SMS (GET shows the page, POST is its
 * button) and the month's CSV for the secretariat. Both are signed with the bot's link secret; nothing is looked up
 * before the signature is checked.
 */
import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../platform/bot-app.js';
import { isDomainError } from '../shared/errors.js';
import { ackPage } from './ack-page.js';
import type { NoShowActionService } from './noshow-action-service.js';
import type { NoShowHistoryService } from './noshow-history-service.js';

const HTML = 'text/html; charset=utf-8';
const monthLink = z.object({ m: z.string().regex(/^\d{4}-\d{2}$/), sig: z.string().min(1).max(100) });

export function ackLinkHandlers(actions: NoShowActionService) {
  const token = (req: HttpRequest) => String(req.params.token ?? '').slice(0, 200);
  return {
    show: async (req: HttpRequest): Promise<HttpResponse> => {
      const { status, body } = ackPage(await actions.linkPage(token(req)));
      return { status, body, contentType: HTML };
    },
    acknowledge: async (req: HttpRequest): Promise<HttpResponse> => {
      const { status, body } = ackPage(await actions.acknowledgeByLink(token(req)));
      return { status, body, contentType: HTML };
    },
  };
}

/** GET /api/shifts/udeblivelser.csv?m=2026-11&sig=… */
export function monthCsvHandler(history: NoShowHistoryService) {
  return async (req: HttpRequest): Promise<HttpResponse> => {
    const link = monthLink.safeParse(req.query);
    if (!link.success) return { status: 403, body: { error: 'Linket er ugyldigt eller udløbet.' } };
    try {
      const csv = await history.signedCsv(link.data.m, link.data.sig);
      return { status: 200, body: Buffer.from(csv, 'utf8'), contentType: 'text/csv; charset=utf-8' };
    } catch (e) {
      if (isDomainError(e)) return { status: 403, body: { error: e.userMessage } };
      throw e;
    }
  };
}
