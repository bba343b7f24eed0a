import { describe, expect, it } from 'vitest';
import { BRACKET_PLURAL, countNoun, formatNumber, formatPercent, listWithAnd } from '../../src/shared/danish.js';

describe('Danish form', () => {
  it.each([
    [0, '0 pladser'],
    [1, '1 plads'],
    [2, '2 pladser'],
    [1250, '1.250 pladser'],
  ])('counts %i as "%s"', (n, expected) => {
    expect(countNoun(n, 'plads', 'pladser')).toBe(expected);
  });

  it('writes numbers with a decimal comma and a thousands dot', () => {
    expect(formatNumber(1.75, 2)).toBe('1,75');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(7, 1)).toBe('7');
    expect(formatNumber(7, 1, true)).toBe('7,0');
    expect(formatPercent(62.46)).toBe('62,5 %');
  });

  it('joins lists with "og"', () => {
    expect(listWithAnd([])).toBe('');
    expect(listWithAnd(['Aarhus'])).toBe('Aarhus');
    expect(listWithAnd(['Aarhus', 'Viborg'])).toBe('Aarhus og Viborg');
    expect(listWithAnd(['Aarhus', 'Viborg', 'Randers'])).toBe('Aarhus, Viborg og Randers');
  });

  it('recognises bracket plurals, and only those', () => {
    for (const bad of ['1 plads(er)', '4 medlem(mer)', '1 kommune(r)', 'punkt(er)', 'stemme(r)'])
      expect(BRACKET_PLURAL.test(bad)).toBe(true);
    for (const fine of ['Aarhus (fast plads)', 'kl. 10:00 (dansk tid)', '(O) orientering', 'Punkt (B)'])
      expect(BRACKET_PLURAL.test(fine)).toBe(false);
  });
});
