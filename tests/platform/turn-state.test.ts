/**
 * Teams AI turn state lives in bot_state with eTags, and every activity reads it together with the actor in one
 * round trip. Both reads must give exactly what the separate reads give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { DbStorage, storeItemsOf } from '../../src/platform/db-storage.js';
import { loadActorByObjectId, loadActorWithTurnState } from '../../src/registry/registry-repository.js';
import { RegistryService } from '../../src/registry/registry-service.js';
import { openTestDatabase, testDatabases } from '../support/databases.js';
import { addPerson, setCommittee } from '../support/registry-fixtures.js';

describe.each(testDatabases())('turn state and actor on %s', (kind) => {
  let db: Db;
  let storage: DbStorage;
  const chairId = 'aaaaaaaa-0000-4000-8000-00000000c001';
  const otherId = 'aaaaaaaa-0000-4000-8000-00000000c002';
  const conversationKey = 'msteams/28:bot/conversations/personal-c001';
  const userKey = 'msteams/28:bot/users/29:c001';

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    storage = new DbStorage(db);
    const chair = await addPerson(db, {
      name: 'Carla Formand',
      objectId: chairId,
      roles: [
        [791, 'repraesentant'],
        [791, 'leder'],
      ],
      secretariat: true,
    });
    await addPerson(db, { name: 'Olav Anden', objectId: otherId, roles: [[461, 'agent']] });
    await setCommittee(db, { chairId: chair.id, seats: [{ code: 791, memberId: chair.id }] });
  });
  afterAll(() => db.close());

  it('stores turn state with eTags: a stale write fails instead of overwriting', async () => {
    await storage.write({ [conversationKey]: { step: 1 } });
    const first = await storage.read([conversationKey, userKey]);
    expect(first).toEqual({ [conversationKey]: { step: 1, eTag: '1' } });
    await storage.write({ [conversationKey]: { step: 2, eTag: '1' } });
    await expect(storage.write({ [conversationKey]: { step: 3, eTag: '1' } })).rejects.toThrow(/eTag/);
    expect(await storage.read([conversationKey])).toEqual({ [conversationKey]: { step: 2, eTag: '2' } });
  });

  it('reads the actor and the state in one query, the same as reading them apart', async () => {
    const together = await loadActorWithTurnState(db, chairId, false, [conversationKey, userKey]);
    expect(together.actor).toEqual(await loadActorByObjectId(db, chairId, false));
    expect(together.actor).toMatchObject({
      name: 'Carla Formand',
      secretariat: true,
      chair: true,
      seats: [{ municipalityCode: 791, as: 'member' }],
    });
    expect(together.actor!.roles).toHaveLength(2);
    expect(storeItemsOf(together.state)).toEqual(await storage.read([conversationKey, userKey]));
  });

  it('returns the state without an actor for unknown or missing object ids', async () => {
    for (const id of ['aaaaaaaa-0000-4000-8000-00000000ffff', null]) {
      const r = await loadActorWithTurnState(db, id, false, [conversationKey]);
      expect(r.actor).toBeNull();
      expect(storeItemsOf(r.state)).toEqual({ [conversationKey]: { step: 2, eTag: '2' } });
    }
    expect((await loadActorWithTurnState(db, chairId, false, [])).state).toEqual([]);
  });

  it('lets a local-mode impersonation decide the actor, and only in local mode', async () => {
    const other = (await loadActorByObjectId(db, otherId, false))!;
    await new RegistryService(db, true).impersonate(chairId, other.id);
    expect((await new RegistryService(db, true).identifyWithTurnState(chairId, [])).actor?.name).toBe('Olav Anden');
    expect((await new RegistryService(db, false).identifyWithTurnState(chairId, [])).actor?.name).toBe('Carla Formand');
  });
});
