/**
 * The published agenda as the Word document the committee uses today (seed 003's layout). User text goes in as text
 * runs, never as markup. Loaded only when a document is made (docx costs start-up time); agenda-markdown.ts has the rest.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { MARKER_LABELS, MARKERS, markerText } from './agenda-domain.js';
import { formatDate } from '../shared/time.js';
import { timeSpan, type AgendaDocumentInput } from './agenda-markdown.js';

export type { AgendaDocumentInput };

const paragraph = (
  text: string,
  opts: { bold?: boolean; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel] } = {},
) => new Paragraph({ heading: opts.heading, children: [new TextRun({ text, bold: opts.bold })] });
const label = (name: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${name} `, bold: true }), new TextRun(value)] });

const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(text)] });
const lines = (text: string) => text.split(/\r?\n/).map((line) => paragraph(line));
const cell = (text: string, bold = false) =>
  new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [paragraph(text, { bold })] });

/** "Næste styregruppemøder (inkl. repræsentantskabsmøder)" as seed 003 has it: a Dato / Vært table. */
function comingMeetingsTable(coming: AgendaDocumentInput['comingMeetings']): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: [cell('Dato', true), cell('Vært', true)] }),
      ...coming.map((meeting) => new TableRow({ children: [cell(meeting.date), cell(meeting.host)] })),
    ],
  });
}

export async function buildAgendaDocx(input: AgendaDocumentInput): Promise<Buffer> {
  const { meeting, items } = input;
  const children: (Paragraph | Table)[] = [
    paragraph('Inviterede:', { bold: true }),
    ...input.invitees.map((n) => paragraph(n)),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(formatDate(input.publishedAt))] }),
    paragraph('Dagsorden Styregruppemøde – Den Digitale Hotline', { heading: HeadingLevel.HEADING_1 }),
    label('Mødedato:', formatDate(meeting.startsAt)),
    label('Mødetid:', timeSpan(meeting)),
    label('Mødested:', input.placeLine),
    paragraph('Dagsorden', { heading: HeadingLevel.HEADING_2 }),
  ];
  for (const it of items) {
    children.push(paragraph(`${it.number}. ${it.title}${it.markers.length ? ` ${markerText(it.markers)}` : ''}`));
    for (const sub of it.subItems)
      children.push(paragraph(`   ${sub.letter}. ${sub.title} ${markerText(sub.markers)}`));
  }
  children.push(paragraph(MARKERS.map((m) => `(${m})=${MARKER_LABELS[m]}`).join(', ')));
  children.push(paragraph('Oplæg til dagsordenens punkter:', { heading: HeadingLevel.HEADING_2 }));
  for (const it of items) {
    children.push(
      paragraph(`Punkt ${it.number}: ${it.title}${it.markers.length ? ` ${markerText(it.markers)}` : ''}`, {
        heading: HeadingLevel.HEADING_3,
      }),
    );
    for (const sub of it.subItems) children.push(paragraph(`${sub.letter}. ${sub.title} ${markerText(sub.markers)}`));
    children.push(paragraph(`V/ ${it.presenter}`));
    children.push(it.attachments.length ? paragraph('Bilag til punktet:') : paragraph('Bilag til punktet: nej'));
    for (const attachment of it.attachments) children.push(bullet(`${attachment.name} (${attachment.url})`));
    for (const note of it.notes ?? []) {
      children.push(paragraph(note.heading, { bold: true }));
      for (const line of note.lines) children.push(bullet(line));
    }
    const subTexts = it.subItems.filter((sub) => sub.text);
    if (it.introduction || subTexts.length) {
      children.push(paragraph('Introduktion:', { bold: true }));
      if (it.introduction) children.push(...lines(it.introduction));
      for (const sub of subTexts) children.push(...lines(`${sub.letter}. ${sub.text}`));
    }
    if (it.recommendation) {
      children.push(paragraph('Indstilling:', { bold: true }));
      children.push(...lines(it.recommendation));
    }
    if (it.markers.includes('B')) children.push(label('Beslutning:', ''));
  }
  if (input.comingMeetings.length) {
    children.push(
      paragraph('Næste styregruppemøder (inkl. repræsentantskabsmøder):', { heading: HeadingLevel.HEADING_2 }),
    );
    children.push(comingMeetingsTable(input.comingMeetings));
  }
  const doc = new Document({
    creator: 'DDH-sekretariatet',
    title: `Dagsorden ${formatDate(meeting.startsAt)}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
