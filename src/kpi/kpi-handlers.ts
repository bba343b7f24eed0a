/**
 * The KPI card, text and file handlers: validate the (untrusted) input with zod, call one service method, and
 * answer with the card built from the view the service returned.
 */
import { z } from 'zod';
import type { ActionResult, FileUpload, Turn } from '../platform/bot-app.js';
import { parseCard, replaceWith, replyWith, requireActor, toast } from '../platform/handler-kit.js';
import { invalidInput } from '../shared/errors.js';
import { buildMunicipalityCard, buildOverviewCard } from './kpi-cards.js';
import { buildImportReceiptCard, buildUploadCard } from './kpi-secretariat-cards.js';
import type { KpiImportService } from './kpi-import-service.js';
import type { KpiWarningService } from './kpi-warning-service.js';

export const MAX_UPLOAD_BYTES = 20 * 2 ** 20;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const municipalityCode = z.coerce.number().int().min(100).max(999);
const page = z.coerce.number().int().min(1).max(1000);
// eslint-disable-next-line no-control-regex -- control characters never belong in a plan
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/** The plan's messages are custom issues, so the handler kit shows them as written. */
const planText = z
  .string()
  .optional()
  .refine((plan) => plan !== undefined, 'Skriv opfølgningsplanen i feltet.')
  .transform((plan) => (plan ?? '').replace(CONTROL, '').trim())
  .refine((plan) => plan.length >= 10, 'Skriv mindst et par linjer om, hvad kommunen gør.')
  .refine((plan) => plan.length <= 2000, 'Planen må højst være 2000 tegn.');

const schemas = {
  warning: z.object({ warningId: id }),
  plan: z.object({ warningId: id, plan: planText }),
  training: z.object({
    personId: id,
    municipalityCode: municipalityCode.optional(),
    view: z.enum(['warning', 'overview']).optional(),
    warningId: id.optional(),
    page: page.optional(),
  }),
  overview: z.object({ municipalityCode: municipalityCode.optional(), page: page.optional() }),
};

export class KpiHandlers {
  constructor(
    private readonly imports: KpiImportService,
    private readonly warnings: KpiWarningService,
  ) {}

  upload = async (turn: Turn): Promise<ActionResult> => {
    const view = await this.imports.uploadInstructions(requireActor(turn));
    return replaceWith(buildUploadCard(view.latestPeriod));
  };

  overview = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const input = parseCard(schemas.overview, data);
    return replaceWith(
      buildOverviewCard(await this.warnings.overview(requireActor(turn), input.municipalityCode, input.page)),
    );
  };

  /** "kpi" or "kpi 791" typed in a chat: the same view as the menu button, as a new message. */
  overviewText = async (turn: Turn, text: string): Promise<ActionResult> => {
    const typed = /(\d{3})/.exec(text)?.[1];
    const overview = await this.warnings.overview(requireActor(turn), typed ? Number(typed) : undefined);
    return replyWith(buildOverviewCard(overview));
  };

  acknowledge = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const input = parseCard(schemas.warning, data);
    return replaceWith(buildMunicipalityCard(await this.warnings.acknowledge(requireActor(turn), input.warningId)));
  };

  plan = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const input = parseCard(schemas.plan, data);
    const view = await this.warnings.savePlan(requireActor(turn), input.warningId, input.plan);
    return replaceWith(buildMunicipalityCard(view));
  };

  trainingDone = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const input = parseCard(schemas.training, data);
    const result = await this.warnings.completeTraining(requireActor(turn), input.personId, input);
    return result.redraw ? replaceWith(buildOverviewCard(result.redraw)) : toast(result.toast);
  };

  /**
   * The bot's only file handler (the platform has one): the service tells files apart by content. Today the only
   * file the bot takes is the month's KPI statistics from the secretariat; anything else gets a Danish explanation.
   */
  file = async (turn: Turn, file: FileUpload): Promise<ActionResult> => {
    const actor = requireActor(turn);
    const bytes = await file.download();
    if (bytes.length > MAX_UPLOAD_BYTES) throw invalidInput('Filen er for stor (højst 20 MB).');
    // Plain text without the file name: a text message renders markdown, and the name is user input.
    const summary = await this.imports.importUpload(bytes, file.name, actor, () =>
      turn.sendText('Filen er modtaget. Jeg kontrollerer alle rækker, før noget bliver gemt …'),
    );
    return replyWith(buildImportReceiptCard(summary));
  };
}
