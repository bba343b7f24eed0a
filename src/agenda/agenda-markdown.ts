/**
 * What the published agenda shows, and the agenda as Markdown for Viva Engage and the minutes. Kept apart from the
 * Word document (agenda-document.ts) so that publishing needs no docx until someone downloads the document.
 */
import type { Meeting } from '../registry/registry-types.js';
import { markerText } from './agenda-domain.js';
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

export const timeSpan = (meeting: Meeting) =>
  `${formatTime(meeting.startsAt).replace('kl.', 'Kl.')} – ${formatTime(meeting.endsAt).replace('kl. ', '')}`;

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
