/**
 * One table over card actions and roles: allowed roles get through, everyone else gets a Danish refusal
 * and the database does not change (a dump of the affected tables is compared before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addMeeting, addMembers, addPerson, setCommittee } from '../support/registry-fixtures.js';
import { addConversation } from '../support/conversations.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';
import { VOTING_VERBS } from '../../src/voting/voting-cards.js';
import { KPI_VERBS } from '../../src/kpi/kpi-cards.js';
import { ELECTION_VERBS } from '../../src/elections/elections-cards.js';
import { SHIFT_VERBS } from '../../src/shifts/shifts-cards.js';
import { MEETINGS_VERBS } from '../../src/meetings/meetings-cards.js';

const ROLES = [
  'secretariat',
  'chair',
  'member',
  'deputy',
  'representative',
  'primary',
  'secondary',
  'qualityCoordinator',
  'agent',
  'stranger',
  'otherContact',
] as const;
type Role = (typeof ROLES)[number];
const oid = (r: Role) => `a0000000-0000-4000-8000-${String(ROLES.indexOf(r) + 1).padStart(12, '0')}`;
const TABLES = [
  'agenda_items',
  'votes',
  'ballots',
  'ballot_audit',
  'kpi_training',
  'elections',
  'election_regions',
  'election_candidates',
  'election_votes',
  'named_conversations',
  'committee_terms',
  'chair_votes',
  'meetings',
  'meeting_calendar',
  'meeting_attendance',
  'meeting_minutes',
  'follow_ups',
  'noshow_incidents',
  'noshow_events',
];
const REFUSAL = /Kun |ikke adgang|ikke en plads|ikke registreret|Du er ikke/;

describe('authorization matrix', () => {
  let t: TestApp;
  const chat = { conversationId: '19:matrix@thread.v2', conversationType: 'groupChat' as const };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', env: { INGEST_HMAC_SECRET: 'matrix-secret-0123456789' } });
    const db = t.deps.db;
    await addMembers(db, [751, 791, 461]);
    const p: Record<Role, number> = {} as Record<Role, number>;
    const spec: Record<Role, Parameters<typeof addPerson>[1]> = {
      secretariat: { secretariat: true },
      chair: { roles: [[751, 'repraesentant']] },
      member: {},
      deputy: {},
      representative: { roles: [[791, 'repraesentant']] },
      primary: { roles: [[791, 'primaer_kontakt']] },
      secondary: { roles: [[791, 'sekundaer_kontakt']] },
      qualityCoordinator: { roles: [[791, 'kvalitetskoordinator']] },
      agent: { roles: [[791, 'agent']] },
      stranger: {},
      otherContact: {
        roles: [
          [461, 'primaer_kontakt'],
          [461, 'kvalitetskoordinator'],
        ],
      },
    };
    for (const r of ROLES)
      p[r] = (
        await addPerson(db, { name: `Matrix ${r}`, objectId: r === 'stranger' ? undefined : oid(r), ...spec[r] })
      ).id;
    ids.member = p.member;
    ids.term = await setCommittee(db, {
      chairId: p.chair,
      seats: [
        { code: 751, memberId: p.chair },
        { code: 791, memberId: p.member, deputyId: p.deputy },
      ],
    });
    await addConversation(db, t.connector.url, { id: chat.conversationId, type: 'groupChat' });
    const meeting = await addMeeting(db, { startsAt: '2026-12-20T09:00:00Z' });
    ids.meeting = meeting.id;
    ids.item = (
      await db.query<{ id: number }>(
        `INSERT INTO agenda_items (meeting_id, submitter_person_id, title, markers, presenter, submitted_at) VALUES ($1, $2, 'Matrixpunkt', '{O}', 'Sekretariatet', now()) RETURNING id`,
        [meeting.id, p.representative],
      )
    ).rows[0].id;
    ids.vote = (
      await db.query<{ id: number }>(
        `INSERT INTO votes (question, conversation_id, started_by, started_at) VALUES ('Matrix?', $1, $2, now()) RETURNING id`,
        [chat.conversationId, p.chair],
      )
    ).rows[0].id;
    await db.query(
      'INSERT INTO vote_seats (vote_id, municipality_code, member_person_id, deputy_person_id) VALUES ($1, 751, $2, NULL), ($1, 791, $3, $4)',
      [ids.vote, p.chair, p.member, p.deputy],
    );
    await db.query(`INSERT INTO kpi_training (person_id, municipality_code, period) VALUES ($1, 791, '2026-10')`, [
      p.agent,
    ]);
    ids.agent = p.agent;
    ids.followUp = (
      await db.query<{ id: number }>(
        `INSERT INTO follow_ups (meeting_id, text, owner_person_id, due_on, created_at) VALUES ($1, 'Matrixpunkt', $2, '2027-01-01', now()) RETURNING id`,
        [meeting.id, p.member],
      )
    ).rows[0].id;
    // An open election with Viborg's representative standing in Midtjylland, for the verbs that name it.
    ids.election = (
      await db.query<{ id: number }>(
        `INSERT INTO elections (term_name, starts_on, ends_on, method, quarter, key, created_at)
         VALUES ('Matrixvalg', '2028-01-01', '2029-12-31', 'largest-remainder', '2027K3', '{}', now()) RETURNING id`,
      )
    ).rows[0].id;
    await db.query(
      `INSERT INTO election_regions (election_id, region, seats) VALUES ($1, 'Midtjylland', 1), ($1, 'Hovedstaden', 1)`,
      [ids.election],
    );
    await db.query(
      `INSERT INTO election_candidates (election_id, region, person_id, municipality_code) VALUES ($1, 'Midtjylland', $2, 791)`,
      [ids.election, p.representative],
    );
    ids.candidate = p.representative;
    // A no-show in Viborg whose shift's agent is the matrix agent.
    const shift = await db.query<{ id: number }>(
      `INSERT INTO shifts (external_id, municipality_code, agent_email, agent_person_id, starts_at, ends_at, source, imported_at, updated_at)
       VALUES ('MATRIX-1', 791, 'matrix.agent@eksempel.dk', $1, '2026-11-24T07:00:00Z', '2026-11-24T11:00:00Z', 'test', now(), now()) RETURNING id`,
      [p.agent],
    );
    ids.incident = (
      await db.query<{ id: number }>(
        `INSERT INTO noshow_incidents (shift_id, municipality_code, shift_starts_at, shift_ends_at, source, opened_at)
         VALUES ($1, 791, '2026-11-24T07:00:00Z', '2026-11-24T11:00:00Z', 'detected', '2026-11-24T07:05:00Z') RETURNING id`,
        [shift.rows[0].id],
      )
    ).rows[0].id;
  });
  afterAll(() => t.stop());

  const dump = async () => {
    const out: Record<string, unknown> = {};
    for (const table of TABLES) out[table] = (await t.deps.db.query(`SELECT * FROM ${table} ORDER BY 1`)).rows;
    return JSON.stringify(out);
  };

  const ACTIONS: {
    name: string;
    verb: string;
    data: () => Record<string, unknown>;
    group?: boolean;
    allowed: Role[];
  }[] = [
    {
      name: 'open agenda form',
      verb: AGENDA_VERBS.open,
      data: () => ({}),
      allowed: ['secretariat', 'chair', 'representative'],
    },
    {
      name: 'accept agenda item',
      verb: AGENDA_VERBS.reject,
      data: () => ({ itemId: ids.item, version: 99, reason: 'matrix' }),
      allowed: ['secretariat', 'chair'],
    },
    { name: 'publish agenda', verb: AGENDA_VERBS.overview, data: () => ({}), allowed: ['secretariat', 'chair'] },
    { name: 'agenda work queue', verb: AGENDA_VERBS.queue, data: () => ({}), allowed: ['secretariat', 'chair'] },
    {
      name: 'agenda order',
      verb: AGENDA_VERBS.order,
      data: () => ({ meetingId: ids.meeting }),
      allowed: ['secretariat', 'chair'],
    },
    {
      name: 'move agenda item',
      verb: AGENDA_VERBS.moveItem,
      data: () => ({ meetingId: ids.meeting, itemId: ids.item, direction: 'up', order: 'forældet' }),
      allowed: ['secretariat', 'chair'],
    },
    {
      name: 'move agenda sub-item',
      verb: AGENDA_VERBS.moveSubItem,
      data: () => ({ meetingId: ids.meeting, itemId: ids.item, version: 99, index: 0, direction: 'down' }),
      allowed: ['secretariat', 'chair'],
    },
    {
      name: 'withdraw agenda item',
      verb: AGENDA_VERBS.withdraw,
      data: () => ({ itemId: ids.item, version: 99 }),
      allowed: ['representative'],
    },
    { name: 'start vote', verb: VOTING_VERBS.open, data: () => ({}), group: true, allowed: ['secretariat', 'chair'] },
    {
      name: 'cast vote',
      verb: VOTING_VERBS.cast,
      data: () => ({ voteId: ids.vote, choice: 'undlader' }),
      group: true,
      allowed: ['chair', 'member', 'deputy'],
    },
    {
      name: 'record training',
      verb: KPI_VERBS.trainingDone,
      data: () => ({ personId: ids.agent, period: '2026-10' }),
      allowed: ['secretariat', 'qualityCoordinator'],
    },
    { name: 'open votes queue', verb: VOTING_VERBS.queue, data: () => ({}), allowed: ['secretariat', 'chair'] },
    { name: 'election key', verb: ELECTION_VERBS.key, data: () => ({}), allowed: ['secretariat'] },
    { name: 'confirm committee', verb: ELECTION_VERBS.confirm, data: () => ({}), allowed: ['secretariat'] },
    {
      name: 'constitution of the committee',
      verb: ELECTION_VERBS.constitution,
      data: () => ({}),
      allowed: ['secretariat'],
    },
    {
      name: 'set chat purpose',
      verb: 'menu.register-chat.save',
      data: () => ({ purpose: 'vagt' }),
      group: true,
      allowed: ['secretariat'],
    },
    { name: 'report no-show', verb: SHIFT_VERBS.report, data: () => ({}), allowed: ['secretariat'] },
    { name: 'meeting calendar', verb: MEETINGS_VERBS.calendar, data: () => ({ year: 2026 }), allowed: ['secretariat'] },
    { name: 'add meeting', verb: MEETINGS_VERBS.add, data: () => ({}), allowed: ['secretariat'] },
    {
      name: 'open meeting',
      verb: MEETINGS_VERBS.open,
      data: () => ({ meetingId: ids.meeting }),
      allowed: ['secretariat'],
    },
    {
      name: 'cancel meeting (stale copy)',
      verb: MEETINGS_VERBS.cancel,
      data: () => ({ meetingId: ids.meeting, sequence: 99 }),
      allowed: ['secretariat'],
    },
    {
      name: 'report afbud',
      verb: MEETINGS_VERBS.attendance,
      data: () => ({ meetingId: ids.meeting, status: 'online' }),
      allowed: ['chair', 'member', 'deputy'],
    },
    {
      name: 'open minutes',
      verb: MEETINGS_VERBS.minutes,
      data: () => ({ meetingId: ids.meeting }),
      allowed: ['secretariat'],
    },
    {
      name: 'close follow-up point',
      verb: MEETINGS_VERBS.followUpClose,
      data: () => ({ followUpId: ids.followUp, version: 99 }),
      allowed: ['secretariat', 'member'],
    },
    {
      name: 'no-show queue',
      verb: SHIFT_VERBS.queue,
      data: () => ({}),
      allowed: ['secretariat', 'primary', 'secondary', 'otherContact'],
    },
    {
      name: 'acknowledge no-show',
      verb: SHIFT_VERBS.acknowledge,
      data: () => ({ incidentId: ids.incident }),
      allowed: ['secretariat', 'primary', 'secondary'],
    },
    {
      name: 'no-show agent on the way',
      verb: SHIFT_VERBS.eta,
      data: () => ({ incidentId: ids.incident, etaMinutes: '10' }),
      allowed: ['secretariat', 'primary', 'secondary'],
    },
    {
      name: 'no-show replacement found',
      verb: SHIFT_VERBS.resolve,
      data: () => ({ incidentId: ids.incident, note: 'Matrix' }),
      allowed: ['secretariat', 'primary', 'secondary'],
    },
    {
      name: "late agent's Jeg er på vej",
      verb: SHIFT_VERBS.nudgeOnTheWay,
      data: () => ({ incidentId: ids.incident, etaMinutes: '15' }),
      allowed: ['agent'],
    },
  ];

  for (const action of ACTIONS) {
    it.each(ROLES.map((r) => [r, action.allowed.includes(r)] as const))(
      `${action.name}: %s allowed=%s`,
      async (role, allowed) => {
        const before = await dump();
        const res = await t.execute(
          role === 'stranger' ? 'a0000000-0000-4000-8000-0000000000ff' : oid(role),
          action.verb,
          action.data(),
          action.group ? chat : undefined,
        );
        expect(res.status).toBe(200);
        const text = JSON.stringify(res.body);
        if (allowed) {
          expect(text).not.toMatch(REFUSAL);
        } else {
          expect(text).toMatch(REFUSAL);
          expect(await dump()).toBe(before);
        }
      },
    );
  }

  /**
   * Authorization before lookup (issue 21 point 4): every voting and elections verb that takes an id from a card
   * answers a person without rights the same whether the id names something or not, and changes nothing.
   */
  const MISSING = 999_999;
  const mayVote: Role[] = ['chair', 'member', 'deputy'];
  const midtjyllandReps: Role[] = ['chair', 'representative'];
  const BY_ID: {
    name: string;
    verb: string;
    data: (id: 'existing' | 'missing') => Record<string, unknown>;
    allowed: Role[];
  }[] = [
    {
      name: 'cast a ballot',
      verb: VOTING_VERBS.cast,
      data: (id) => ({ voteId: id === 'existing' ? ids.vote : MISSING, choice: 'for' }),
      allowed: mayVote,
    },
    {
      name: "see a vote (Teams' refresh)",
      verb: VOTING_VERBS.refresh,
      data: (id) => ({ voteId: id === 'existing' ? ids.vote : MISSING }),
      allowed: [...mayVote, 'secretariat'],
    },
    {
      name: 'close a vote',
      verb: VOTING_VERBS.close,
      data: (id) => ({ voteId: id === 'existing' ? ids.vote : MISSING }),
      allowed: ['secretariat', 'chair'],
    },
    {
      name: 'close a vote from the queue',
      verb: VOTING_VERBS.queueClose,
      data: (id) => ({ voteId: id === 'existing' ? ids.vote : MISSING }),
      allowed: ['secretariat', 'chair'],
    },
    {
      name: 'vote form for an agenda item',
      verb: VOTING_VERBS.startFromItem,
      data: (id) => ({ itemId: id === 'existing' ? ids.item : MISSING }),
      allowed: ['secretariat', 'chair'],
    },
    {
      name: 'start a vote on an agenda item',
      verb: VOTING_VERBS.start,
      data: (id) => ({ question: '', itemId: String(id === 'existing' ? ids.item : MISSING) }),
      allowed: ['secretariat', 'chair'],
    },
    {
      name: 'stand in a region',
      verb: ELECTION_VERBS.nominate,
      data: (id) => ({ electionId: id === 'existing' ? ids.election : MISSING, region: 'Midtjylland' }),
      allowed: midtjyllandReps,
    },
    {
      name: "vote in a region's round",
      verb: ELECTION_VERBS.vote,
      data: (id) =>
        id === 'existing'
          ? { electionId: ids.election, region: 'Midtjylland', candidateId: ids.candidate }
          : { electionId: MISSING, region: 'Midtjylland', candidateId: MISSING },
      allowed: midtjyllandReps,
    },
    {
      name: 'close a round',
      verb: ELECTION_VERBS.close,
      data: (id) => ({ electionId: id === 'existing' ? ids.election : MISSING, region: 'Hovedstaden' }),
      allowed: ['secretariat'],
    },
    {
      name: 'record a lot',
      verb: ELECTION_VERBS.lot,
      data: (id) =>
        id === 'existing'
          ? { electionId: ids.election, region: 'Midtjylland', personId: ids.candidate }
          : { electionId: MISSING, region: 'Midtjylland', personId: MISSING },
      allowed: ['secretariat'],
    },
    {
      name: 'confirm the committee',
      verb: ELECTION_VERBS.confirm,
      data: (id) => ({ electionId: id === 'existing' ? ids.election : MISSING }),
      allowed: ['secretariat'],
    },
    {
      name: 'start "Valg af formand"',
      verb: ELECTION_VERBS.chairVote,
      data: (id) =>
        id === 'existing' ? { termId: ids.term, personId: ids.member } : { termId: MISSING, personId: MISSING },
      allowed: ['secretariat'],
    },
    {
      name: 'put Konstituering on the agenda',
      verb: ELECTION_VERBS.constitutionItem,
      data: (id) => ({ termId: id === 'existing' ? ids.term : MISSING }),
      allowed: ['secretariat'],
    },
  ];

  for (const action of BY_ID) {
    it.each(ROLES.filter((r) => !action.allowed.includes(r)))(
      `${action.name}: %s gets the same refusal for an existing and a missing id`,
      async (role) => {
        const from = role === 'stranger' ? 'a0000000-0000-4000-8000-0000000000ff' : oid(role);
        const before = await dump();
        const existing = await t.execute(from, action.verb, action.data('existing'), chat);
        const missing = await t.execute(from, action.verb, action.data('missing'), chat);
        expect(JSON.stringify(existing.body)).toMatch(REFUSAL);
        expect(existing.body).toEqual(missing.body);
        expect(await dump()).toBe(before);
      },
    );
  }

  // Ingest endpoints answer to the shared secret, not to a Teams role: whoever a person is in Teams,
  // a request without a valid signature is refused and changes nothing.
  for (const path of ['/api/ingest/shifts', '/api/ingest/attendance']) {
    it.each(ROLES)(`${path}: %s without the signature is refused`, async (role) => {
      const before = await dump();
      const res = await fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-ddh-timestamp': String(Math.floor(Date.now() / 1000)),
          'x-ddh-signature': 'f'.repeat(64),
          'x-ms-client-principal-name': oid(role),
        },
        body: JSON.stringify({ events: [{ id: `e-${role}`, agent: 'x', type: 'login', at: '2026-11-24T08:00:00Z' }] }),
      });
      expect(res.status).toBe(401);
      expect(await dump()).toBe(before);
    });
  }
});
