/** Thin card, text and file handlers: validate the (untrusted) input with zod, call one service method, answer with a card. */
import { z } from 'zod';
import type { ActionResult, FileUpload, Turn } from '../platform/bot-app.js';
import type { Actor } from '../registry/registry-types.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { buildImportReceiptCard } from './kpi-cards.js';
import { describeImport, type KpiImportService } from './kpi-import-service.js';
import type { KpiWarningService } from './kpi-warning-service.js';

export const MAX_UPLOAD_BYTES = 20 * 2 ** 20;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const code = z.coerce.number().int().min(100).max(999);
// eslint-disable-next-line no-control-regex -- control characters never belong in a plan
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

const schemas = {
  warning: z.object({ warningId: id }),
  plan: z.object({
    warningId: id,
    plan: z
      .string({ required_error: 'Skriv opfølgningsplanen i feltet.' })
      .transform((v) => v.replace(CONTROL, '').trim())
      .pipe(
        z
          .string()
          .min(10, 'Skriv mindst et par linjer om, hvad kommunen gør.')
          .max(2000, 'Planen må højst være 2000 tegn.'),
      ),
  }),
  training: z.object({
    personId: id,
    municipalityCode: code.optional(),
    view: z.enum(['warning', 'overview']).optional(),
    warningId: id.optional(),
    page: z.coerce.number().int().min(1).max(1000).optional(),
  }),
  overview: z.object({ municipalityCode: code.optional(), page: z.coerce.number().int().min(1).max(1000).optional() }),
};

function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (!r.success)
    throw invalidInput(
      r.error.issues[0]?.message && !r.error.issues[0].message.startsWith('Expected')
        ? r.error.issues[0].message
        : 'Kortet mangler oplysninger. Skriv "menu" og prøv igen.',
    );
  return r.data;
}

function actorOf(turn: Turn): Actor {
  if (!turn.actor)
    throw new DomainError('NOT_REGISTERED', 'Du er ikke registreret i DDH-botten. Kontakt DDH-sekretariatet.');
  return turn.actor;
}

export class KpiHandlers {
  constructor(
    private readonly imports: KpiImportService,
    private readonly warnings: KpiWarningService,
  ) {}

  upload = async (turn: Turn): Promise<ActionResult> => ({
    card: await this.imports.uploadInstructions(actorOf(turn)),
    mode: 'replace',
  });

  overview = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const d = parse(schemas.overview, data);
    return { card: await this.warnings.overview(actorOf(turn), d.municipalityCode, d.page), mode: 'replace' };
  };

  /** "kpi" or "kpi 791" typed in a chat: the same view as the menu button, as a new message. */
  overviewText = async (turn: Turn, text: string): Promise<ActionResult> => {
    const typed = /(\d{3})/.exec(text)?.[1];
    return { card: await this.warnings.overview(actorOf(turn), typed ? Number(typed) : undefined), mode: 'reply' };
  };

  acknowledge = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const d = parse(schemas.warning, data);
    return { card: await this.warnings.acknowledge(actorOf(turn), d.warningId), mode: 'replace' };
  };

  plan = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const d = parse(schemas.plan, data);
    return { card: await this.warnings.savePlan(actorOf(turn), d.warningId, d.plan), mode: 'replace' };
  };

  trainingDone = async (turn: Turn, data: Record<string, unknown>): Promise<ActionResult> => {
    const d = parse(schemas.training, data);
    const r = await this.warnings.completeTraining(actorOf(turn), d.personId, d);
    return r.card ? { card: r.card, mode: 'replace' } : { toast: r.toast };
  };

  /**
   * The bot's only file handler (the platform has one): the service tells files apart by content. Today the only
   * file the bot takes is the month's KPI statistics from the secretariat; anything else gets a Danish explanation.
   */
  file = async (turn: Turn, file: FileUpload): Promise<ActionResult> => {
    const actor = actorOf(turn);
    const bytes = await file.download();
    if (bytes.length > MAX_UPLOAD_BYTES) throw invalidInput('Filen er for stor (højst 20 MB).');
    // Plain text without the file name: a text message renders markdown, and the name is user input.
    const summary = await this.imports.importUpload(bytes, file.name, actor, () =>
      turn.sendText('Filen er modtaget. Jeg kontrollerer alle rækker, før noget bliver gemt …'),
    );
    return { card: buildImportReceiptCard(describeImport(summary), summary.period), mode: 'reply' };
  };
}
