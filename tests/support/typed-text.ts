/**
 * The check behind "every text a person typed is shown as text" (issue 17): put HOSTILE in every typed field of a
 * card's view, build the card, and `typedTextProblems` lists every place where it would be read as Markdown. Typed
 * text may stand raw only where Teams never renders Markdown (TextRun, an input's value, a choice's title, an action's
 * title or data); anywhere else (TextBlock, FactSet, ...) it must arrive escaped by `plainText` (src/ui/plain-text.ts).
 */
import { plainText } from '../../src/ui/plain-text.js';

/** One card builder for the table in tests/cards/typed-text.test.ts (each capability: tests/<cap>/typed-text-cases.ts). */
export interface TypedTextCase {
  name: string;
  /** Builds the card with `typed` in every field a person typed. */
  build: (typed: string) => unknown;
}

/** A link, emphasis and a mention in one string, as someone might type into any field. */
export const HOSTILE = '[klik](https://evil.example) **fed** <at>Alle</at>';
const ESCAPED = plainText(HOSTILE);
const RAW_PLACES = new Set([
  'TextRun.text',
  'Input.Text.value',
  'Input.Text.placeholder',
  'choice.title',
  'action.title',
  'action.data',
]);

interface Place {
  path: string;
  place: string;
  text: string;
}

function placesOf(card: unknown): Place[] {
  const out: Place[] = [];
  const stack: { v: unknown; path: string; owner: string }[] = [{ v: card, path: '$', owner: 'card' }];
  while (stack.length) {
    const { v, path, owner } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('evil.example')) out.push({ path, place: owner, text: v });
    } else if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, owner }));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const type = typeof o.type === 'string' ? o.type : null;
      const isAction = type?.startsWith('Action.') ?? false;
      for (const [k, x] of Object.entries(o)) {
        const place =
          isAction && (k === 'data' || owner === 'action.data')
            ? 'action.data'
            : isAction && k === 'title'
              ? 'action.title'
              : path.endsWith('.choices') || /\.choices\[\d+\]$/.test(path)
                ? `choice.${k}`
                : type
                  ? `${type}.${k}`
                  : owner === 'action.data'
                    ? 'action.data'
                    : `${owner}.${k}`;
        stack.push({ v: x, path: `${path}.${k}`, owner: place });
      }
    }
  }
  return out;
}

/** Where HOSTILE would be read as Markdown; empty when the card shows it as text everywhere. */
export function typedTextProblems(card: unknown): string[] {
  return placesOf(card)
    .filter(
      (p) =>
        !RAW_PLACES.has(p.place) &&
        !(p.text.includes(ESCAPED) && !p.text.replace(ESCAPED, '').includes('evil.example')),
    )
    .map((p) => `${p.path} (${p.place})`);
}

/** How many places show the typed text at all (a case that shows it nowhere tests nothing). */
export function typedTextPlaces(card: unknown): number {
  return placesOf(card).filter((p) => p.place !== 'action.data').length;
}
