/**
 * The submission form's flat fields (fixed slots for two attachments and two sub-items): kept as the person's
 * draft before anything can refuse them, turned into an item input for validation, and refilled from an item.
 */
import type { AgendaItem } from './agenda-repository.js';

/** Every field of the form; the card template binds each one. */
export const DRAFT_FIELDS = [
  'meetingId',
  'title',
  'markers',
  'presenter',
  'introduction',
  'recommendation',
  'attachment1Name',
  'attachment1Url',
  'attachment2Name',
  'attachment2Url',
  'sub1Title',
  'sub1Markers',
  'sub2Title',
  'sub2Markers',
] as const;

/** Only known fields, as strings, capped: a draft is kept whatever else the card carried. */
export function pickDraft(fields: Record<string, unknown>): Record<string, string> {
  const draft: Record<string, string> = {};
  // NUL cannot be stored in PostgreSQL text/jsonb; other control characters are dropped by validation anyway.
  for (const field of DRAFT_FIELDS)
    if (typeof fields[field] === 'string' || typeof fields[field] === 'number')
      draft[field] = String(fields[field]).replaceAll('\u0000', '').slice(0, 5000);
  return draft;
}

/** The form's fields as an item input for validation (agenda-domain's schema decides what is acceptable). */
export function draftToInput(fields: Record<string, unknown>): Record<string, unknown> {
  const text = (field: string) =>
    typeof fields[field] === 'string'
      ? (fields[field] as string).trim()
      : typeof fields[field] === 'number'
        ? String(fields[field])
        : '';
  const attachments = [1, 2]
    .map((n) => ({ name: text(`attachment${n}Name`), url: text(`attachment${n}Url`) }))
    .filter((a) => a.name || a.url);
  const subItems = [1, 2]
    .map((n) => ({ title: text(`sub${n}Title`), markers: text(`sub${n}Markers`) }))
    .filter((x) => x.title || x.markers);
  return {
    meetingId: text('meetingId'),
    title: text('title'),
    markers: text('markers'),
    presenter: text('presenter'),
    introduction: text('introduction'),
    recommendation: text('recommendation'),
    attachments,
    subItems,
  };
}

/** A submitted item as the form's fields, for editing it (the form has slots for two of each). */
export function draftOfItem(item: AgendaItem): Record<string, string> {
  const draft: Record<string, string> = {
    meetingId: String(item.meetingId),
    title: item.title,
    markers: item.markers.join(','),
    presenter: item.presenter,
    introduction: item.introduction,
    recommendation: item.recommendation,
  };
  item.attachments.slice(0, 2).forEach((a, n) => {
    draft[`attachment${n + 1}Name`] = a.name;
    draft[`attachment${n + 1}Url`] = a.url;
  });
  item.subItems.slice(0, 2).forEach((sub, n) => {
    draft[`sub${n + 1}Title`] = sub.title;
    draft[`sub${n + 1}Markers`] = sub.markers.join(',');
  });
  return draft;
}
