/**
 * MenuService's contract: the secretariat names group chats for delivery ('named' recipients), and in the local
 * demo anyone can act as another demo person. Refusals come before anything is read or written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { CHAT_PURPOSES, MenuService } from '../../src/menu/menu-service.js';
import { namedConversation } from '../../src/registry/conversation-repository.js';
import { forgetPerson } from '../../src/registry/registry-import.js';
import { loadActorByObjectId } from '../../src/registry/registry-repository.js';
import { RegistryService } from '../../src/registry/registry-service.js';
import type { Actor } from '../../src/registry/registry-types.js';
import { addConversation } from '../support/conversations.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';
import { addPerson, setCommittee } from '../support/registry-fixtures.js';

const SERVICE_URL = 'http://127.0.0.1:9/';
const GROUP_CHAT = { id: '19:styregruppe@thread.v2', type: 'groupChat' as const };
const OTHER_CHAT = { id: '19:andet@thread.v2', type: 'groupChat' as const };
const DEMO_USER = '00000000-0000-4000-8000-0000000d3e00';

describe.each(testDatabases())('MenuService on %s', (kind) => {
  let db: Db;
  let local: MenuService;
  let production: MenuService;
  let secretary: Actor;
  let representative: Actor;
  let forgottenId: number;
  const actor = async (objectId: string) => (await loadActorByObjectId(db, objectId, false))!;
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: { code?: string }) => error.code ?? String(error),
    );
  const namedCount = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM named_conversations')).rows[0].n;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    local = new MenuService({ db, registry: new RegistryService(db, true), local: true });
    production = new MenuService({ db, registry: new RegistryService(db, false), local: false });
    const secretaryPerson = await addPerson(db, { name: 'Bente Sekretær', secretariat: true });
    const representativePerson = await addPerson(db, {
      name: 'Anders Repræsentant',
      roles: [[791, 'repraesentant']],
    });
    await setCommittee(db, { seats: [{ code: 791, memberId: representativePerson.id }] });
    const forgotten = await addPerson(db, { name: 'Xenia Fratrådt', email: 'xenia.fratraadt@eksempel.dk' });
    forgottenId = forgotten.id;
    await forgetPerson(db, forgotten.email);
    secretary = await actor(secretaryPerson.entraObjectId!);
    representative = await actor(representativePerson.entraObjectId!);
    for (const chat of [GROUP_CHAT, OTHER_CHAT]) await addConversation(db, SERVICE_URL, chat);
    await addConversation(db, SERVICE_URL, { id: `personal-${DEMO_USER}`, objectId: DEMO_USER });
  });
  afterAll(() => db.close());

  describe('chat purposes', () => {
    it('refuses anyone outside the secretariat, registered or not (FORBIDDEN)', async () => {
      expect(await code(local.chatPurposes(representative, GROUP_CHAT.id))).toBe('FORBIDDEN');
      expect(await code(local.chatPurposes(null, GROUP_CHAT.id))).toBe('FORBIDDEN');
      expect(await code(local.setChatPurpose(representative, GROUP_CHAT, 'styregruppe'))).toBe('FORBIDDEN');
      expect(await code(local.setChatPurpose(null, GROUP_CHAT, 'styregruppe'))).toBe('FORBIDDEN');
      expect(await namedCount()).toBe(0);
    });

    it('refuses to a non-secretary the same way whether the purpose exists or not', async () => {
      expect(await code(local.setChatPurpose(representative, GROUP_CHAT, 'findes-ikke'))).toBe('FORBIDDEN');
    });

    it('refuses purposes not on the list and 1:1 chats (INVALID_INPUT), writing nothing', async () => {
      expect(await code(local.setChatPurpose(secretary, GROUP_CHAT, 'findes-ikke'))).toBe('INVALID_INPUT');
      expect(
        await code(local.setChatPurpose(secretary, { id: `personal-${DEMO_USER}`, type: 'personal' }, 'vagt')),
      ).toBe('INVALID_INPUT');
      expect(await namedCount()).toBe(0);
    });

    it('lists every purpose (the three channels and one room per region) with what the chat has', async () => {
      const view = await local.chatPurposes(secretary, GROUP_CHAT.id);
      expect(view.purposes).toBe(CHAT_PURPOSES);
      expect(view.purposes.map((purpose) => purpose.value)).toEqual([
        'sekretariat',
        'styregruppe',
        'vagt',
        'region:Hovedstaden',
        'region:Sjælland',
        'region:Syddanmark',
        'region:Midtjylland',
        'region:Nordjylland',
      ]);
      expect(view.current).toEqual([]);
    });

    it('names the chat for a purpose, and a later chat takes the purpose over', async () => {
      expect(await local.setChatPurpose(secretary, GROUP_CHAT, 'styregruppe')).toEqual({
        value: 'styregruppe',
        title: 'Styregruppens chat (dagsordener, afstemninger)',
      });
      await local.setChatPurpose(secretary, GROUP_CHAT, 'vagt');
      expect((await local.chatPurposes(secretary, GROUP_CHAT.id)).current).toEqual(['styregruppe', 'vagt']);
      expect((await namedConversation(db, 'styregruppe'))?.id).toBe(GROUP_CHAT.id);

      await local.setChatPurpose(secretary, OTHER_CHAT, 'styregruppe');
      expect((await namedConversation(db, 'styregruppe'))?.id).toBe(OTHER_CHAT.id);
      expect((await local.chatPurposes(secretary, GROUP_CHAT.id)).current).toEqual(['vagt']);
    });
  });

  describe('acting as a demo person', () => {
    it('exists only in the local demo (FORBIDDEN), before any lookup', async () => {
      expect(await code(production.demoPeople(secretary))).toBe('FORBIDDEN');
      expect(await code(production.actAs(DEMO_USER, representative.id))).toBe('FORBIDDEN');
      expect(await code(production.actAs(DEMO_USER, 999_999))).toBe('FORBIDDEN');
      const rows = await db.query('SELECT * FROM local_impersonation');
      expect(rows.rows).toEqual([]);
    });

    it('lists everyone in the registry by name with what they are, the forgotten left out', async () => {
      const view = await local.demoPeople(representative);
      expect(view.currentPersonId).toBe(representative.id);
      expect(view.people).toEqual([
        {
          personId: representative.id,
          name: 'Anders Repræsentant',
          roles: 'Styregruppemedlem, Viborg · Repræsentant, Viborg',
        },
        { personId: secretary.id, name: 'Bente Sekretær', roles: 'DDH-sekretariatet' },
      ]);
      expect((await local.demoPeople(null)).currentPersonId).toBeNull();
    });

    it('refuses unknown and forgotten people (NOT_FOUND) and a user without an object id (INVALID_INPUT)', async () => {
      expect(await code(local.actAs(DEMO_USER, 999_999))).toBe('NOT_FOUND');
      expect(await code(local.actAs(DEMO_USER, forgottenId))).toBe('NOT_FOUND');
      expect(await code(local.actAs(null, representative.id))).toBe('INVALID_INPUT');
      expect((await db.query('SELECT * FROM local_impersonation')).rows).toEqual([]);
    });

    it('makes the Teams user that person, and moves their 1:1 chat to them', async () => {
      const switched = await local.actAs(DEMO_USER, representative.id);
      // The answer is the switcher again with the new person chosen, never the previous one (issue 17 point 7).
      expect(switched.currentPersonId).toBe(representative.id);
      expect(switched.switched).toBe(true);
      expect(switched.people).toContainEqual({
        personId: representative.id,
        name: 'Anders Repræsentant',
        roles: 'Styregruppemedlem, Viborg · Repræsentant, Viborg',
      });
      expect((await new RegistryService(db, true).identify(DEMO_USER))?.id).toBe(representative.id);
      const chat = await db.query<{ person_id: number }>('SELECT person_id FROM conversations WHERE id = $1', [
        `personal-${DEMO_USER}`,
      ]);
      expect(chat.rows[0].person_id).toBe(representative.id);

      expect((await local.actAs(DEMO_USER, secretary.id)).currentPersonId).toBe(secretary.id);
      expect((await new RegistryService(db, true).identify(DEMO_USER))?.name).toBe('Bente Sekretær');
    });
  });
});
