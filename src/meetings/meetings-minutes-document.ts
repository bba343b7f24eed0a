/**
 * The minutes as a Word document in the agenda's layout (seed 003): who attended and who sent afbud, the meeting's
 * date, time and place, the numbered items, then per item its decision and follow-up points. Typed text goes in as
 * text runs, never as markup.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { formatDate, formatTime } from '../shared/time.js';
import { KIND_LABELS } from './meetings-domain.js';
import type { FollowUp, Minutes } from './meetings-minutes-repository.js';
import { municipalityName, placeLineOf, type MeetingState } from './meetings-state.js';

export interface MinutesDocumentInput {
  state: MeetingState;
  minutes: Minutes;
  followUps: FollowUp[];
}

const paragraph = (
  text: string,
  opts: { bold?: boolean; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel] } = {},
) => new Paragraph({ heading: opts.heading, children: [new TextRun({ text, bold: opts.bold })] });
const label = (name: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${name} `, bold: true }), new TextRun(value)] });
const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(text)] });
const dateOf = (isoDate: string) => isoDate.split('-').reverse().join('.');

/** "Navn, Kommune" per present seat (Aarhus first, as seed 003), then the secretariat as "(Sek.)". */
function participants(state: MeetingState): { present: string[]; absent: string[] } {
  const nameOf = (id: number | null) => state.invitees.find((i) => i.personId === id)?.name ?? null;
  const seats = [...state.attendance].sort((a, b) =>
    a.municipalityCode === 751 ? -1 : b.municipalityCode === 751 ? 1 : 0,
  );
  const present: string[] = [];
  const absent: string[] = [];
  for (const seat of seats) {
    const where = municipalityName(seat.municipalityCode);
    const member = nameOf(seat.memberPersonId);
    if (seat.expected) {
      const name = nameOf(seat.expected.personId);
      if (name) present.push(`${name}, ${where}${seat.expected.asDeputy ? ' (suppleant)' : ''}`);
    }
    if (seat.memberStatus === 'afbud' && member) absent.push(`${member}, ${where}`);
  }
  for (const invitee of state.invitees)
    if (invitee.capacity === 'sekretariat') present.push(`${invitee.name}, DDH (Sek.)`);
  return { present, absent };
}

export async function buildMinutesDocx(input: MinutesDocumentInput): Promise<Buffer> {
  const { state, minutes, followUps } = input;
  const { meeting } = state;
  const { present, absent } = participants(state);
  const children: Paragraph[] = [paragraph('Deltagere:', { bold: true }), ...present.map((line) => paragraph(line))];
  if (absent.length) children.push(paragraph('Afbud:', { bold: true }), ...absent.map((line) => paragraph(line)));
  children.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [new TextRun(formatDate(minutes.sentAt ?? meeting.startsAt))],
    }),
    paragraph(`Referat ${KIND_LABELS[meeting.kind]} – Den Digitale Hotline`, { heading: HeadingLevel.HEADING_1 }),
    label('Mødedato:', formatDate(meeting.startsAt)),
    label(
      'Mødetid:',
      `${formatTime(meeting.startsAt).replace('kl.', 'Kl.')} – ${formatTime(meeting.endsAt).replace('kl. ', '')}`,
    ),
    label('Mødested:', placeLineOf(meeting)),
    label('Status:', minutes.status === 'godkendt' ? 'Godkendt af styregruppen' : 'Udkast til godkendelse'),
    paragraph('Dagsorden', { heading: HeadingLevel.HEADING_2 }),
  );
  const markers = (m: string[]) => (m.length ? ` (${m.join(', ')})` : '');
  for (const item of minutes.items) children.push(paragraph(`${item.number}. ${item.title}${markers(item.markers)}`));
  children.push(paragraph('Referat af punkterne:', { heading: HeadingLevel.HEADING_2 }));
  for (const item of minutes.items) {
    children.push(
      paragraph(`Punkt ${item.number}: ${item.title}${markers(item.markers)}`, { heading: HeadingLevel.HEADING_3 }),
    );
    children.push(paragraph('Beslutning:', { bold: true }));
    const lines = item.decision ? item.decision.split(/\r?\n/) : ['Intet referat.'];
    for (const line of lines) children.push(paragraph(line));
    const points = followUps.filter((f) => f.itemNumber === item.number);
    if (points.length) {
      children.push(paragraph('Opfølgningspunkter:', { bold: true }));
      for (const f of points)
        children.push(bullet(`${f.text} – ${f.ownerName ?? 'ingen ansvarlig'}, frist ${dateOf(f.dueOn)}`));
    }
  }
  const loose = followUps.filter((f) => !f.itemNumber);
  if (loose.length) {
    children.push(paragraph('Øvrige opfølgningspunkter', { heading: HeadingLevel.HEADING_2 }));
    for (const f of loose)
      children.push(bullet(`${f.text} – ${f.ownerName ?? 'ingen ansvarlig'}, frist ${dateOf(f.dueOn)}`));
  }
  const doc = new Document({
    creator: 'DDH-sekretariatet',
    title: `Referat ${formatDate(meeting.startsAt)}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
