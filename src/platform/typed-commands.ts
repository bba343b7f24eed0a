/**
 * Typed text as commands: people type what they see on buttons ("Nyt dagsordenspunkt", "nyt dagsordenspunkt!",
 * "Skift rolle demo"), so a menu button's title works as a command, forgiving case, accents, æøå spelled out and
 * punctuation. A few words always mean the menu.
 */

const MENU_WORDS = new Set(['menu', 'menuen', 'vis menu', 'hjaelp', 'help', 'hej', 'hi', 'start', 'hallo', 'goddag']);

/** Lower case, æ/ø/å spelled out, accents and punctuation gone, single spaces. */
export function foldCommand(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'oe')
    .replaceAll('å', 'aa')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function isMenuWord(text: string): boolean {
  return MENU_WORDS.has(foldCommand(text));
}

/** The item whose title the text names, if any. */
export function commandFor<T extends { title: string }>(text: string, items: readonly T[]): T | undefined {
  const folded = foldCommand(text);
  if (!folded) return undefined;
  return items.find((i) => foldCommand(i.title) === folded);
}
