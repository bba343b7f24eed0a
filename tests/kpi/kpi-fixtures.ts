/** Invented people in real municipalities (Viborg 791, Odense 461, Aarhus 751) for the KPI tests. */
import type { Db } from '../../src/db/database.js';
import { addMembers, addPerson } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { FakeConnector } from '../support/fake-connector.js';
import type { TestApp } from '../support/test-app.js';

export const HEADER = 'periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns';
export const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'));

const oid = (n: number) => `c0ffee00-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const PEOPLE = {
  coordinator: oid(1),
  leader: oid(2),
  primary: oid(3),
  representative: oid(4),
  otherCoordinator: oid(5),
  otherLeader: oid(6),
  secretary: oid(7),
  agentA: oid(8),
  agentB: oid(9),
  agentC: oid(10),
  agentD: oid(11),
} as const;

export interface KpiWorld {
  ids: Record<keyof typeof PEOPLE, number>;
  /** Conversation id of each person's 1:1 chat with the bot (the same id the test app writes from). */
  chat: (who: keyof KpiWorld['ids']) => string;
}

export async function createKpiWorld(t: TestApp): Promise<KpiWorld> {
  const db: Db = t.deps.db;
  await addMembers(db, [791, 461, 751]);
  const ids = {} as KpiWorld['ids'];
  const make = async (key: keyof KpiWorld['ids'], spec: Parameters<typeof addPerson>[1]) => {
    const p = await addPerson(db, { objectId: PEOPLE[key], ...spec });
    ids[key] = p.id;
    await addConversation(db, t.connector.url, {
      id: `personal-${PEOPLE[key]}`,
      personId: p.id,
      objectId: PEOPLE[key],
    });
  };
  await make('coordinator', {
    name: 'Karen Koordinator',
    objectId: PEOPLE.coordinator,
    roles: [[791, 'kvalitetskoordinator']],
  });
  await make('leader', { name: 'Lars Leder', objectId: PEOPLE.leader, roles: [[791, 'leder']] });
  await make('primary', { name: 'Pia Primær', objectId: PEOPLE.primary, roles: [[791, 'primaer_kontakt']] });
  await make('representative', {
    name: 'Rikke Repræsentant',
    objectId: PEOPLE.representative,
    roles: [[791, 'repraesentant']],
  });
  await make('otherCoordinator', {
    name: 'Olga Odense',
    objectId: PEOPLE.otherCoordinator,
    roles: [[461, 'kvalitetskoordinator']],
  });
  await make('otherLeader', { name: 'Ole Odense', objectId: PEOPLE.otherLeader, roles: [[461, 'leder']] });
  await make('secretary', { name: 'Sara Sekretær', objectId: PEOPLE.secretary, secretariat: true });
  await make('agentA', {
    name: 'Anders Agent',
    email: 'anders.agent@viborg.eksempel.dk',
    objectId: PEOPLE.agentA,
    roles: [[791, 'agent']],
  });
  await make('agentB', { name: 'Birte Agent', email: 'birte.agent@viborg.eksempel.dk', roles: [[791, 'agent']] });
  await make('agentC', { name: 'Carl Agent', email: 'carl.agent@viborg.eksempel.dk', roles: [[791, 'agent']] });
  await make('agentD', { name: 'Dorte Agent', email: 'dorte.agent@odense.eksempel.dk', roles: [[461, 'agent']] });
  return { ids, chat: (who) => `personal-${PEOPLE[who]}` };
}

/** Cards sent (not updates) to one chat, as JSON text. */
export const cardsTo = (t: TestApp, conversationId: string) =>
  t.connector.sent(conversationId).map((c) => JSON.stringify(FakeConnector.cardOf(c) ?? c.body));
/** The latest version of every card in a chat: sends and in-place updates. */
export const everythingTo = (t: TestApp, conversationId: string) =>
  [...t.connector.sent(conversationId), ...t.connector.updates(conversationId)].map((c) =>
    JSON.stringify(FakeConnector.cardOf(c) ?? c.body),
  );

export const KPI_TABLES = [
  'kpi_imports',
  'kpi_rows',
  'kpi_verdicts',
  'kpi_warnings',
  'kpi_training',
  'agenda_items',
  'outbox',
  'timers',
];

/** Everything an import may write, for "nothing changed" checks. */
export async function dumpKpi(db: Db): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const table of KPI_TABLES) out[table] = (await db.query(`SELECT * FROM ${table} ORDER BY 1`)).rows;
  return JSON.stringify(out);
}
