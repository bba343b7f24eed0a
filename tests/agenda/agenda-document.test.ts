/**
 * The published agenda as seed 003 lays it out, read back from the Word document: invitees (Aarhus first, the chair
 * marked, deputies, the secretariat "(Sek.)"), "Der er afbud/ændringer fra:" under Velkomst, the minutes item with
 * the last meeting's date and the open follow-up points, sub-items with their own text, the coming meetings of both
 * kinds under a Dato / Vært header; typed text stays literal text (no hyperlink from a Markdown link). Absences and
 * follow-up points come from the meetings capability through AgendaMeetingFacts; here a stand-in implements it.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgendaModule, type AgendaModule } from '../../src/agenda/agenda-module.js';
import type { AgendaMeetingFacts } from '../../src/agenda/agenda-public.js';
import { testDatabases } from '../support/databases.js';
import { addMeeting, addPerson, setCommittee } from '../support/registry-fixtures.js';
import { itemFields, startAgendaWorld, type AgendaWorld } from './agenda-fixtures.js';

const LINK = '[klik](https://evil.example)';

async function documentText(agenda: AgendaModule, meetingId: number, version: number) {
  const zip = await JSZip.loadAsync(await agenda.publishing.document(meetingId, version));
  const xml = await zip.file('word/document.xml')!.async('string');
  // Paragraphs and table cells as lines, so the order of what a reader sees can be checked.
  const lines = xml
    .split(/<\/w:p>/)
    .map((p) =>
      p
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .trim(),
    )
    .filter(Boolean);
  return { xml, lines };
}

describe.each(testDatabases())('the Word agenda on %s', (kind) => {
  let w: AgendaWorld;
  let withFacts: AgendaModule;
  const asked: number[] = [];

  beforeAll(async () => {
    w = await startAgendaWorld(kind);
    const db = w.db;
    const member = await addPerson(db, { name: 'Mads Medlem', roles: [[791, 'repraesentant']] });
    const deputyViborg = await addPerson(db, { name: 'Dorte Suppleant' });
    const deputyAarhus = await addPerson(db, { name: 'Bo Bagstopper' });
    await setCommittee(db, {
      chairId: member.id,
      seats: [
        { code: 791, memberId: member.id, deputyId: deputyViborg.id },
        { code: 751, memberId: w.otherRep.id, deputyId: deputyAarhus.id },
      ],
    });
    await addMeeting(db, { startsAt: '2027-02-10T15:00:00Z', kind: 'repraesentantskab', place: 'Rådhuset', host: 751 });
    const facts: AgendaMeetingFacts = {
      absencesOf: async (_q, meetingId) => {
        asked.push(meetingId);
        return ['Anders Andersen, Aarhus deltager via Teams'];
      },
      openFollowUps: async () => [
        { text: 'Evaluering af Assistent Annie', owner: 'DDH-sekretariatet', due: new Date('2027-01-15T11:00:00Z') },
        { text: 'Årshjul', owner: 'Mads Medlem, Viborg', due: null },
      ],
    };
    withFacts = createAgendaModule(
      w.t.deps,
      { deadlineDays: 14, reminderDays: [7, 1], baseUrl: 'http://127.0.0.1', linkSecret: 'test' },
      { meetingFacts: facts },
    );
  });
  afterAll(() => w.t.stop());

  it('lays the agenda out as seed 003 does, with absences and follow-up points from the meetings capability', async () => {
    const outcome = await w.agenda.submissions.submit(w.rep, {
      ...itemFields(w.openMeeting.id, 'Chatbot udbud'),
      presenter: LINK,
      subCount: '3',
      sub1Title: 'Status for udbudsprocessen',
      sub1Markers: 'O',
      sub1Text: 'Der gives en status.',
      sub2Title: 'Endelig finansieringsplan',
      sub2Markers: 'O,D,B',
      sub2Text: 'Rammen for finansieringen er godkendt.',
      sub3Title: 'Tilslutningsaftaler',
      sub3Markers: 'O',
    });
    if (outcome.kind !== 'submitted') throw new Error(outcome.kind);
    await w.agenda.reviews.review(w.chair, 'accept', { itemId: outcome.receipt.item.id, version: 1 });
    const published = await withFacts.publishing.publish(w.secretary, w.openMeeting.id);
    expect(asked).toEqual([w.openMeeting.id]);
    const { xml, lines } = await documentText(
      withFacts,
      w.openMeeting.id,
      Number(new URL(published.documentUrl).searchParams.get('v')),
    );

    // Typed text is literal: the Markdown link stays as typed, and Word has no hyperlink.
    expect(lines).toContain(`V/ ${LINK}`);
    expect(xml).not.toContain('<w:hyperlink');

    const invitees = lines.slice(lines.indexOf('Inviterede:') + 1, lines.indexOf('Inviterede:') + 6);
    expect(invitees).toEqual([
      'Anders Andersen, Aarhus',
      'Bo Bagstopper, Aarhus (suppleant)',
      'Mads Medlem, Viborg (formand)',
      'Dorte Suppleant, Viborg (suppleant)',
      'Søren Sekretær, Aarhus (Sek.)',
    ]);
    const inOrder = (...expected: string[]) => {
      const at = expected.map((line) => lines.indexOf(line));
      expect(
        at.every((i) => i >= 0),
        JSON.stringify({ expected, at }),
      ).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    };
    inOrder(
      '1. Velkomst',
      '2. Godkendelse af dagens dagsorden (B)',
      '3. Godkendelse af referat 05.12.2026 (B)',
      '4. Chatbot udbud (O, B)',
      'a. Status for udbudsprocessen (O)',
      'b. Endelig finansieringsplan (O, D, B)',
      'c. Tilslutningsaftaler (O)',
      '5. Evt.',
    );
    inOrder(
      'Punkt 1: Velkomst',
      'Der er afbud/ændringer fra:',
      'Anders Andersen, Aarhus deltager via Teams',
      'Punkt 2: Godkendelse af dagens dagsorden (B)',
    );
    inOrder(
      'Punkt 3: Godkendelse af referat 05.12.2026 (B)',
      'Opfølgningspunkter:',
      'Evaluering af Assistent Annie (DDH-sekretariatet, frist 15.01.2027)',
      'Årshjul (Mads Medlem, Viborg)',
      'Det indstilles, at referatet fra styregruppemødet den 05.12.2026 godkendes.',
    );
    inOrder(
      'Punkt 4: Chatbot udbud (O, B)',
      'Introduktion:',
      'Forslag til ny vagtplan.',
      'a. Der gives en status.',
      'b. Rammen for finansieringen er godkendt.',
    );
    inOrder(
      'Næste styregruppemøder (inkl. repræsentantskabsmøder):',
      'Dato',
      'Vært',
      '14.01.2027',
      'Aarhus',
      '10.02.2027',
      'Repræsentantskabsmøde Aarhus',
    );
  });

  it('says there are no absences and no open follow-up points while the meetings capability is absent', async () => {
    const published = await w.agenda.publishing.publish(w.secretary, w.openMeeting.id);
    const { lines } = await documentText(
      w.agenda,
      w.openMeeting.id,
      Number(new URL(published.documentUrl).searchParams.get('v')),
    );
    expect(lines[lines.indexOf('Der er afbud/ændringer fra:') + 1]).toBe('Ingen meldt');
    expect(lines[lines.indexOf('Opfølgningspunkter:') + 1]).toBe('Ingen åbne opfølgningspunkter');
  });
});
