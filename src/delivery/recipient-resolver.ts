/**
 * Turns a Recipient into where to write: a live stored conversation, "install first" (Graph), or
 * unreachable with a Danish reason the capability can show or escalate on.
 */
import type { Queryable } from '../db/database.js';
import type { Recipient } from './delivery.js';
import {
  conversationsForTargets,
  findConversation,
  namedConversation,
  personalConversationOf,
  type StoredConversation,
} from '../registry/conversation-repository.js';
import {
  findPersonById,
  peopleWithRole,
  roleHoldersWithChats,
  secretariatPeople,
} from '../registry/registry-repository.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { ROLE_LABELS, type MunicipalRole, type Person } from '../registry/registry-types.js';
import type { DemoInbox } from './demo-inbox.js';

export type Resolution =
  | { kind: 'conversation'; conversation: StoredConversation }
  | { kind: 'install'; person: Person }
  | { kind: 'expand'; people: Person[] }
  | { kind: 'unreachable'; reason: string };

const live = (c: StoredConversation | null) => (c && !c.deadAt ? c : null);
const UNKNOWN_CONVERSATION = 'Samtalen er ukendt eller lukket for botten';
const noNamedChat = (purpose: string) => `Ingen chat er sat op til "${purpose}"`;

/** How a person without a chat can still be reached: Graph installation, or (local demo only) the demo inbox. */
export interface Reach {
  canInstall: boolean;
  demoInbox?: DemoInbox | null;
}

export async function resolveRecipient(q: Queryable, to: Recipient, reach: Reach): Promise<Resolution> {
  const { canInstall } = reach;
  switch (to.kind) {
    case 'conversation': {
      const c = live(await findConversation(q, to.conversationId));
      return c ? { kind: 'conversation', conversation: c } : { kind: 'unreachable', reason: UNKNOWN_CONVERSATION };
    }
    case 'named': {
      const c = live(await namedConversation(q, to.purpose));
      if (c) return { kind: 'conversation', conversation: c };
      const missing = noNamedChat(to.purpose);
      if (to.orElse !== 'secretariat') return { kind: 'unreachable', reason: missing };
      const people = await reachablePeople(q, await secretariatPeople(q), reach);
      return people.length
        ? { kind: 'expand', people }
        : { kind: 'unreachable', reason: `${missing}, og ingen i sekretariatet har botten i Teams endnu` };
    }
    case 'person': {
      const person = await findPersonById(q, to.personId);
      if (!person) return { kind: 'unreachable', reason: 'Personen findes ikke i registret' };
      const c = await personalConversationOf(q, person.id);
      if (c) return { kind: 'conversation', conversation: c };
      if (canInstall && person.entraObjectId) return { kind: 'install', person };
      const inbox = await reach.demoInbox?.conversationFor(q, person);
      if (inbox) return { kind: 'conversation', conversation: inbox };
      return { kind: 'unreachable', reason: `${person.name} har ikke botten i Teams endnu` };
    }
    case 'role': {
      const people = await peopleWithRole(q, to.role, to.municipalityCode);
      return roleResolution(to, people, await reachablePeople(q, people, reach));
    }
  }
}

/**
 * resolveRecipient for a batch, in order, with one query for the usual recipients (a conversation, a named chat that
 * is set up, a person with a chat with the bot) and one for roles; only the others (a missing named chat with orElse,
 * a person without a chat, roles with the demo inbox) go through resolveRecipient one by one, so each gets the same
 * answer as there.
 */
export async function resolveRecipients(q: Queryable, tos: Recipient[], reach: Reach): Promise<Resolution[]> {
  const targets = tos.flatMap((to, i) => (to.kind === 'role' ? [] : [{ i, target: to }]));
  const found = new Map<number, StoredConversation | null>();
  if (targets.length) {
    const rows = await conversationsForTargets(
      q,
      targets.map((t) => t.target),
    );
    targets.forEach((t, n) => found.set(t.i, rows[n]));
  }
  // Roles in one more query; with the local demo inbox (everyone reachable) they go the one-by-one way.
  const roles = reach.demoInbox
    ? []
    : tos.flatMap((to, i) => (to.kind === 'role' ? [{ i, role: to.role, municipalityCode: to.municipalityCode }] : []));
  const holders = new Map<number, { person: Person; hasChat: boolean }[]>();
  if (roles.length) (await roleHoldersWithChats(q, roles)).forEach((list, n) => holders.set(roles[n].i, list));
  const resolutions: Resolution[] = [];
  for (const [i, to] of tos.entries()) {
    const c = live(found.get(i) ?? null);
    const held = holders.get(i);
    if (to.kind === 'role' && held)
      resolutions.push(
        roleResolution(
          to,
          held.map((h) => h.person),
          held.filter((h) => h.hasChat || (reach.canInstall && h.person.entraObjectId)).map((h) => h.person),
        ),
      );
    else if (to.kind === 'conversation')
      resolutions.push(
        c ? { kind: 'conversation', conversation: c } : { kind: 'unreachable', reason: UNKNOWN_CONVERSATION },
      );
    else if (c) resolutions.push({ kind: 'conversation', conversation: c });
    else if (to.kind === 'named' && to.orElse !== 'secretariat')
      resolutions.push({ kind: 'unreachable', reason: noNamedChat(to.purpose) });
    else resolutions.push(await resolveRecipient(q, to, reach));
  }
  return resolutions;
}

/** A role's people, or why it cannot be reached: nobody holds it, or nobody holding it can be reached. */
function roleResolution(
  to: { role: MunicipalRole; municipalityCode: number },
  people: Person[],
  reachable: Person[],
): Resolution {
  const name = municipalityByCode(to.municipalityCode)?.name ?? String(to.municipalityCode);
  if (!people.length)
    return { kind: 'unreachable', reason: `${name} har ingen ${ROLE_LABELS[to.role].toLowerCase()} i registret` };
  if (!reachable.length)
    return {
      kind: 'unreachable',
      reason: `${name}s ${ROLE_LABELS[to.role].toLowerCase()} har ikke botten i Teams endnu`,
    };
  return { kind: 'expand', people: reachable };
}

/** Those with a chat with the bot, or whom Graph can install the app for (everyone, with the local demo inbox). */
async function reachablePeople(q: Queryable, people: Person[], reach: Reach): Promise<Person[]> {
  if (people.length && reach.demoInbox && (await reach.demoInbox.conversationFor(q, people[0]))) return people;
  const reachable: Person[] = [];
  for (const p of people)
    if ((await personalConversationOf(q, p.id)) || (reach.canInstall && p.entraObjectId)) reachable.push(p);
  return reachable;
}
