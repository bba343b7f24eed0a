import { describe, expect, it } from 'vitest';
import { csvCell, plainText } from '../../src/ui/plain-text.js';

describe('typed text stays text', () => {
  it.each([
    ['[klik](https://evil.example)', '\\[klik\\]\\(https://evil\\.example\\)'],
    ['**fed** og _kursiv_', '\\*\\*fed\\*\\* og \\_kursiv\\_'],
    ['<at>Alle</at>', '\\<at\\>Alle\\</at\\>'],
    ['# Overskrift', '\\# Overskrift'],
    ['- punkt', '\\- punkt'],
    ['1. punkt', '1\\. punkt'],
    ['C:\\sti', 'C:\\\\sti'],
    ['Rikke Repræsentant, Viborg', 'Rikke Repræsentant, Viborg'],
  ])('escapes %s for a Markdown-rendered place', (typed, shown) => {
    expect(plainText(typed)).toBe(shown);
  });

  it.each([
    ['=HYPERLINK("https://evil.example")', `"'=HYPERLINK(""https://evil.example"")"`],
    ['+45 12 34 56 78', "'+45 12 34 56 78"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-12', '-12'],
    ['-3,5', '-3,5'],
    ['Viborg', 'Viborg'],
    ['a;b', '"a;b"'],
  ])('makes the CSV cell %s literal', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});
