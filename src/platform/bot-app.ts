/**
 * The bot as capabilities see it. Only src/platform knows botbuilder and Teams AI;
 * capabilities register against these types, so moving to the Teams SDK touches src/platform alone.
 */
import type { Logger } from '../shared/logger.js';
import type { Actor } from '../registry/registry-types.js';
import type { ConversationType } from '../registry/conversation-repository.js';

export type { Card } from '../ui/card.js';
import type { Card } from '../ui/card.js';

export interface TurnInfo {
  /** The registry person behind the activity (the impersonated demo person in local mode), null if unknown. */
  actor: Actor | null;
  aadObjectId: string | null;
  conversation: { id: string; type: ConversationType; tenantId: string | null };
  /** The id of the message holding the card whose button was pressed. */
  replyToId: string | undefined;
  /** Action.Execute (Universal Actions) or Action.Submit. */
  via: 'execute' | 'submit' | 'message';
  log: Logger;
}

export interface Turn extends TurnInfo {
  sendCard(card: Card): Promise<string | undefined>;
  sendText(text: string): Promise<string | undefined>;
}

/**
 * What a handler answers. `card` with mode 'replace' updates the card the button was on
 * (the invoke response for Action.Execute, updateActivity for Action.Submit); 'reply' sends a new message.
 * `toast` is a short text shown without touching the card.
 */
export type ActionResult = { card: Card; mode?: 'replace' | 'reply' } | { toast: string } | void;

export type ActionHandler = (turn: Turn, data: Record<string, unknown>) => Promise<ActionResult>;
export type TextHandler = (turn: Turn, text: string) => Promise<ActionResult>;

export interface MenuItem {
  title: string;
  verb: string;
  data?: Record<string, unknown>;
  /** Lower comes first. */
  order: number;
  visible(actor: Actor, turn: TurnInfo): boolean;
}

export interface HttpRequest {
  body: unknown;
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string;
  query: Record<string, string | undefined>;
  /** Path parameters, e.g. meetingId for '/api/agenda/:meetingId/dagsorden.docx'. */
  params: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  /** JSON, or a Buffer sent as is with contentType (e.g. a Word document). */
  body: unknown;
  contentType?: string;
}

export type HttpHandler = (req: HttpRequest) => Promise<HttpResponse>;

export interface FileUpload {
  name: string;
  contentType: string;
  /** Reads the file's bytes (Teams gives a short-lived download URL). */
  download(): Promise<Buffer>;
}

export type FileHandler = (turn: Turn, file: FileUpload) => Promise<ActionResult>;

export interface BotApp {
  /** A card button, whether it arrives as Action.Execute or Action.Submit; data is untrusted input. */
  onAction(verb: string, handler: ActionHandler): void;
  /** A typed message matching pattern (checked before the menu fallback). */
  onText(pattern: RegExp, handler: TextHandler): void;
  /** A file sent to the bot in a 1:1 chat. */
  onFile(handler: FileHandler): void;
  addMenuItem(item: MenuItem): void;
  /** An HTTP endpoint beside /api/messages (ingest); no Bot Framework auth, the handler authenticates. */
  onHttp(method: 'post' | 'get', path: string, handler: HttpHandler): void;
}

/** Every card may offer a "Menu" button with this verb; the platform answers it. */
export const MENU_VERB = 'menu.show';
