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
  'kpi_training',
  'elections',
  'named_conversations',
  'committee_terms',
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
    await setCommittee(db, {
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
    { name: 'election key', verb: ELECTION_VERBS.key, data: () => ({}), allowed: ['secretariat'] },
    { name: 'confirm committee', verb: ELECTION_VERBS.confirm, data: () => ({}), allowed: ['secretariat'] },
    {
      name: 'set chat purpose',
      verb: 'menu.register-chat.save',
      data: () => ({ purpose: 'vagt' }),
      group: true,
      allowed: ['secretariat'],
    },
    { name: 'report no-show', verb: SHIFT_VERBS.report, data: () => ({}), allowed: ['secretariat'] },
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
