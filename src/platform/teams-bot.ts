import { createHash } from 'node:crypto';
import { AuthenticationError } from 'botframework-connector';
import { TurnContext, type Activity } from 'botbuilder';
import { Application, TurnState, type AdaptiveCard } from '@microsoft/teams-ai';
import type { Storage, StoreItems } from 'botbuilder';
import type { Logger } from '../shared/logger.js';
import { isDomainError } from '../shared/errors.js';
import type { Actor } from '../registry/registry-types.js';
import type { ConversationType, StoredConversation } from '../registry/conversation-repository.js';
import type {
  ActionHandler,
  ActionResult,
  BotApp,
  Card,
  FileHandler,
  HttpHandler,
  MenuItem,
  TextHandler,
  Turn,
  TurnInfo,
} from './bot-app.js';
import { MENU_VERB } from './bot-app.js';
import { conversationFromActivity } from './conversation-reference.js';
import type { DdhAdapter } from './adapter.js';
import { downloadTeamsFile, teamsFileOf } from './teams-files.js';
import { checkActivity } from './activity-guard.js';
import { stampCard, takeCardToken } from './card-stamp.js';
import { commandFor, isMenuWord } from './typed-commands.js';
import type { PressStore } from './press-store.js';

export interface TeamsBotHooks {
  identify(aadObjectId: string | null): Promise<Actor | null>;
  /** The actor and the stored Teams AI state in one read; every activity needs both before its handler runs. */
  loadTurn(aadObjectId: string | null, stateKeys: string[]): Promise<{ actor: Actor | null; items: StoreItems }>;
  saveConversation(c: Omit<StoredConversation, 'deadAt'>): Promise<void>;
  /** The menu card; `notice` is a first line such as "Det forstod jeg ikke". */
  menu(turn: TurnInfo, items: MenuItem[], notice?: string): Promise<Card>;
  errorCard(message: string): Card;
  /** Once-only presses across instances. */
  presses: PressStore;
  log: Logger;
}

interface Route {
  method: 'post' | 'get';
  path: string;
  handler: HttpHandler;
}

const CARD = 'application/vnd.microsoft.card.adaptive';
const STALE_BUTTON = 'Knappen hører til en ældre udgave af kortet. Skriv "menu" for at starte forfra.';
const NOT_UNDERSTOOD = 'Det forstod jeg ikke. Vælg herunder, eller skriv navnet på en knap.';
const ALREADY_PRESSED = 'Knappen er allerede trykket; kortet opdateres om et øjeblik.';
const GENERIC_ERROR =
  'Der opstod en uventet fejl. Prøv igen om lidt, eller kontakt DDH-sekretariatet, hvis det bliver ved.';

/** The one place that turns Teams activities into calls on capability handlers. */
export class TeamsBot implements BotApp {
  readonly application: Application<TurnState>;
  readonly routes: Route[] = [];
  private readonly actions = new Map<string, ActionHandler>();
  private readonly texts: [RegExp, TextHandler][] = [];
  private readonly menuItems: MenuItem[] = [];
  private fileHandler: FileHandler | null = null;

  constructor(
    readonly adapter: DdhAdapter,
    storage: Storage,
    private readonly hooks: TeamsBotHooks,
  ) {
    this.application = new Application<TurnState>({
      adapter,
      storage,
      startTypingTimer: false,
      removeRecipientMention: true,
      turnStateFactory: () => new ActorLoadingTurnState(hooks.loadTurn),
    });
  }

  onAction(verb: string, handler: ActionHandler): void {
    if (this.actions.has(verb)) throw new Error(`Card verb registered twice: ${verb}`);
    this.actions.set(verb, handler);
  }
  onText(pattern: RegExp, handler: TextHandler): void {
    this.texts.push([pattern, handler]);
  }
  onFile(handler: FileHandler): void {
    this.fileHandler = handler;
  }
  addMenuItem(item: MenuItem): void {
    this.menuItems.push(item);
  }
  onHttp(method: 'post' | 'get', path: string, handler: HttpHandler): void {
    this.routes.push({ method, path, handler });
  }

