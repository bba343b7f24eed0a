/**
 * The meeting as a Microsoft Graph calendar event with a Teams meeting, against a Graph stand-in on 127.0.0.1 (the
 * real Graph client over HTTP): created with the invitees, its Teams link shown on the invitation cards, moved with
 * the meeting and cancelled with it; a failing Graph makes the job fail so the queue retries it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphOnlineCalendar } from '../../src/meetings/meetings-graph.js';
import { createMeetingsModule, type MeetingsModule } from '../../src/meetings/meetings-module.js';
import { testDatabases } from '../support/databases.js';
import { latestCard, linksOf, rows, startMeetingsWorld, type MeetingsWorld } from './meetings-fixtures.js';

interface GraphCall {
  method: string;
  path: string;
  auth: string | undefined;
  body: any;
}

const JOIN_URL = 'https://teams.microsoft.com/l/meetup-join/stand-in';

async function startGraphStandIn() {
  const calls: GraphCall[] = [];
  let failNext = 0;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    calls.push({
      method: req.method!,
      path: req.url!,
      auth: req.headers.authorization,
      body: raw ? JSON.parse(raw) : null,
    });
    if (failNext > 0) {
      failNext--;
      // 500: the Graph client retries 429, 503 and 504 itself; this one reaches the job.
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ error: { code: 'InternalServerError', message: 'stand-in' } }));
    }
    if (req.method === 'POST' && req.url!.endsWith('/cancel')) {
      res.statusCode = 202;
      return res.end();
    }
    res.setHeader('content-type', 'application/json');
    res.statusCode = req.method === 'POST' ? 201 : 200;
    res.end(JSON.stringify({ id: 'evt-1', onlineMeeting: { joinUrl: JOIN_URL } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    failOnce: () => (failNext = 1),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(testDatabases())('Graph calendar event on %s', (kind) => {
  let w: MeetingsWorld;
  let graph: Awaited<ReturnType<typeof startGraphStandIn>>;
  let meetings: MeetingsModule;
  let meetingId: number;
  const mailbox = 'ddh-sekretariat@eksempel.dk';
  const form = (date: string) => ({
    kind: 'styregruppe',
    date,
    startTime: '10:00',
    endTime: '15:00',
    place: 'Herning Rådhus <b>lokale 2</b>',
    host: '791',
    onlineUrl: '',
  });

  beforeAll(async () => {
    w = await startMeetingsWorld(kind);
    graph = await startGraphStandIn();
    meetings = createMeetingsModule(w.t.deps, {
      baseUrl: 'http://127.0.0.1:3978',
      linkSecret: 'graph-test-secret-0123456789',
      targets: { styregruppe: 8, repraesentantskab: 2 },
      quorumShare: 0.5,
      followUpReminderDays: [7, 0],
      organizer: { name: 'DDH-sekretariatet', email: mailbox },
      online: new GraphOnlineCalendar({
        mailbox,
        baseUrl: graph.url,
        authProvider: { getAccessToken: async () => 'stand-in-token' },
      }),
    });
  });
  afterAll(async () => {
    await w.t.stop();
    await graph.stop();
  });

  it('creates the event with a Teams meeting and the invitees; the invitation cards get the Teams link', async () => {
    await meetings.calendar.add(await w.actor('secretary'), form('2027-01-14'));
    meetingId = (await rows(w.db, 'SELECT id FROM meetings'))[0].id;
    expect(await rows(w.db, "SELECT key FROM timers WHERE name = 'meetings.online-sync'")).toHaveLength(1);
    // The invitations are out before the event exists (as in production, where the sync is a later job).
    await w.t.runJobs();
    await meetings.onlineSync!.sync(meetingId);
    const [create] = graph.calls;
    expect(create.method).toBe('POST');
    expect(create.path).toBe(`/v1.0/users/${encodeURIComponent(mailbox)}/events`);
    // The Graph client sends its token over https only (the stand-in is plain http on 127.0.0.1): none leaks here.
    expect(create.auth).toBeUndefined();
    expect(create.body).toMatchObject({
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      start: { dateTime: '2027-01-14T09:00:00.000', timeZone: 'UTC' },
      location: { displayName: 'Viborg Kommune, Herning Rådhus <b>lokale 2</b>' },
      body: { contentType: 'text' },
    });
    expect(create.body.transactionId).toMatch(/^ddh-moede-/);
    expect(create.body.attendees).toHaveLength(7);
    expect(create.body.attendees.filter((a: any) => a.type === 'optional')).toHaveLength(2);
    const [calendar] = await rows(w.db, 'SELECT graph_event_id, graph_join_url FROM meeting_calendar');
    expect(calendar).toEqual({ graph_event_id: 'evt-1', graph_join_url: JOIN_URL });
    await w.t.runJobs();
    expect(linksOf(latestCard(w.t, w.chat('odder'), 'Hent kalenderinvitation'))['Deltag online']).toBe(JOIN_URL);
  });

  it('moves the same event with the meeting, and cancels it with the meeting', async () => {
    const secretary = await w.actor('secretary');
    const moved = await meetings.changes.change(secretary, meetingId, 0, { ...form('2027-01-21'), kind: undefined });
    await meetings.onlineSync!.sync(meetingId);
    await meetings.onlineSync!.sync(moved.meeting.meetingId);
    const patch = graph.calls.at(-1)!;
    expect(graph.calls).toHaveLength(2);
    expect(patch.method).toBe('PATCH');
    expect(patch.path).toContain('/events/evt-1');
    expect(patch.body.start).toEqual({ dateTime: '2027-01-21T09:00:00.000', timeZone: 'UTC' });
    await meetings.changes.cancel(secretary, moved.meeting.meetingId, 1);
    await meetings.onlineSync!.sync(moved.meeting.meetingId);
    expect(graph.calls.at(-1)).toMatchObject({ method: 'POST', body: { comment: 'Mødet er aflyst.' } });
    expect(graph.calls.at(-1)!.path).toContain('/events/evt-1/cancel');
  });

  it('fails the job when Graph fails, so the queue tries again', async () => {
    const secretary = await w.actor('secretary');
    await meetings.calendar.add(secretary, form('2027-02-11'));
    const id = (await rows(w.db, "SELECT id FROM meetings WHERE status = 'planlagt'"))[0].id;
    graph.failOnce();
    await expect(meetings.onlineSync!.sync(id)).rejects.toBeTruthy();
    expect((await rows(w.db, 'SELECT graph_event_id FROM meeting_calendar WHERE meeting_id = $1', [id]))[0]).toEqual({
      graph_event_id: null,
    });
    await meetings.onlineSync!.sync(id);
    expect((await rows(w.db, 'SELECT graph_event_id FROM meeting_calendar WHERE meeting_id = $1', [id]))[0]).toEqual({
      graph_event_id: 'evt-1',
    });
  });
});
