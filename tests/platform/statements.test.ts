/** The menu costs one statement per turn (issue 22): the actor and the turn state in one read, nothing else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addPerson } from '../support/registry-fixtures.js';

describe.each(testDatabases())('statements per action on %s', (kind) => {
  let t: TestApp;
  const rep = '99999999-0000-4000-8000-000000000001';

  beforeAll(async () => {
    t = await startTestApp({ database: kind });
    await addPerson(t.deps.db, { name: 'Mette Menu', objectId: rep, roles: [[791, 'repraesentant']] });
    await t.message(rep, 'menu'); // the conversation is stored on the first turn
  });
  afterAll(() => t.stop());

  it('answers "menu" with one statement', async () => {
    const sql = await t.db.counting(() => t.message(rep, 'menu'));
    expect(sql).toHaveLength(1);
  });
});