  /** Call once, after every capability has registered. */
  wire(): void {
    const app = this.application;
    const remember = async (ctx: TurnContext) => {
      await this.hooks.saveConversation(conversationFromActivity(ctx.activity));
      return true;
    };
    app.turn('beforeTurn', remember);
    app.conversationUpdate('membersAdded', async (ctx) => {
      const botAdded = ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient.id);
      if (botAdded) await this.reply(ctx, await this.menuResult(ctx));
    });
    app.activity('installationUpdate', async () => undefined);
    // "Tilbage til menuen" on any card.
    this.actions.set(MENU_VERB, async (turn) => this.menuFor(turn));
    for (const [verb, handler] of this.actions) {
      app.adaptiveCards.actionExecute(
        verb,
        async (ctx, _state, data) => (await this.execute(ctx, 'execute', verb, handler, data)) as AdaptiveCard | string,
      );
      app.adaptiveCards.actionSubmit(verb, async (ctx, _state, data) => {
        const answer = await this.execute(ctx, 'submit', verb, handler, data);
        if (typeof answer === 'string' && answer) await ctx.sendActivity(answer);
      });
    }
    // A button from an older card version whose verb no longer exists: say so instead of failing.
    app.adaptiveCards.actionExecute(/[\s\S]*/, async () => STALE_BUTTON);
    // A function selector, not a RegExp: Teams AI's RegExp selector skips messages without text, and a file
    // sent with no words must still reach the file handler.
    app.message(
      async (ctx) => ctx.activity.type === 'message',
      async (ctx) => this.onMessage(ctx),
    );
    app.error(async (ctx, err) => {
      this.hooks.log.error({ err, activityId: ctx.activity.id, type: ctx.activity.type }, 'turn failed');
      // The user gets a Danish answer where Teams shows one; a failed reply is logged, never thrown again.
      const answer =
        ctx.activity.type === 'invoke' && ctx.activity.name === 'adaptiveCard/action'
          ? ctx.sendActivity({
              type: 'invokeResponse',
              value: {
                status: 200,
                body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: GENERIC_ERROR },
              },
            })
          : ctx.activity.type === 'message'
            ? ctx.sendActivity(GENERIC_ERROR)
            : null;
      await answer?.catch((e: unknown) => this.hooks.log.warn({ err: e }, 'error answer not delivered'));
    });
  }

  /**
   * One activity through the SDK's authentication and the Teams AI app. Unlike CloudAdapter.process, a
   * token the SDK rejects for any reason is a 401 (the JWT library's errors would otherwise be a 500),
   * and no error text reaches the caller.
   */
  async handle(body: unknown, authHeader: string): Promise<{ status: number; body?: unknown }> {
    const checked = checkActivity(body);
    if (!checked.ok) {
      this.hooks.log.warn({ reason: checked.reason }, 'activity refused at the door');
      return { status: 400, body: { error: 'Ugyldig aktivitet' } };
    }
    try {
      const activity = checked.activity as unknown as Activity;
      const res = await this.adapter.authenticateAndRun(authHeader, activity, (ctx) =>
        this.application.run(ctx).then(() => undefined),
      );
      return { status: res?.status ?? 200, body: res?.body };
    } catch (err) {
      if (isAuthenticationFailure(err)) {
        this.hooks.log.warn({ reason: (err as Error).name }, 'activity refused: authentication failed');
        return { status: 401, body: { error: 'Unauthorized' } };
      }
      this.hooks.log.error({ err }, 'activity failed');
      return { status: 500, body: { error: 'Der opstod en intern fejl.' } };
    }
  }

  private async onMessage(ctx: TurnContext): Promise<void> {
    const file = teamsFileOf(ctx.activity);
    if (file && this.fileHandler) {
      const handler = this.fileHandler;
      const upload = {
        name: file.name,
        contentType: file.contentType,
        download: () => downloadTeamsFile(file.downloadUrl),
      };
      return this.reply(ctx, (await this.guard(ctx, 'message', (turn) => handler(turn, upload))).result);
    }
    const text = (ctx.activity.text ?? '').trim();
    const match = this.texts.find(([p]) => p.test(text));
    if (match) return this.reply(ctx, (await this.guard(ctx, 'message', (turn) => match[1](turn, text))).result);
    if (isMenuWord(text)) return this.reply(ctx, await this.menuResult(ctx));
    // A button's title typed as text runs that button, for those who may see it.
    const turn = await this.turnFor(ctx, 'message');
    const command = commandFor(text, this.visibleItems(turn));
    const handler = command && this.actions.get(command.verb);
    if (command && handler)
      return this.reply(ctx, (await this.guard(ctx, 'message', (t) => handler(t, { ...(command.data ?? {}) }))).result);
    return this.reply(ctx, await this.menuFor(turn, NOT_UNDERSTOOD));
  }

  private async menuResult(ctx: TurnContext): Promise<ActionResult> {
    return this.menuFor(await this.turnFor(ctx, 'message'));
  }

  private async menuFor(turn: TurnInfo, notice?: string): Promise<ActionResult> {
    // A menu button on a card turns that card into the menu; typed text gets a new message.
    const card = await this.hooks.menu(turn, this.visibleItems(turn), notice);
    return { card, mode: turn.via === 'message' ? 'reply' : 'replace' };
  }

  private visibleItems(turn: TurnInfo): MenuItem[] {
    const actor = turn.actor;
    if (!actor) return [];
    return this.menuItems.filter((i) => i.visible(actor, turn)).sort((a, b) => a.order - b.order);
  }

  /**
   * A card button. A press carries its card instance's token; the same button on the same instance by the same
   * person is acted on once (press-store.ts), and a repeat is answered as the first press was. Automatic refreshes
   * (Universal Actions) only read, so they are never held back.
   */
  private async execute(
    ctx: TurnContext,
    via: 'execute' | 'submit',
    verb: string,
    handler: ActionHandler,
    data: unknown,
  ): Promise<Card | string> {
    // Storable already: the whole activity was cleaned at the door (activity-guard.ts).
    const input =
      data && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : {};
    const token = takeCardToken(input);
    const automatic = (ctx.activity.value as { trigger?: unknown } | undefined)?.trigger === 'automatic';
    const person = ctx.activity.from?.aadObjectId ?? ctx.activity.from?.id;
    const key = token && !automatic && person ? pressKey(token, verb, person) : null;
    if (key) {
      const claim = await this.hooks.presses.claim(key);
      if (claim.kind === 'repeat') return this.answer(ctx, via, claim.result, true);
      if (claim.kind === 'busy') return ALREADY_PRESSED;
    }
    let outcome: Guarded;
    try {
      outcome = await this.guard(ctx, via, (turn) => handler(turn, input));
    } catch (e) {
      if (key) await this.hooks.presses.release(key).catch(() => undefined);
      throw e;
    }
    if (key && outcome.refused) await this.hooks.presses.release(key);
    else if (key) await this.hooks.presses.complete(key, outcome.result);
    return this.answer(ctx, via, outcome.result, false);
  }

  /** What a press answers: the card in place of the pressed one, a new message, or a short text. */
  private async answer(
    ctx: TurnContext,
    via: 'execute' | 'submit',
    result: ActionResult,
    repeat: boolean,
  ): Promise<Card | string> {
    if (result && 'toast' in result) return result.toast;
    if (result && 'card' in result) {
      if ((result.mode ?? 'replace') === 'replace') {
        if (via === 'execute') return stampCard(result.card);
        if (ctx.activity.replyToId) {
          await ctx.updateActivity({
            id: ctx.activity.replyToId,
            type: 'message',
            attachments: [cardAttachment(result.card)],
          });
          return '';
        }
      }
      // A repeated press must not post the same new message twice.
      if (!repeat) await ctx.sendActivity({ attachments: [cardAttachment(result.card)] });
    }
    return via === 'execute' ? 'Udført.' : '';
  }

  /** Runs a handler with a resolved turn; errors users can act on become Danish answers, the rest go to app.error. */
  private async guard(
    ctx: TurnContext,
    via: TurnInfo['via'],
    fn: (turn: Turn) => Promise<ActionResult>,
  ): Promise<Guarded> {
    const turn = await this.turnFor(ctx, via);
    try {
      return { result: await fn(turn), refused: false };
    } catch (e) {
      if (!isDomainError(e)) throw e;
      turn.log.info({ code: e.code }, 'action refused');
      const result: ActionResult =
        via === 'execute' ? { toast: e.userMessage } : { card: this.hooks.errorCard(e.userMessage), mode: 'reply' };
      return { result, refused: true };
    }
  }

  private async reply(ctx: TurnContext, result: ActionResult): Promise<void> {
    if (result && 'card' in result) await ctx.sendActivity({ attachments: [cardAttachment(result.card)] });
    else if (result && 'toast' in result) await ctx.sendActivity(result.toast);
  }

  private async turnFor(ctx: TurnContext, via: TurnInfo['via']): Promise<Turn> {
    const a = ctx.activity;
    const conv = conversationFromActivity(a);
    const aadObjectId = a.from?.aadObjectId ?? null;
    const log = this.hooks.log.child({ activityId: a.id, conversationId: a.conversation?.id, tenantId: conv.tenantId });
    const actor = ctx.turnState.has(LOADED_ACTOR)
      ? (ctx.turnState.get(LOADED_ACTOR) as Actor | null)
      : await this.hooks.identify(aadObjectId);
    const send = async (activity: Partial<Activity>) => (await ctx.sendActivity(activity))?.id;
    return {
      actor,
      aadObjectId,
      conversation: { id: conv.id, type: conv.type as ConversationType, tenantId: conv.tenantId },
      replyToId: a.replyToId,
      via,
      log,
      sendCard: (card) => send({ attachments: [cardAttachment(card)] }),
      sendText: (text) => send({ text }),
    };
  }
}

