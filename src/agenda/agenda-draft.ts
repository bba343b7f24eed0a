/** The form's flat fields (fixed slots for attachments and sub-items) as an item input for validation. */
export function draftToInput(f: Record<string, unknown>): Record<string, unknown> {
  const s = (k: string) =>
    typeof f[k] === 'string' ? (f[k] as string).trim() : typeof f[k] === 'number' ? String(f[k]) : '';
  const attachments = [1, 2]
    .map((n) => ({ name: s(`attachment${n}Name`), url: s(`attachment${n}Url`) }))
    .filter((a) => a.name || a.url);
  const subItems = [1, 2]
    .map((n) => ({ title: s(`sub${n}Title`), markers: s(`sub${n}Markers`) }))
    .filter((x) => x.title || x.markers);
  return {
    meetingId: s('meetingId'),
    title: s('title'),
    markers: s('markers'),
    presenter: s('presenter'),
    introduction: s('introduction'),
    recommendation: s('recommendation'),
    attachments,
    subItems,
  };
}
