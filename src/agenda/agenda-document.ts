/**
 * The published agenda as the Word document the committee uses today (seed 003's layout) and as
 * Markdown for Viva Engage and the minutes. User text goes in as text runs, never as markup.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Meeting } from '../registry/registry-types.js';
import { MARKER_LABELS, MARKERS, markerText } from './agenda-domain.js';
import type { PublishedItem } from './agenda-repository.js';
import { formatDate, formatTime } from '../shared/time.js';

export interface AgendaDocumentInput {
  meeting: Meeting;
  placeLine: string;
  invitees: string[];
  items: PublishedItem[];
  comingMeetings: { date: string; host: string }[];
  publishedAt: Date;
}

const p = (text: string, opts: { bold?: boolean; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel] } = {}) =>
  new Paragraph({ heading: opts.heading, children: [new TextRun({ text, bold: opts.bold })] });
const label = (name: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${name} `, bold: true }), new TextRun(value)] });

const timeSpan = (m: Meeting) =>
  `${formatTime(m.startsAt).replace('kl.', 'Kl.')} – ${formatTime(m.endsAt).replace('kl. ', '')}`;

export async function buildAgendaDocx(input: AgendaDocumentInput): Promise<Buffer> {
  const { meeting, items } = input;
  const children: Paragraph[] = [
    p('Inviterede:', { bold: true }),
    ...input.invitees.map((n) => p(n)),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun(formatDate(input.publishedAt))] }),
    p('Dagsorden Styregruppemøde – Den Digitale Hotline', { heading: HeadingLevel.HEADING_1 }),
    label('Mødedato:', formatDate(meeting.startsAt)),
    label('Mødetid:', timeSpan(meeting)),
    label('Mødested:', input.placeLine),
    p('Dagsorden', { heading: HeadingLevel.HEADING_2 }),
  ];
  for (const it of items) {
    children.push(p(`${it.number}. ${it.title}${it.markers.length ? ` ${markerText(it.markers)}` : ''}`));
    for (const s of it.subItems) children.push(p(`   ${s.letter}. ${s.title} ${markerText(s.markers)}`));
  }
  children.push(p(MARKERS.map((m) => `(${m})=${MARKER_LABELS[m]}`).join(', ')));
  children.push(p('Oplæg til dagsordenens punkter:', { heading: HeadingLevel.HEADING_2 }));
  for (const it of items) {
    children.push(
      p(`Punkt ${it.number}: ${it.title}${it.markers.length ? ` ${markerText(it.markers)}` : ''}`, {
        heading: HeadingLevel.HEADING_3,
      }),
    );
    for (const s of it.subItems) children.push(p(`${s.letter}. ${s.title} ${markerText(s.markers)}`));
    children.push(p(`V/ ${it.presenter}`));
    children.push(it.attachments.length ? p('Bilag til punktet:') : p('Bilag til punktet: nej'));
    for (const a of it.attachments)
      children.push(new Paragraph({ bullet: { level: 0 }, children: [new TextRun(`${a.name} (${a.url})`)] }));
    if (it.introduction) {
      children.push(p('Introduktion:', { bold: true }));
      for (const line of it.introduction.split(/\r?\n/)) children.push(p(line));
    }
    if (it.recommendation) {
      children.push(p('Indstilling:', { bold: true }));
      children.push(p(it.recommendation));
    }
    if (it.markers.includes('B')) children.push(label('Beslutning:', ''));
  }
  if (input.comingMeetings.length) {
    children.push(p('Kommende møder', { heading: HeadingLevel.HEADING_2 }));
    for (const c of input.comingMeetings) children.push(p(`${c.date}: ${c.host}`));
  }
  const doc = new Document({
    creator: 'DDH-sekretariatet',
    title: `Dagsorden ${formatDate(meeting.startsAt)}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

/** Markdown needs escaping: a title like "*vigtigt*" must show its asterisks. */
const md = (s: string) => s.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, '\\$1');

export function buildAgendaMarkdown(input: AgendaDocumentInput): string {
  const lines = [
    `# Dagsorden styregruppemøde ${formatDate(input.meeting.startsAt)}`,
    '',
    `${md(timeSpan(input.meeting))}, ${md(input.placeLine)}`,
    '',
    ...input.items.flatMap((it) => [
      `${it.number}\\. ${md(it.title)}${it.markers.length ? ` ${md(markerText(it.markers))}` : ''}`,
      ...it.subItems.map((s) => `    ${s.letter}\\. ${md(s.title)} ${md(markerText(s.markers))}`),
    ]),
  ];
  return lines.join('\n');
}
