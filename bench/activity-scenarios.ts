/**
 * The activities the throughput benchmark sends, in the shape of real use (issue 22 goal 1):
 * (a) the menu as text; (b) agenda submissions by card that are accepted (each a new item, a receipt and the
 * secretariat's review card), by 50 representatives in turn; (c) ballots as Universal Actions: a committee of 13 seats voting on each of 40 open
 * votes, 13 ballots per vote in a row, so that at concurrency 50 about four votes fill at once, then every seat changes
 * its mind on every vote (a real change each time, with the shared vote card updated in the committee chat).
 * Each scenario is a list of variants; the load generator cycles through it.
 */
import type { TestApp } from '../tests/support/test-app.js';
import type { addPerson as AddPerson } from '../tests/support/registry-fixtures.js';
import { addMeeting, setCommittee } from '../tests/support/registry-fixtures.js';
import { addConversation } from '../tests/support/conversations.js';
import { setNamedConversation } from '../src/registry/conversation-repository.js';
import { AGENDA_VERBS } from '../src/agenda/agenda-cards.js';
import { VOTING_VERBS } from '../src/voting/voting-cards.js';

export interface Variant {
  from: string;
  activity: Record<string, unknown>;
}
export interface Scenario {
  name: string;
  variants: Variant[];
}

const SEATS = [751, 791, 730, 740, 657, 661, 615, 710, 756, 766, 779, 787, 820];
const VOTES = 40;

const execute = (verb: string, data: Record<string, unknown>, conversation?: Record<string, unknown>) => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  ...(conversation ? { conversation } : {}),
});

const objectId = (n: number) => `22222222-0000-4000-8000-${String(n).padStart(12, '0')}`;

export async function activityScenarios(
  t: TestApp,
  addPerson: typeof AddPerson,
  connectorUrl = t.connector.url,
): Promise<Scenario[]> {
  const { db } = t.deps;
  const rep = objectId(1);
  await addPerson(db, { name: 'Bente Benchmark', objectId: rep, roles: [[791, 'repraesentant']] });
  // Many representatives, as in real use: one person's own submissions take turns on their draft (a row lock).
  const reps = [rep];
  for (let i = 0; i < 49; i++) {
    reps.push(objectId(200 + i));
    await addPerson(db, {
      name: `Repræsentant ${i + 2}`,
      objectId: objectId(200 + i),
      roles: [[791, 'repraesentant']],
    });
  }
  const members: { id: number }[] = [];
  for (const [i, code] of SEATS.entries())
    members.push(
      await addPerson(db, { name: `Medlem ${i + 1}`, objectId: objectId(100 + i), roles: [[code, 'repraesentant']] }),
    );
  await setCommittee(db, {
    chairId: members[0].id,
    seats: SEATS.map((code, i) => ({ code, memberId: members[i].id })),
  });
  await addConversation(db, connectorUrl, { id: '19:sekretariat@thread.v2', type: 'groupChat' });
  await setNamedConversation(db, 'sekretariat', '19:sekretariat@thread.v2');
  const meeting = await addMeeting(db, { startsAt: new Date(t.clock.now().getTime() + 30 * 86_400_000) });
  const chat = { id: '19:bench@thread.v2', conversationType: 'groupChat', tenantId: 't' };
  await addConversation(db, connectorUrl, { id: chat.id, type: 'groupChat' });
  const votes: number[] = [];
  for (let v = 0; v < VOTES; v++) {
    const vote = await db.query<{ id: number }>(
      `INSERT INTO votes (question, conversation_id, started_by, started_at) VALUES ($1, $2, $3, now()) RETURNING id`,
      [`Benchmarkafstemning ${v + 1}?`, chat.id, members[0].id],
    );
    votes.push(vote.rows[0].id);
    await db.query(
      `INSERT INTO vote_seats (vote_id, municipality_code, member_person_id)
       SELECT $1, code, person FROM unnest($2::int[], $3::int[]) AS s(code, person)`,
      [vote.rows[0].id, SEATS, members.map((m) => m.id)],
    );
  }
  const ballots: Variant[] = [];
  for (const choice of ['for', 'imod'])
    for (const voteId of votes)
      for (const [i] of SEATS.entries())
        ballots.push({
          from: objectId(100 + i),
          activity: execute(VOTING_VERBS.cast, { voteId, choice }, chat),
        });
  const submissions: Variant[] = Array.from({ length: 200 }, (_, i) => ({
    from: reps[i % reps.length],
    activity: execute(AGENDA_VERBS.submit, {
      meetingId: String(meeting.id),
      title: `Benchmarkpunkt ${i + 1}`,
      markers: 'O',
      presenter: 'Bente Benchmark, Viborg',
    }),
  }));
  return [
    { name: 'menu text', variants: [{ from: rep, activity: { type: 'message', text: 'menu' } }] },
    { name: 'agenda submission (card)', variants: submissions },
    { name: 'ballots (13 seats × 40 votes)', variants: ballots },
  ];
}