interface Guarded {
  result: ActionResult;
  /** A DomainError the user can act on: nothing changed, so the same button may be pressed again. */
  refused: boolean;
}

/** Every card leaves the bot as a fresh instance (card-stamp.ts). */
function cardAttachment(card: Card) {
  return { contentType: CARD, content: stampCard(card) };
}

/** One press: this card instance, this button, this person. */
function pressKey(token: string, verb: string, person: string): string {
  return createHash('sha256').update(`${token}\u0000${verb}\u0000${person}`).digest('base64url');
}

const JWT_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

function isAuthenticationFailure(err: unknown): boolean {
  return err instanceof AuthenticationError || (err instanceof Error && JWT_ERRORS.has(err.name));
}

const LOADED_ACTOR = Symbol('ddh.actor');

/**
 * Teams AI turn state whose storage read also brings the actor (one database round trip instead of two);
 * the actor waits in the TurnContext for the handler. Writes go to the storage unchanged.
 */
class ActorLoadingTurnState extends TurnState {
  constructor(private readonly loadTurn: TeamsBotHooks['loadTurn']) {
    super();
  }

  override load(context: TurnContext, storage?: Storage): Promise<boolean> {
    if (!storage) return super.load(context, storage);
    const loadTurn = this.loadTurn;
    const withActor: Storage = {
      async read(keys: string[]) {
        const { actor, items } = await loadTurn(context.activity.from?.aadObjectId ?? null, keys);
        context.turnState.set(LOADED_ACTOR, actor);
        return items;
      },
      write: (changes) => storage.write(changes),
      delete: (keys) => storage.delete(keys),
    };
    return super.load(context, withActor);
  }
}
