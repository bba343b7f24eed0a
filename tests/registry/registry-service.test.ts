/**
 * RegistryService's contract: who is acting (fresh from the registry every turn, a demo impersonation only in
 * local mode), the turn's stored state in the same read, and where people can be reached (conversations stored,
 * 1:1 chats linked to their person, relinked after an import).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { findConversation, markConversationDead } from '../../src/registry/conversation-repository.js';
import { forgetPerson } from '../../src/registry/registry-import.js';
import { RegistryService } from '../../src/registry/registry-service.js';
import type { Person } from '../../src/registry/registry-types.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';
import { addPerson, setCommittee } from '../support/registry-fixtures.js';

const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
const CHAIR = 'bbbbbbbb-0000-4000-8000-00000000c001';
const AGENT = 'bbbbbbbb-0000-4000-8000-00000000c002';
const NEWCOMER = 'bbbbbbbb-0000-4000-8000-00000000c003';
const STRANGER = 'bbbbbbbb-0000-4000-8000-0000000000ff';

const conversation = (
  id: string,
  type: 'personal' | 'groupChat',
  aadObjectId: string | null,
  serviceUrl = SERVICE_URL,
) => ({
  id,
  type,
  tenantId: 'tenant-test',
  serviceUrl,
  reference: { conversation: { id }, serviceUrl },
  personId: null,
  aadObjectId,
});

describe.each(testDatabases())('RegistryService on %s', (kind) => {
  let db: Db;
  let production: RegistryService;
  let local: RegistryService;
  let chair: Person;
  let agent: Person;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    production = new RegistryService(db, false);
    local = new RegistryService(db, true);
    chair = await addPerson(db, {
      name: 'Carla Formand',
      objectId: CHAIR,
      roles: [
        [751, 'repraesentant'],
        [751, 'leder'],
      ],
      secretariat: true,
    });
    agent = await addPerson(db, { name: 'Olav Agent', objectId: AGENT, roles: [[461, 'agent']] });
    const deputy = await addPerson(db, { name: 'Dorte Suppleant' });
    await setCommittee(db, {
      chairId: chair.id,
      seats: [
        { code: 751, memberId: chair.id },
        { code: 461, memberId: deputy.id, deputyId: agent.id },
      ],
    });
    await db.query(`INSERT INTO bot_state (key, value) VALUES ('samtale/1', '{"trin": 2}')`);
  });
  afterAll(() => db.close());

  describe('identify', () => {
    it('loads the person behind an Entra object id with everything authorization needs', async () => {
      expect(await production.identify(CHAIR)).toEqual({
        ...chair,
        roles: [
          { municipalityCode: 751, role: 'leder' },
          { municipalityCode: 751, role: 'repraesentant' },
        ],
        secretariat: true,
        chair: true,
        seats: [{ municipalityCode: 751, as: 'member' }],
      });
      expect(await production.identify(AGENT)).toMatchObject({
        secretariat: false,
        chair: false,
        seats: [{ municipalityCode: 461, as: 'deputy' }],
      });
    });

    it('knows no one without an object id, with an unknown one, or who was forgotten', async () => {
      expect(await production.identify(null)).toBeNull();
      expect(await production.identify(STRANGER)).toBeNull();
      const leaver = await addPerson(db, { name: 'Lene Fratrådt', objectId: 'bbbbbbbb-0000-4000-8000-00000000c0ff' });
      expect(await production.identify(leaver.entraObjectId)).not.toBeNull();
      await forgetPerson(db, leaver.email);
      expect(await production.identify('bbbbbbbb-0000-4000-8000-00000000c0ff')).toBeNull();
    });

    it('reads the turn state in the same call: the stored keys asked for, with their eTags', async () => {
      const turn = await production.identifyWithTurnState(AGENT, ['samtale/1', 'samtale/ukendt']);
      expect(turn.actor).toEqual(await production.identify(AGENT));
      expect(turn.state).toEqual([{ key: 'samtale/1', value: { trin: 2 }, etag: 1 }]);
      const stranger = await production.identifyWithTurnState(STRANGER, ['samtale/1']);
      expect(stranger).toEqual({ actor: null, state: [{ key: 'samtale/1', value: { trin: 2 }, etag: 1 }] });
      expect((await production.identifyWithTurnState(null, [])).state).toEqual([]);
    });
  });

  describe('impersonate (local demo)', () => {
    it('is refused outside local mode and changes nothing', async () => {
      await expect(production.impersonate(CHAIR, agent.id)).rejects.toThrow(/local mode/);
      expect((await db.query('SELECT * FROM local_impersonation')).rows).toEqual([]);
    });

    it('makes the Teams user that person in local mode only, and gives them the 1:1 chat', async () => {
      await local.rememberConversation(conversation('personal-chair', 'personal', CHAIR));
      await local.impersonate(CHAIR, agent.id);
      expect((await local.identify(CHAIR))?.name).toBe('Olav Agent');
      expect((await local.identifyWithTurnState(CHAIR, [])).actor?.name).toBe('Olav Agent');
      expect((await production.identify(CHAIR))?.name).toBe('Carla Formand');
      expect((await findConversation(db, 'personal-chair'))?.personId).toBe(agent.id);
      await local.impersonate(CHAIR, chair.id);
      expect((await local.identify(CHAIR))?.name).toBe('Carla Formand');
      expect((await findConversation(db, 'personal-chair'))?.personId).toBe(chair.id);
    });
  });

  describe('rememberConversation', () => {
    it('stores a 1:1 chat linked to its registry person, and a group chat linked to no one', async () => {
      await production.rememberConversation(conversation('personal-agent', 'personal', AGENT));
      await production.rememberConversation(conversation('19:gruppe@thread.v2', 'groupChat', AGENT));
      expect(await findConversation(db, 'personal-agent')).toMatchObject({
        type: 'personal',
        tenantId: 'tenant-test',
        serviceUrl: SERVICE_URL,
        personId: agent.id,
        aadObjectId: AGENT,
        deadAt: null,
      });
      expect(await findConversation(db, '19:gruppe@thread.v2')).toMatchObject({ type: 'groupChat', personId: null });
    });

    it('stores a stranger’s chat without a person', async () => {
      await production.rememberConversation(conversation(`personal-${STRANGER}`, 'personal', STRANGER));
      expect(await findConversation(db, `personal-${STRANGER}`)).toMatchObject({
        personId: null,
        aadObjectId: STRANGER,
      });
    });

    it('does not write an unchanged chat again within a minute; a change, a lapse or forgetting does', async () => {
      let nowMs = 1_000_000;
      const registry = new RegistryService(db, false, () => nowMs);
      const id = 'personal-memo';
      await registry.rememberConversation(conversation(id, 'personal', AGENT));
      await markConversationDead(db, id, 'test');

      nowMs += 30_000;
      await registry.rememberConversation(conversation(id, 'personal', AGENT));
      expect((await findConversation(db, id))?.deadAt).not.toBeNull();

      await registry.rememberConversation(conversation(id, 'personal', AGENT, 'https://smba.trafficmanager.net/ny/'));
      expect(await findConversation(db, id)).toMatchObject({
        deadAt: null,
        serviceUrl: 'https://smba.trafficmanager.net/ny/',
      });

      await markConversationDead(db, id, 'test');
      nowMs += 61_000;
      await registry.rememberConversation(conversation(id, 'personal', AGENT, 'https://smba.trafficmanager.net/ny/'));
      expect((await findConversation(db, id))?.deadAt).toBeNull();

      await markConversationDead(db, id, 'test');
      registry.forgetConversation(id);
      await registry.rememberConversation(conversation(id, 'personal', AGENT, 'https://smba.trafficmanager.net/ny/'));
      expect((await findConversation(db, id))?.deadAt).toBeNull();
    });
  });

  describe('relinkConversations', () => {
    it('gives people imported after their first message the 1:1 chats they already have', async () => {
      await production.rememberConversation(conversation('personal-newcomer', 'personal', NEWCOMER));
      expect((await findConversation(db, 'personal-newcomer'))?.personId).toBeNull();
      const newcomer = await addPerson(db, { name: 'Nina Ny', objectId: NEWCOMER, roles: [[461, 'agent']] });
      const withoutObjectId = { ...agent, id: chair.id, entraObjectId: null };
      await production.relinkConversations([withoutObjectId, newcomer]);
      expect((await findConversation(db, 'personal-newcomer'))?.personId).toBe(newcomer.id);
      expect((await findConversation(db, 'personal-agent'))?.personId).toBe(agent.id);
    });
  });
});
