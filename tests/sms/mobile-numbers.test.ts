/**
 * Mobile numbers in the registry (issue 24): Danish numbers only (+45 and 8 digits), stored as E.164 and exported
 * as Danes write them, so export → edit → import is a round trip; anything else is refused with the file's line.
 */
import { describe, expect, it } from 'vitest';
import { formatDanishMobile, normalizeDanishMobile } from '../../src/registry/mobile-number.js';
import { parseRegistryFile, RegistryFileError } from '../../src/registry/registry-file.js';

const file = (mobil: string) => `personer:\n  - navn: Vera Kontakt\n    email: vera@eksempel.dk\n    mobil: ${mobil}\n`;

describe('mobile numbers in the registry', () => {
  it('accepts +45 and 8 digits however they are spaced, and stores E.164', () => {
    for (const written of ['"+45 20 01 07 03"', '+4520010703', '"+45-20-01-07-03"', '"+45 2001 0703"'])
      expect(parseRegistryFile(file(written), 'r.yaml').people[0].mobile).toBe('+4520010703');
    expect(formatDanishMobile('+4520010703')).toBe('+45 20 01 07 03');
  });

  it('refuses numbers that are not Danish mobile numbers, naming the line', () => {
    for (const written of ['"20 01 07 03"', '"+46 70 123 45 67"', '"+45 0201 0703"', '"+45 12 34"', '"<script>"']) {
      let problems: string[] = [];
      try {
        parseRegistryFile(file(written), 'r.yaml');
      } catch (e) {
        problems = (e as RegistryFileError).problems;
      }
      expect(problems).toEqual([
        expect.stringMatching(/^r\.yaml:4:\d+: personer\.0\.mobil: skal være et dansk mobilnummer/),
      ]);
    }
    expect(normalizeDanishMobile('+45 1234 5678')).toBeNull();
  });
});
