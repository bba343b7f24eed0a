/**
 * Issue 22 point 3: a no-show acknowledgement costs at most 4 SQL statements: the actor with the turn state (1), the
 * one statement that checks access, changes the incident and writes its history (1), the one read of what the card
 * shows (1), and the job that brings the other copies up to date (1). Counted as the bot sends them (t.db.counting).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { SHIFT_VERBS } from '../../src/shifts/shifts-cards.js';
import { alertsTo, personalConv, personIn, pressData, rosterShift } from './shifts-support.js';

describe.each(testDatabases())('statements per no-show action on %s', (kind) => {
  let t: TestApp;
  let contact: string;
  const incidentFor = async (externalId: string) => {
    const shift = await rosterShift(t, {
      externalId,
      municipalityCode: 751,
      startsAt: '2026-11-24T07:00:00Z',
      endsAt: '2026-11-24T11:00:00Z',
    });
    const incident = (await t.app.modules.shifts.noShows.runCheck(shift.id))!;
    await t.runJobs();
    return incident.id;
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T07:05:00Z', database: kind });
    contact = (await personIn(t, { name: 'Signe Holm', roles: [[751, 'primaer_kontakt']] })).person.entraObjectId!;
    await personIn(t, { roles: [[751, 'sekundaer_kontakt']] });
    await t.message(contact, 'hej');
  });
  afterAll(() => t?.stop());

  it('acknowledges in at most 4 statements; a press on a card already acknowledged costs 3', async () => {
    const incidentId = await incidentFor('ST-1');
    const sql = await t.db.counting(() => t.execute(contact, SHIFT_VERBS.acknowledge, { incidentId }));
    expect(sql.length, sql.join('\n')).toBeLessThanOrEqual(4);
    const again = await t.db.counting(() => t.execute(contact, SHIFT_VERBS.acknowledge, { incidentId }));
    expect(again.length, again.join('\n')).toBeLessThanOrEqual(3);
    console.info(`no-show acknowledgement on ${kind}: ${sql.length} statements (a stale press: ${again.length})`);
  });

  it("a press of the real card adds only the platform's once-only record of the press (claim and answer)", async () => {
    const incidentId = await incidentFor('ST-2');
    const card = alertsTo(t, personalConv(contact), 'Aarhus').find((c) =>
      JSON.stringify(c).includes(`"incidentId":${incidentId}`),
    );
    const sql = await t.db.counting(() =>
      t.execute(contact, SHIFT_VERBS.acknowledge, pressData(card, SHIFT_VERBS.acknowledge)),
    );
    expect(sql.filter((statement) => statement.includes('card_presses'))).toHaveLength(2);
    expect(sql.filter((statement) => !statement.includes('card_presses')).length).toBeLessThanOrEqual(4);
    console.info(`no-show acknowledgement pressed on its card on ${kind}: ${sql.length} statements`);
  });
});
