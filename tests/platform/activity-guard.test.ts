/**
 * Malformed activities are refused at the door with a clean 400 (no stack overflow, no generic error card), and
 * text PostgreSQL cannot store is made storable instead of failing the turn, so nothing typed is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkActivity, storableJson, storableText } from '../../src/platform/activity-guard.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addMembers, addPerson } from '../support/registry-fixtures.js';
import { AGENDA_VERBS } from '../../src/agenda/agenda-cards.js';

const base = { type: 'message', id: 'a1', from: { id: '29:x' }, conversation: { id: 'c1' }, text: 'hej' };

function nested(depth: number): unknown {
  let v: unknown = 'bund';
  for (let i = 0; i < depth; i++) v = { v };
  return v;
}

describe('the activity door', () => {
  it('makes text storable: NUL dropped, lone surrogates replaced, keys too', () => {
    expect(storableText('a\u0000b')).toBe('ab');
    expect(storableText('x\ud800y')).toBe('x\ufffdy');
    expect(storableText('æøå 🙂')).toBe('æøå 🙂');
    expect(storableJson({ 'k\u0000': ['\udc00'] })).toEqual({ value: { k: ['\ufffd'] } });
  });

  it('refuses what is too deep without recursing, however deep it is', () => {
    expect(storableJson(nested(100_000))).toEqual({ problem: 'for dybt indlejret' });
    expect(checkActivity({ ...base, value: nested(40) })).toEqual({ ok: false, reason: 'for dybt indlejret' });
    expect(checkActivity({ ...base, value: nested(20) }).ok).toBe(true);
  });

  it.each([
    ['text as an object', { ...base, text: { a: 1 } }],
    ['attachments as a string', { ...base, attachments: 'x' }],
    ['channelData as a list', { ...base, channelData: [1] }],
    ['a message value that is a list', { ...base, value: [1, 2] }],
    ['an invoke without a name', { ...base, type: 'invoke' }],
    ['a card action without a verb', { ...base, type: 'invoke', name: 'adaptiveCard/action', value: { action: {} } }],
    ['no conversation', { ...base, conversation: undefined }],
    ['a list', [base]],
  ])('refuses %s', (_name, activity) => {
    expect(checkActivity(activity).ok).toBe(false);
  });
});

describe.each(testDatabases())('malformed activities through the server on %s', (kind) => {
  let t: TestApp;
  const rep = '88888888-0000-4000-8000-000000000001';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T09:00:00Z', database: kind });
    await addMembers(t.deps.db, [791]);
    await addPerson(t.deps.db, { name: 'Randi Repræsentant', objectId: rep, roles: [[791, 'repraesentant']] });
    await addMeeting(t.deps.db, { startsAt: '2026-12-20T09:00:00Z', place: 'Viborg Rådhus', host: 791 });
  });
  afterAll(() => t.stop());

  const post = async (body: string) => {
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const activityJson = (extra: string) =>
    `{"type":"invoke","name":"adaptiveCard/action","id":"n1","channelId":"msteams","serviceUrl":"${t.connector.url}",` +
    `"from":{"id":"29:${rep}","aadObjectId":"${rep}"},"recipient":{"id":"28:ddh-bot"},` +
    `"conversation":{"id":"personal-${rep}","conversationType":"personal"},${extra}}`;

  it('answers card data nested 100,000 deep with a clean 400', async () => {
    // Built as text: too deep for JSON.stringify itself.
    const deep = `${'{"v":'.repeat(100_000)}"bund"${'}'.repeat(100_000)}`;
    const res = await post(
      activityJson(`"value":{"action":{"type":"Action.Execute","verb":"${AGENDA_VERBS.submit}","data":${deep}}}`),
    );
    expect(res).toEqual({ status: 400, body: { error: 'Ugyldig aktivitet' } });
  });

  it.each([
    ['text as an object', { text: { evil: true } }],
    ['attachments as a string', { attachments: 'ikke en liste' }],
  ])('answers %s with a clean 400', async (_name, extra) => {
    const res = await t.activity(rep, extra);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'Ugyldig aktivitet' });
  });

  it('keeps a draft typed with a lone surrogate and a NUL', async () => {
    const meetingId = (await t.deps.db.query<{ id: number }>('SELECT id FROM meetings LIMIT 1')).rows[0].id;
    // JSON can carry a lone surrogate only as an escape, so the body is written by hand.
    const body = JSON.stringify({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'sur-1',
      channelId: 'msteams',
      serviceUrl: t.connector.url,
      from: { id: `29:${rep}`, aadObjectId: rep },
      recipient: { id: '28:ddh-bot' },
      conversation: { id: `personal-${rep}`, conversationType: 'personal', tenantId: 'tenant-test' },
      value: {
        action: {
          type: 'Action.Execute',
          verb: AGENDA_VERBS.submit,
          data: { meetingId: String(meetingId), title: 'Vagtplan SURROGAT', markers: 'O', presenter: 'Randi NULTEGN' },
        },
      },
    })
      .replace('SURROGAT', '\\ud800')
      .replace('NULTEGN', '\\u0000');
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    const draft = await t.deps.db.query<{ data: { title: string; presenter: string } }>(
      'SELECT data FROM agenda_drafts',
    );
    const item = await t.deps.db.query<{ title: string }>('SELECT title FROM agenda_items');
    const saved = [...draft.rows.map((r) => r.data.title), ...item.rows.map((r) => r.title)];
    expect(saved).toContain('Vagtplan \ufffd');
  });
});
