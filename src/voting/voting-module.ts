/** Steering-committee voting in chat: menu, card verbs and the close/remind jobs. */
import { z } from 'zod';
import type { BotApp, Turn } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { copenhagenToUtc } from '../shared/time.js';
import type { Actor } from '../registry/registry-types.js';
import { CHOICES, mayRunVotes } from './voting-domain.js';
import { CLOSE_JOB, REMIND_JOB, VotingService } from './voting-service.js';
import { buildVoteFormCard, VOTING_VERBS } from './voting-cards.js';

const actorOf = (turn: Turn): Actor => {
  if (!turn.actor) throw new DomainError('NOT_REGISTERED', 'Du er ikke registreret i DDH. Kontakt DDH-sekretariatet.');
  return turn.actor;
};

function parse<S extends z.ZodTypeAny>(
  schema: S,
  data: unknown,
  message = 'Kortet mangler oplysninger. Åbn afstemningen igen.',
): z.infer<S> {
  const r = schema.safeParse(data);
  if (!r.success)
    throw invalidInput(
      r.error.issues[0]?.message && r.error.issues[0].code === 'custom' ? r.error.issues[0].message : message,
    );
  return r.data;
}

const voteRef = z.object({ voteId: z.coerce.number().int().positive() });
const castInput = voteRef.extend({ choice: z.enum(CHOICES) });
const startInput = z.object({
  question: z.string().trim().max(300).default(''),
  recommendation: z.string().trim().max(1500).default(''),
  closesOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .or(z.literal('')),
  closesAt: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional()
    .or(z.literal('')),
  anonymous: z.enum(['true', 'false']).default('false'),
  showDuring: z.enum(['true', 'false']).default('true'),
  itemId: z.union([z.literal(''), z.coerce.number().int().positive()]).optional(),
});

export interface VotingSettings {
  reminderMinutesBefore: number;
}

export interface VotingModule extends CapabilityModule {
  service: VotingService;
}

export function createVotingModule(deps: CoreDeps, settings: VotingSettings): VotingModule {
  const service = new VotingService({
    db: deps.db,
    clock: deps.clock,
    delivery: deps.delivery,
    scheduler: deps.scheduler,
    reminderMinutesBefore: settings.reminderMinutesBefore,
  });
  return { name: 'voting', service, register: (app) => registerVoting(app, deps, service) };
}

function registerVoting(app: BotApp, deps: CoreDeps, service: VotingService): void {
  app.addMenuItem({
    title: 'Ny afstemning',
    verb: VOTING_VERBS.open,
    order: 30,
    visible: (a, t) => mayRunVotes(a) && t.conversation.type !== 'personal',
  });
  app.onAction(VOTING_VERBS.open, async (turn) => {
    if (!mayRunVotes(actorOf(turn)))
      throw new DomainError('FORBIDDEN', 'Kun formanden og DDH-sekretariatet kan starte en afstemning.');
    return { card: buildVoteFormCard({}), mode: 'replace' };
  });
  app.onAction(VOTING_VERBS.startFromItem, async (turn, data) => {
    const { itemId } = parse(z.object({ itemId: z.coerce.number().int().positive() }), data);
    if (!mayRunVotes(actorOf(turn)))
      throw new DomainError('FORBIDDEN', 'Kun formanden og DDH-sekretariatet kan starte en afstemning.');
    return { card: buildVoteFormCard({ itemId }), mode: 'reply' };
  });
  app.onAction(VOTING_VERBS.start, async (turn, data) => {
    const v = parse(startInput, data, 'Udfyld spørgsmålet; lukketid som dato og klokkeslæt.');
    const itemId = typeof v.itemId === 'number' ? v.itemId : null;
    if (!itemId && v.question.length < 3) throw invalidInput('Skriv spørgsmålet, der skal stemmes om.');
    let closesAt: Date | null = null;
    if (v.closesOn) {
      try {
        closesAt = copenhagenToUtc(v.closesOn, v.closesAt || '16:00');
      } catch {
        throw invalidInput('Lukketidspunktet er ikke en gyldig dato og tid.');
      }
    }
    const vote = await service.start(actorOf(turn), turn.conversation, {
      question: v.question,
      recommendation: v.recommendation,
      closesAt,
      anonymous: v.anonymous === 'true',
      showDuring: v.showDuring === 'true',
      itemId,
    });
    return { toast: `Afstemning #${vote.id} er startet i denne chat.` };
  });
  app.onAction(VOTING_VERBS.cast, async (turn, data) => {
    const { voteId, choice } = parse(castInput, data);
    return { card: await service.cast(actorOf(turn), voteId, choice), mode: 'replace' };
  });
  app.onAction(VOTING_VERBS.refresh, async (turn, data) => {
    const { voteId } = parse(voteRef, data);
    return { card: await service.viewerCard(actorOf(turn), voteId), mode: 'replace' };
  });
  app.onAction(VOTING_VERBS.close, async (turn, data) => {
    const { voteId } = parse(voteRef, data);
    return { card: await service.close(actorOf(turn), voteId), mode: 'replace' };
  });

  deps.scheduler.work(CLOSE_JOB, async (payload) => {
    await service.close(null, Number(payload.voteId));
  });
  deps.scheduler.work(REMIND_JOB, async (payload) => {
    await service.remind(Number(payload.voteId));
  });
}
