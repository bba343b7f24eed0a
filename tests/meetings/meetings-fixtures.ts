/**
 * The meetings' world for flow tests: the real app on one database kind, invented people in a four-seat committee
 * (Aarhus with the chair, Viborg and Furesø with deputies, Odder without), the secretariat, a representative, an
 * agent, a 1:1 chat with the bot for each and the secretariat's chat. "Now" is 24.11.2026 10:00 Copenhagen time.
 */
import { expect } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { Actor } from '../../src/registry/registry-types.js';
import { setNamedConversation } from '../../src/registry/conversation-repository.js';
import { addConversation } from '../support/conversations.js';
import { FakeConnector, type RecordedCall } from '../support/fake-connector.js';
import type { DatabaseKind } from '../support/databases.js';
import { addMembers, addPerson, setCommittee, type PersonSpec } from '../support/registry-fixtures.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../support/test-app.js';
import { MEETINGS_VERBS } from '../../src/meetings/meetings-cards.js';

export const NOW = '2026-11-24T09:00:00Z';
export const SECRETARIAT_CHAT = '19:sekretariat@thread.v2';

export const PEOPLE = {
  secretary: { name: 'Sara Sekretær', secretariat: true },
  chair: { name: 'Anders Formand', roles: [[751, 'repraesentant']] },
  viborg: { name: 'Vibeke Medlem', roles: [[791, 'repraesentant']] },
  viborgDeputy: { name: 'Villads Suppleant' },
  furesoe: { name: 'Frida Medlem' },
  furesoeDeputy: { name: 'Finn Suppleant' },
  odder: { name: 'Otto Medlem' },
  rep: { name: 'Rikke Repræsentant', roles: [[190, 'repraesentant']] },
  agent: { name: 'Aske Agent', roles: [[791, 'agent']] },
} satisfies Record<string, PersonSpec>;
export type PersonKey = keyof typeof PEOPLE;

export interface MeetingsWorld {
  t: TestApp;
  db: Db;
  /** Entra object id of each person (tests send activities "from" it). */
  oid: Record<PersonKey, string>;
  id: Record<PersonKey, number>;
  actor(key: PersonKey): Promise<Actor>;
  /** The 1:1 chat of a person. */
  chat(key: PersonKey): string;
}

export async function startMeetingsWorld(kind: DatabaseKind, opts: TestAppOptions = {}): Promise<MeetingsWorld> {
  const t = await startTestApp({ now: NOW, database: kind, ...opts });
  const db = t.deps.db;
  await addMembers(db, [751, 791, 190, 727]);
  const oid = {} as Record<PersonKey, string>;
  const id = {} as Record<PersonKey, number>;
  for (const key of Object.keys(PEOPLE) as PersonKey[]) {
    const person = await addPerson(db, PEOPLE[key] as PersonSpec);
    oid[key] = person.entraObjectId!;
    id[key] = person.id;
    await addConversation(db, t.connector.url, { id: `personal-${oid[key]}`, personId: person.id, objectId: oid[key] });
  }
  await setCommittee(db, {
    chairId: id.chair,
    seats: [
      { code: 751, memberId: id.chair },
      { code: 791, memberId: id.viborg, deputyId: id.viborgDeputy },
      { code: 190, memberId: id.furesoe, deputyId: id.furesoeDeputy },
      { code: 727, memberId: id.odder },
    ],
  });
  await addConversation(db, t.connector.url, { id: SECRETARIAT_CHAT, type: 'groupChat' });
  await setNamedConversation(db, 'sekretariat', SECRETARIAT_CHAT);
  return {
    t,
    db,
    oid,
    id,
    actor: async (key) => (await t.deps.registry.identify(oid[key]))!,
    chat: (key) => `personal-${oid[key]}`,
  };
}

/** The data a press of the button with `verb` sends: the card's own data plus what the person typed. */
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

/** What Teams sends with an "auto" button: every input's current value (as the card shows it), by id. */
export function inputValues(card: any): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.type === 'string' && v.type.startsWith('Input.') && v.id) out[v.id] = v.value ?? '';
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Every OpenUrl on a card, by title. */
export function linksOf(card: any): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.type === 'Action.OpenUrl') out[v.title] = v.url;
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/**
 * The secretariat adds a steering-committee meeting on 14.01.2027 10:00–15:00 hosted by Viborg, as the calendar card's
 * form does, and the invitations go out; returns the meeting's id. `form` overrides the place and the online link.
 */
export async function addMeetingByCard(w: MeetingsWorld, form: { place: string; onlineUrl: string }): Promise<number> {
  const calendar = (await w.t.execute(w.oid.secretary, MEETINGS_VERBS.calendar, { year: 2027 })).body.value;
  await w.t.execute(
    w.oid.secretary,
    MEETINGS_VERBS.add,
    pressData(calendar, MEETINGS_VERBS.add, {
      kind: 'styregruppe',
      date: '2027-01-14',
      startTime: '10:00',
      endTime: '15:00',
      host: '791',
      ...form,
    }),
  );
  const meetingId = (await rows(w.db, 'SELECT id FROM meetings'))[0].id;
  await w.t.runJobs();
  return meetingId;
}

export const textOf = (x: unknown) => JSON.stringify(x);

/** The cards sent (new messages) to a chat, optionally only those whose text contains `containing`. */
export function sentCards(t: TestApp, conversationId: string, containing?: string): any[] {
  return t.connector
    .sent(conversationId)
    .map((call: RecordedCall) => FakeConnector.cardOf(call))
    .filter((card) => card && (!containing || textOf(card).includes(containing)));
}

/** The last card a chat got or had updated (sent or updated in place) whose text contains `containing`. */
export function latestCard(t: TestApp, conversationId: string, containing: string): any {
  const calls = t.connector.calls.filter(
    (c) => c.conversationId === conversationId && c.status < 300 && ['send', 'reply', 'update'].includes(c.kind),
  );
  const cards = calls.map((c) => FakeConnector.cardOf(c)).filter((card) => card && textOf(card).includes(containing));
  return cards.at(-1);
}

export async function rows<T = any>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

export function expectNoRefusal(res: { status: number; body: any }): void {
  expect(res.status).toBe(200);
  expect(textOf(res.body)).not.toMatch(/Kun |ikke adgang|Det kunne ikke/);
}
