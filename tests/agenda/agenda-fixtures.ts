/**
 * The agenda services' world for contract tests: the real app on one database kind, invented people with each
 * role, and three steering-committee meetings around "now" (2026-11-24 10:00 Copenhagen): one past its deadline,
 * one open, one later. Deadlines are 14 days before, at 23:59:59 Copenhagen time.
 */
import { expect } from 'vitest';
import type { Db, Queryable } from '../../src/db/database.js';
import type { AgendaModule } from '../../src/agenda/agenda-module.js';
import type { Actor, Meeting } from '../../src/registry/registry-types.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import type { ErrorCode } from '../../src/shared/errors.js';
import type { DatabaseKind } from '../support/databases.js';
import { addConversation } from '../support/conversations.js';
import { addMeeting, addMembers, addPerson, setCommittee } from '../support/registry-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

export interface AgendaWorld {
  t: TestApp;
  db: Db;
  agenda: AgendaModule;
  /** Representative for Viborg (791). */
  rep: Actor;
  /** Representative for Aarhus (751). */
  otherRep: Actor;
  secretary: Actor;
  chair: Actor;
  /** An agent: may do nothing with the agenda. */
  agent: Actor;
  /** 05.12.2026; its deadline (21.11.2026 23:59:59) has passed. */
  lateMeeting: Meeting;
  /** 20.12.2026; deadline 06.12.2026 23:59:59. */
  openMeeting: Meeting;
  /** 14.01.2027; deadline 31.12.2026 23:59:59. */
  laterMeeting: Meeting;
}

export const NOW = '2026-11-24T09:00:00Z';

export async function startAgendaWorld(kind: DatabaseKind): Promise<AgendaWorld> {
  const t = await startTestApp({ now: NOW, database: kind });
  const db = t.deps.db;
  await addMembers(db, [791, 751]);
  const people = {
    rep: await addPerson(db, { name: 'Rikke Repræsentant', roles: [[791, 'repraesentant']] }),
    otherRep: await addPerson(db, { name: 'Anders Andersen', roles: [[751, 'repraesentant']] }),
    secretary: await addPerson(db, { name: 'Søren Sekretær', secretariat: true }),
    chair: await addPerson(db, { name: 'Freja Formand' }),
    agent: await addPerson(db, { name: 'Aske Agent', roles: [[791, 'agent']] }),
  };
  await setCommittee(db, { chairId: people.chair.id, seats: [{ code: 751, memberId: people.otherRep.id }] });
  await addConversation(db, t.connector.url, { id: '19:sekretariat@thread.v2', type: 'groupChat' });
  await setNamedConversation(db, 'sekretariat', '19:sekretariat@thread.v2');
  const actor = async (objectId: string) => (await t.deps.registry.identify(objectId))!;
  return {
    t,
    db,
    agenda: t.app.modules.agenda,
    rep: await actor(people.rep.entraObjectId!),
    otherRep: await actor(people.otherRep.entraObjectId!),
    secretary: await actor(people.secretary.entraObjectId!),
    chair: await actor(people.chair.entraObjectId!),
    agent: await actor(people.agent.entraObjectId!),
    lateMeeting: await addMeeting(db, { startsAt: '2026-12-05T09:00:00Z', place: 'Viborg Rådhus', host: 791 }),
    openMeeting: await addMeeting(db, { startsAt: '2026-12-20T09:00:00Z', place: 'Aarhus Rådhus', host: 751 }),
    laterMeeting: await addMeeting(db, { startsAt: '2027-01-14T09:00:00Z', place: 'Aarhus Rådhus', host: 751 }),
  };
}

/** The form's fields for a complete decision item. */
export const itemFields = (meetingId: number, title = 'Vagtplanen 2027') => ({
  meetingId: String(meetingId),
  title,
  markers: 'O,B',
  presenter: 'Rikke Repræsentant, Viborg',
  introduction: 'Forslag til ny vagtplan.',
  recommendation: 'Det indstilles, at vagtplanen godkendes.',
  attachment1Name: 'Vagtplan',
  attachment1Url: 'https://eksempel.dk/vagtplan.xlsx',
});

/** The promise is refused with a DomainError of this code (and this message, when given). */
export async function expectRefusal(promise: Promise<unknown>, code: ErrorCode, message?: string): Promise<void> {
  const expected = message ? { code, userMessage: message } : { code };
  await expect(promise).rejects.toMatchObject(expected);
}

export interface OutboxRow {
  key: string;
  kind: string;
  recipient: Record<string, unknown>;
  card_ref: string | null;
  card: Record<string, unknown> | null;
}

/** Outbox rows whose key starts with the prefix, by key. */
export async function outboxRows(db: Queryable, keyPrefix: string): Promise<OutboxRow[]> {
  const r = await db.query<OutboxRow>(
    'SELECT key, kind, recipient, card_ref, card FROM outbox WHERE key LIKE $1 ORDER BY key',
    [`${keyPrefix}%`],
  );
  return r.rows;
}

export async function countOf(db: Queryable, table: string): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
}

/** The data a press of the button with `verb` sends: the card's own data plus what the person typed. */
export function pressData(
  card: unknown,
  verb: string,
  typed: Record<string, unknown> = {},
  match: (data: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const node = value as Record<string, unknown>;
      if (node.type === 'Action.Execute' && node.verb === verb && match((node.data ?? {}) as Record<string, unknown>))
        found.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  if (!found.length) throw new Error(`no button ${verb} on the card`);
  return { ...(found[0].data as Record<string, unknown>), ...typed };
}

/** The verbs of every Action.Execute on a card. */
export function verbsOf(card: unknown): string[] {
  const verbs: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const node = value as Record<string, unknown>;
      if (node.type === 'Action.Execute') verbs.push(String(node.verb));
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return verbs;
}
