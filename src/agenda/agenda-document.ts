/**
 * The published agenda as the Word document the committee uses today (seed 003's layout) and as
 * Markdown for Viva Engage and the minutes. User text goes in as text runs, never as markup.
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
import type { Meeting } from '../registry/registry-types.js';
import { MARKER_LABELS, MARKERS, markerText } from './agenda-domain.js';
import type { PublishedItem } from './agenda-publication-repository.js';
import { formatDate, formatTime } from '../shared/time.js';

export interface AgendaDocumentInput {
  meeting: Meeting;
  placeLine: string;
  invitees: string[];
  items: PublishedItem[];
  comingMeetings: { date: string; host: string }[];
  publishedAt: Date;
}

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

const timeSpan = (meeting: Meeting) =>
  `${formatTime(meeting.startsAt).replace('kl.', 'Kl.')} – ${formatTime(meeting.endsAt).replace('kl. ', '')}`;

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

/** Markdown needs escaping: a title like "*vigtigt*" must show its asterisks. */
const md = (text: string) => text.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, '\\$1');

export function buildAgendaMarkdown(input: AgendaDocumentInput): string {
  const lines = [
    `# Dagsorden styregruppemøde ${formatDate(input.meeting.startsAt)}`,
    '',
    `${md(timeSpan(input.meeting))}, ${md(input.placeLine)}`,
    '',
    ...input.items.flatMap((it) => [
      `${it.number}\\. ${md(it.title)}${it.markers.length ? ` ${md(markerText(it.markers))}` : ''}`,
      ...it.subItems.map((sub) => `    ${sub.letter}\\. ${md(sub.title)} ${md(markerText(sub.markers))}`),
    ]),
  ];
  return lines.join('\n');
}
