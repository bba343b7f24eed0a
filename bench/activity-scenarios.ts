/**
 * The activities the throughput benchmark sends: (a) the menu as text, (b) an agenda card submission
 * that the server refuses after full validation (so the run does not grow the database), (c) a vote as a
 * Universal Action (the same ballot again: validated, seat checked, idempotent).
 */
import type { TestApp } from '../tests/support/test-app.js';
import type { addPerson as AddPerson } from '../tests/support/registry-fixtures.js';
import { addMeeting, setCommittee } from '../tests/support/registry-fixtures.js';
import { addConversation } from '../tests/support/conversations.js';
import { AGENDA_VERBS } from '../src/agenda/agenda-cards.js';
import { VOTING_VERBS } from '../src/voting/voting-cards.js';

export interface Scenario {
  name: string;
  from: string;
  activity(i: number): Record<string, unknown>;
}

const execute = (verb: string, data: Record<string, unknown>, conversation?: Record<string, unknown>) => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  ...(conversation ? { conversation } : {}),
});

export async function activityScenarios(
  t: TestApp,
  addPerson: typeof AddPerson,
  connectorUrl = t.connector.url,
): Promise<Scenario[]> {
  const rep = '22222222-0000-4000-8000-000000000001';
  const member = '22222222-0000-4000-8000-000000000002';
  await addPerson(t.deps.db, { name: 'Bente Benchmark', objectId: rep, roles: [[791, 'repraesentant']] });
  const m = await addPerson(t.deps.db, { name: 'Mogens Medlem', objectId: member, roles: [[751, 'repraesentant']] });
  await setCommittee(t.deps.db, { chairId: m.id, seats: [{ code: 751, memberId: m.id }] });
  const meeting = await addMeeting(t.deps.db, { startsAt: new Date(t.clock.now().getTime() + 30 * 86_400_000) });
  await addConversation(t.deps.db, connectorUrl, { id: '19:bench@thread.v2', type: 'groupChat' });
  const vote = await t.deps.db.query<{ id: number }>(
    `INSERT INTO votes (question, conversation_id, started_by, started_at) VALUES ('Bench?', '19:bench@thread.v2', $1, now()) RETURNING id`,
    [m.id],
  );
  await t.deps.db.query('INSERT INTO vote_seats (vote_id, municipality_code, member_person_id) VALUES ($1, 751, $2)', [
    vote.rows[0].id,
    m.id,
  ]);
  const chat = { id: '19:bench@thread.v2', conversationType: 'groupChat', tenantId: 't' };
  return [
    { name: 'menu text', from: rep, activity: () => ({ type: 'message', text: 'menu' }) },
    {
      name: 'agenda submission (card)',
      from: rep,
      // A decision item without a recommendation: parsed, validated and refused with the form pre-filled.
      activity: () =>
        execute(AGENDA_VERBS.submit, {
          meetingId: String(meeting.id),
          title: 'Benchmarkpunkt',
          markers: 'B',
          presenter: 'Bente, Viborg',
        }),
    },
    {
      name: 'vote (Action.Execute)',
      from: member,
      activity: () => execute(VOTING_VERBS.cast, { voteId: vote.rows[0].id, choice: 'for' }, chat),
    },
  ];
}
