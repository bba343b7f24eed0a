/**
 * Helpers for the shifts tests: signed ingest requests, what the fake connector got, and for the service contract
 * tests people with a chat with the bot, roster shifts through the real roster service, and outbox rows.
 */
import { loadActor } from '../../src/registry/registry-repository.js';
import type { Actor, Person } from '../../src/registry/registry-types.js';
import { signIngest } from '../../src/shifts/ingest-signature.js';
import type { Shift } from '../../src/shifts/shifts-domain.js';
import { activeShiftsByExternalId } from '../../src/shifts/shifts-repository.js';
import { addConversation } from '../support/conversations.js';
import { FakeConnector } from '../support/fake-connector.js';
import { addPerson, type PersonSpec } from '../support/registry-fixtures.js';
import type { TestApp } from '../support/test-app.js';

export const SECRET = 'test-secret-0123456789abcdef';

export interface SignedOptions {
  timestamp?: number;
  secret?: string;
  contentType?: string;
  signature?: string;
}

export async function signedPost(t: TestApp, path: string, body: unknown, opts: SignedOptions = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(opts.timestamp ?? Math.floor(t.clock.now().getTime() / 1000));
  const signature = opts.signature ?? signIngest(opts.secret ?? SECRET, ts, raw);
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? (typeof body === 'string' ? 'text/csv' : 'application/json'),
      'x-ddh-timestamp': ts,
      'x-ddh-signature': signature,
    },
    body: raw,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any, signature, ts, raw };
}

export const personalConv = (objectId: string) => `personal-${objectId}`;

/** Every card sent to a conversation as a new message (proactive sends go out as replies to the last activity too). */
export function cardsIn(t: TestApp, conversationId: string): any[] {
  return t.connector
    .sent(conversationId)
    .map((c) => FakeConnector.cardOf(c))
    .filter(Boolean);
}

/** The no-show alert cards a conversation received (not menus or notices). */
export function alertsTo(t: TestApp, conversationId: string, municipality?: string): any[] {
  const title = `Udeblivelse fra vagt: ${municipality ?? ''}`;
  return cardsIn(t, conversationId).filter((c) => cardTexts(c).some((x) => x.startsWith(title)));
}

export function cardUpdatesIn(t: TestApp, conversationId: string): any[] {
  return t.connector
    .updates(conversationId)
    .map((c) => FakeConnector.cardOf(c))
    .filter(Boolean);
}

/** Every text of a card (TextRun/TextBlock), to assert on what people read. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(card);
  return out;
}

export function lastCardText(cards: any[]): string {
  return cards.length ? cardTexts(cards[cards.length - 1]).join('\n') : '';
}

export function csv(rows: string[]): string {
  return ['shift_id,municipality_code,agent_email,start,end', ...rows].join('\n') + '\n';
}

/** A registry person and the actor the bot would see; `reachable` gives them a 1:1 chat with the bot. */
export async function personIn(
  t: TestApp,
  spec: PersonSpec & { reachable?: boolean },
): Promise<{ person: Person; actor: Actor }> {
  const person = await addPerson(t.deps.db, spec);
  if (spec.reachable ?? true)
    await addConversation(t.deps.db, t.connector.url, {
      id: personalConv(person.entraObjectId!),
      personId: person.id,
      objectId: person.entraObjectId!,
    });
  return { person, actor: await loadActor(t.deps.db, person) };
}

/** Puts one shift on the roster through the real roster service (which also plans its check). */
export async function rosterShift(
  t: TestApp,
  spec: {
    externalId: string;
    municipalityCode: number;
    agentEmail?: string;
    leaderEmail?: string;
    startsAt: string;
    endsAt: string;
  },
): Promise<Shift> {
  await t.app.modules.shifts.roster.importRoster({
    source: 'test',
    coveredDates: [],
    shifts: [
      {
        externalId: spec.externalId,
        municipalityCode: spec.municipalityCode,
        agentEmail: spec.agentEmail ?? `${spec.externalId.toLowerCase()}@eksempel.dk`,
        agentId: null,
        leaderEmail: spec.leaderEmail ?? null,
        startsAt: new Date(spec.startsAt),
        endsAt: new Date(spec.endsAt),
      },
    ],
  });
  return (await activeShiftsByExternalId(t.deps.db, [spec.externalId])).get(spec.externalId)!;
}

export interface OutboxRow {
  key: string;
  recipient: Record<string, unknown>;
  state: string;
}

/** Proactive messages (not card updates) whose key starts with `prefix`, in key order. */
export async function outboxSends(t: TestApp, prefix: string): Promise<OutboxRow[]> {
  const rows = await t.deps.db.query<OutboxRow>(
    `SELECT key, recipient, state FROM outbox WHERE kind = 'send' AND starts_with(key, $1) ORDER BY key`,
    [prefix],
  );
  return rows.rows;
}

export async function incidentEventsOf(
  t: TestApp,
  incidentId: number,
): Promise<{ kind: string; note: string | null }[]> {
  const rows = await t.deps.db.query<{ kind: string; note: string | null }>(
    'SELECT kind, note FROM noshow_events WHERE incident_id = $1 ORDER BY id',
    [incidentId],
  );
  return rows.rows;
}

export async function timersOf(t: TestApp, prefix: string): Promise<{ key: string; state: string }[]> {
  const rows = await t.deps.db.query<{ key: string; state: string }>(
    'SELECT key, state FROM timers WHERE starts_with(key, $1) ORDER BY key',
    [prefix],
  );
  return rows.rows;
}

/** The data a press of the button with `verb` sends: the card's own data (with its instance token) plus what was typed. */
export function pressData(card: any, verb: string, typed: Record<string, unknown> = {}): Record<string, unknown> {
  const found: any[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ((v.type === 'Action.Execute' || v.type === 'Action.Submit') && v.verb === verb) found.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  if (!found.length) throw new Error(`no button ${verb} on the card`);
  return { ...found[0].data, ...typed };
}

/** The buttons a card shows (titles), ShowCard sub-cards included. */
export function buttonTitles(card: any): string[] {
  return (card?.actions ?? []).map((action: any) => action.title);
}
