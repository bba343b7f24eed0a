/**
 * The secretariat's reports (issue 18 point 3, issue 19 point 4) through the real bot: "Rapporter" in the menu, a card
 * per report, each CSV behind a signed, expiring link, and nothing for anyone outside the secretariat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS_VERBS } from '../../src/reports/reports-cards.js';
import { buildMessageCard } from '../../src/ui/message-card.js';
import { markConversationDead } from '../../src/registry/conversation-repository.js';
import { testDatabases } from '../support/databases.js';
import { addConversation } from '../support/conversations.js';
import { addMembers, addPerson } from '../support/registry-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { addDecision, addIncident } from './report-fixtures.js';

const SEC = '77777777-0000-4000-8000-000000000001';
const REP = '77777777-0000-4000-8000-000000000002';
const text = (x: unknown) => JSON.stringify(x);
const cardOf = (answer: { body: any }) => answer.body?.value;
const csvLinkOf = (card: unknown) => {
  const url = text(card).match(/"url":"([^"]+\.csv[^"]*)"/)?.[1];
  if (!url) throw new Error('no CSV link on the card');
  return new URL(url);
};

describe.each(testDatabases())('reports on %s', (kind) => {
  let t: TestApp;
  let lene: number;
  let rep: number;

  const download = async (url: URL) => {
    const res = await fetch(`${t.url}${url.pathname}${url.search}`);
    // Decoded keeping the byte order mark, which Danish Excel needs and fetch's text() would drop.
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), body };
  };

  beforeAll(async () => {
    t = await startTestApp({ database: kind, now: '2026-11-24T09:00:00Z' });
    const db = t.deps.db;
    await addMembers(db, [751, 791, 730]);
    await addPerson(db, { name: 'Sara Sekretær', objectId: SEC, secretariat: true });
    rep = (await addPerson(db, { name: 'Rasmus Repræsentant', objectId: REP, roles: [[751, 'repraesentant']] })).id;
    lene = (await addPerson(db, { name: 'Lene Holm', mobile: '+4520300011', roles: [[751, 'primaer_kontakt']] })).id;
    const ole = await addPerson(db, { name: 'Ole Vestergaard', roles: [[791, 'primaer_kontakt']] });
    await addPerson(db, { name: 'Uden Rolle' });
    await addConversation(db, t.connector.url, { id: 'personal-ole', personId: ole.id, objectId: ole.entraObjectId! });
    await markConversationDead(db, 'personal-ole', 'Botten er blokeret eller fjernet fra samtalen');
    await t.message(SEC, 'menu');
    await t.message(REP, 'menu');

    await addIncident(db, {
      municipalityCode: 751,
      openedAt: '2026-11-03T07:00:00Z',
      acknowledgedAfterMinutes: 4,
      resolution: 'login',
    });
    await addIncident(db, {
      municipalityCode: 751,
      openedAt: '2026-11-10T07:00:00Z',
      acknowledgedAfterMinutes: 10,
      resolution: 'replacement',
    });
    // 00:30 on 1 November in Copenhagen: a November incident, though October in UTC.
    await addIncident(db, { municipalityCode: 791, openedAt: '2026-10-31T23:30:00Z', source: 'manual' });
    await addIncident(db, { municipalityCode: 791, openedAt: '2026-10-15T07:00:00Z' });
    await addIncident(db, { municipalityCode: 791, openedAt: '2025-10-15T07:00:00Z' });

    await addDecision(db, {
      question: 'Vagtplanen for 2027 godkendes',
      result: 'vedtaget',
      decidedAt: '2026-11-20T10:00:00Z',
      for: 9,
      against: 2,
      abstain: 1,
      seats: 13,
    });
    await addDecision(db, {
      question: '=HYPERLINK("https://evil.example";"klik") [klik](https://evil.example)',
      recommendation: 'Det indstilles; at "alt" godkendes',
      result: 'forkastet',
      decidedAt: '2026-10-29T10:00:00Z',
      for: 5,
      against: 6,
      abstain: 1,
      seats: 13,
    });

    await t.deps.delivery.enqueue([
      {
        key: 'r:1',
        to: { kind: 'person', personId: rep },
        card: buildMessageCard({ title: 'Hej' }),
        batch: 'noshow:42',
      },
      { key: 'r:2', to: { kind: 'person', personId: lene }, text: 'Hej', batch: 'noshow:42' },
      { key: 'r:3', to: { kind: 'person', personId: rep }, text: 'Gammel', batch: 'vote:3' },
    ]);
    await t.runJobs();
    await db.query(`UPDATE outbox SET created_at = '2026-09-01T10:00:00Z' WHERE batch = 'vote:3'`);
    // The same no-show's SMS: two delivered, one the provider could not deliver (issue 24: in the delivery report).
    for (const [key, state, reason] of [
      ['s:1', 'delivered', null],
      ['s:2', 'delivered', null],
      ['s:3', 'undelivered', 'Failed: Number not in service'],
    ])
      await db.query(
        `INSERT INTO sms_messages (key, batch, to_number, body, state, reason, reference, created_at)
         VALUES ($1, 'noshow:42', '+4520300001', 'Udeblivelse', $2, $3, $1, '2026-11-24T08:10:00Z')`,
        [key, state, reason],
      );
  });
  afterAll(() => t.stop());

  it('offers "Rapporter" to the secretariat only, and refuses every report to anyone else', async () => {
    const menu = text(t.connector.sent(`personal-${SEC}`).at(-1)!.body);
    expect(menu).toContain('"title":"Rapporter"');
    expect(text(t.connector.sent(`personal-${REP}`).at(-1)!.body)).not.toContain('Rapporter');
    for (const verb of Object.values(REPORTS_VERBS)) {
      const refused = await t.execute(REP, verb);
      expect(refused.body.value).toBe('Kun DDH-sekretariatet kan se rapporterne.');
    }
  });

  it('opens the reports card from the menu, typed or pressed', async () => {
    const card = cardOf(await t.execute(SEC, REPORTS_VERBS.menu));
    expect(card.actions.map((a: { title: string }) => a.title)).toEqual([
      'Udeblivelser pr. måned',
      'Beslutningsregister',
      'Udsendelsesrapport',
      'Hvem kan vi nå?',
      'Menu',
    ]);
    const before = t.connector.sent(`personal-${SEC}`).length;
    await t.message(SEC, 'rapporter');
    await t.connector.waitFor(() => t.connector.sent(`personal-${SEC}`).length > before);
    expect(text(t.connector.sent(`personal-${SEC}`).at(-1)!.body)).toContain('Udsendelsesrapport');
  });

  it('shows the no-show history by Copenhagen month, 13 months, and the CSV per municipality', async () => {
    const card = cardOf(await t.execute(SEC, REPORTS_VERBS.noShows));
    const body = text(card);
    expect(body).toContain('November 2026: 3 udeblivelser');
    expect(body).toContain('2 kvitteret · 1 løst ved login · 1 med afløser · 1 åben');
    expect(body).toContain('Aarhus (2) og Viborg (1)');
    expect(body).toContain('Oktober 2026: 1 udeblivelse');
    expect(body).toContain('November 2025: 0 udeblivelser');
    expect(body).not.toContain('Oktober 2025');
    expect(body).not.toMatch(/\p{L}\((?:e|er|r|mer)\)/u);
    const csv = await download(csvLinkOf(card));
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.body.startsWith('\uFEFFMåned;Kommunekode;Kommune;Udeblivelser;')).toBe(true);
    expect(csv.body.split('\r\n')).toContain('2026-11;751;Aarhus;2;2;0;2;1;1;0;7');
    expect(csv.body.split('\r\n')).toContain('2026-11;791;Viborg;1;0;1;0;0;0;1;');
  });

  it('shows the decision register, newest first, and a CSV no spreadsheet runs as a formula', async () => {
    const card = cardOf(await t.execute(SEC, REPORTS_VERBS.decisions));
    expect(text(card)).toContain('Vedtaget');
    expect(text(card)).toContain('For 9 · imod 2 · undlader 1 · 13 pladser');
    const csv = (await download(csvLinkOf(card))).body.split('\r\n');
    expect(csv[0]).toBe('\uFEFFNr.;Besluttet;Spørgsmål;Indstilling;Resultat;For;Imod;Undlader;Pladser');
    expect(csv[1]).toMatch(/^\d+;20\.11\.2026 11:00;Vagtplanen for 2027 godkendes;;Vedtaget;9;2;1;13$/);
    expect(csv[2]).toContain(
      `;"'=HYPERLINK(""https://evil.example"";""klik"") [klik](https://evil.example)";"Det indstilles; at ""alt"" godkendes";Forkastet;`,
    );
  });

  it('reports deliveries per batch with sent, unreachable and why, and honours the chosen day', async () => {
    const card = cardOf(await t.execute(SEC, REPORTS_VERBS.deliveries));
    const body = text(card);
    expect(body).toContain('Udeblivelse nr. 42');
    expect(body).toContain('1 sendt · 0 fejlet · 1 ikke nået');
    expect(body).toContain('Lene Holm har ikke botten i Teams endnu (1)');
    expect(body).not.toContain('Afstemning nr. 3');
    expect(body).toContain('SMS · Udeblivelse nr. 42');
    expect(body).toContain('2 sendt · 1 fejlet · 0 ikke nået');
    expect(body).toContain('Failed: Number not in service (1)');
    expect(card.body.find((e: { id?: string }) => e.id === 'since').value).toBe('2026-10-25');
    const csv = (await download(csvLinkOf(card))).body.split('\r\n');
    expect(csv[0]).toBe('\uFEFFUdsendelse;Nøgle;Begyndt;Sendt;Fejlet;Ikke nået;Venter;Årsager');
    expect(csv).toContainEqual(
      expect.stringMatching(
        /^SMS · Udeblivelse nr\. 42;sms:noshow:42;[\d. :]+;2;1;0;0;Failed: Number not in service \(1\)$/,
      ),
    );
    expect(csv).toContainEqual(
      expect.stringMatching(
        /^Udeblivelse nr\. 42;noshow:42;[\d. :]+;1;0;1;0;Lene Holm har ikke botten i Teams endnu \(1\)$/,
      ),
    );

    const older = cardOf(await t.execute(SEC, REPORTS_VERBS.deliveries, { since: '2026-08-01' }));
    expect(text(older)).toContain('Afstemning nr. 3');
    expect(csvLinkOf(older).searchParams.get('since')).toBe('2026-08-01');
    expect((await t.execute(SEC, REPORTS_VERBS.deliveries, { since: '1. august' })).body.value).toBe(
      'Vælg en dato i kalenderen.',
    );
  });

  it('finds the primary contacts the bot cannot reach before a no-show does', async () => {
    const card = cardOf(await t.execute(SEC, REPORTS_VERBS.reach));
    const body = text(card);
    expect(body).toContain('4 personer med en rolle: 2 kan nås nu, 0 ved at botten installerer appen, 2 kan ikke nås.');
    expect(body).toContain('Primære kontaktpersoner, botten ikke kan nå: Lene Holm og Ole Vestergaard.');
    expect(body).toContain('Medlemskommuner uden primær kontaktperson i registret: Randers.');
    expect(body).toContain('Uden mobilnummer til sms i registret: Ole Vestergaard.');
    expect(body).toContain('Chatten med botten er lukket (Botten er blokeret eller fjernet fra samtalen)');
    expect(body).toContain('nåede ikke frem: Lene Holm har ikke botten i Teams endnu');
    expect(body).not.toContain('Uden Rolle');
    const csv = (await download(csvLinkOf(card))).body.split('\r\n');
    expect(csv[0]).toBe(
      '\uFEFFNavn;E-mail;Roller;Kan nås nu;Hvorfor;Sidste besked;Sidste resultat;Årsag;Mobilnummer (sms)',
    );
    expect(csv.find((line) => line.startsWith('Lene Holm;'))).toMatch(/;Ja$/);
    expect(csv.find((line) => line.startsWith('Ole Vestergaard;'))).toMatch(/;Nej$/);
    expect(csv[1]).toMatch(
      /^Lene Holm;[^;]+;Primær kontaktperson, Aarhus;Nej;Ingen chat med botten endnu, og automatisk/,
    );
    expect(
      csv.some((line) => line.startsWith('Rasmus Repræsentant;') && line.includes(';Ja;Har en chat med botten.;')),
    ).toBe(true);
  });

  it('serves a CSV only behind a valid, unexpired signature', async () => {
    const link = csvLinkOf(cardOf(await t.execute(SEC, REPORTS_VERBS.reach)));
    expect((await download(link)).status).toBe(200);
    const forged = new URL(link);
    forged.searchParams.set('sig', 'x'.repeat(43));
    expect((await download(forged)).status).toBe(403);
    const otherReport = new URL(link);
    otherReport.pathname = otherReport.pathname.replace('naabarhed', 'beslutninger');
    expect((await download(otherReport)).status).toBe(403);
    const unknown = new URL(link);
    unknown.pathname = '/api/reports/hemmeligt.csv';
    expect((await download(unknown)).status).toBe(404);
    t.clock.advanceMinutes(25 * 60);
    const expired = await download(link);
    expect(expired.status).toBe(403);
    expect(expired.body).toContain('udløbet');
  });
});
