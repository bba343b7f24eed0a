/**
 * The submission form's flat fields: kept as the person's draft before anything can refuse them, turned into an
 * item input for validation, and refilled from an item. Attachments have two fixed slots; sub-items have as many
 * slots as the person asked for ("Tilføj underpunkt" adds one), each with a title, markers and its own text.
 */
import { LIMITS } from './agenda-domain.js';
import type { AgendaItem } from './agenda-repository.js';

/** The item's own fields on the form; the card template binds each one. */
export const ITEM_FIELDS = [
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
] as const;

/** How many sub-item slots the form shows (a number as text, like every draft field). */
export const SUB_COUNT_FIELD = 'subCount';
const SUB_FIELD = /^sub([1-9]\d?)(Title|Markers|Text)$/;

export const subField = (n: number, part: 'Title' | 'Markers' | 'Text') => `sub${n}${part}`;

/** Only known fields, as strings, capped: a draft is kept whatever else the card carried. */
export function pickDraft(fields: Record<string, unknown>): Record<string, string> {
  const draft: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) {
    const sub = SUB_FIELD.exec(field);
    const known =
      (ITEM_FIELDS as readonly string[]).includes(field) ||
      field === SUB_COUNT_FIELD ||
      (sub !== null && Number(sub[1]) <= LIMITS.subItems);
    // NUL cannot be stored in PostgreSQL text/jsonb; other control characters are dropped by validation anyway.
    if (known && (typeof value === 'string' || typeof value === 'number'))
      draft[field] = String(value).replaceAll('\u0000', '').slice(0, 5000);
  }
  return draft;
}

/** How many sub-item slots a draft needs: as many as asked for, and at least up to the last one filled in. */
export function subSlotsOf(draft: Record<string, string>): number {
  let slots = Math.min(Math.max(Number.parseInt(draft[SUB_COUNT_FIELD] ?? '0', 10) || 0, 0), LIMITS.subItems);
  for (const [field, value] of Object.entries(draft)) {
    const sub = SUB_FIELD.exec(field);
    if (sub && value.trim()) slots = Math.max(slots, Math.min(Number(sub[1]), LIMITS.subItems));
  }
  return slots;
}

/** The draft with one more sub-item slot (up to the limit). */
export function withOneMoreSubSlot(draft: Record<string, string>): Record<string, string> {
  return { ...draft, [SUB_COUNT_FIELD]: String(Math.min(subSlotsOf(draft) + 1, LIMITS.subItems)) };
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
  const slots = subSlotsOf(pickDraft(fields));
  const subItems = Array.from({ length: slots }, (_, i) => ({
    title: text(subField(i + 1, 'Title')),
    markers: text(subField(i + 1, 'Markers')),
    text: text(subField(i + 1, 'Text')),
  })).filter((sub) => sub.title || sub.markers || sub.text);
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

/** A submitted item as the form's fields, for editing it (two attachment slots; every sub-item). */
export function draftOfItem(item: AgendaItem): Record<string, string> {
  const draft: Record<string, string> = {
    meetingId: String(item.meetingId),
    title: item.title,
    markers: item.markers.join(','),
    presenter: item.presenter,
    introduction: item.introduction,
    recommendation: item.recommendation,
    [SUB_COUNT_FIELD]: String(item.subItems.length),
  };
  item.attachments.slice(0, 2).forEach((a, n) => {
    draft[`attachment${n + 1}Name`] = a.name;
    draft[`attachment${n + 1}Url`] = a.url;
  });
  item.subItems.forEach((sub, n) => {
    draft[subField(n + 1, 'Title')] = sub.title;
    draft[subField(n + 1, 'Markers')] = sub.markers.join(',');
    draft[subField(n + 1, 'Text')] = sub.text;
  });
  return draft;
}
