/// <reference types="vite/client" />
/**
 * Every card builder, with what people type replaced by a link, emphasis and a mention: each card shows it as text
 * (issue 17). Each capability lists its builders in tests/<cap>/typed-text-cases.ts; this table runs them all.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE, typedTextPlaces, typedTextProblems, type TypedTextCase } from '../support/typed-text.js';
import { buildMessageCard } from '../../src/ui/message-card.js';

const shared: TypedTextCase[] = [
  { name: 'message card lines', build: (typed) => buildMessageCard({ title: 'Titel', text: 'Tekst', lines: [typed] }) },
];

const modules = import.meta.glob<{ TYPED_TEXT_CASES: TypedTextCase[] }>('../*/typed-text-cases.ts', { eager: true });
const cases = [...shared, ...Object.values(modules).flatMap((m) => m.TYPED_TEXT_CASES)];

describe('typed text on every card', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s shows typed text as text', (_name, c) => {
    const card = c.build(HOSTILE);
    expect(typedTextPlaces(card)).toBeGreaterThan(0);
    expect(typedTextProblems(card)).toEqual([]);
  });
});
