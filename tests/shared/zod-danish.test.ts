import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../src/app/config.js';

const messageOf = (schema: z.ZodTypeAny, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues[0].message;
};

describe('zod in Danish', () => {
  it.each([
    [z.object({ a: z.string() }), 'tekst', 'skal være et objekt, ikke tekst'],
    [z.object({ a: z.string() }), {}, 'mangler'],
    [z.string().url(), 'ikke en adresse', 'skal være en gyldig adresse (URL)'],
    [z.string().min(3), 'ab', 'skal være mindst 3 tegn'],
    [z.string().max(2), 'abc', 'må højst være 2 tegn'],
    [z.number().int().min(1), 0, 'skal være mindst 1'],
    [z.enum(['a', 'b']), 'c', 'skal være en af: a, b'],
  ])('says what is wrong with %#', (schema, value, message) => {
    expect(messageOf(schema, value)).toBe(message);
  });

  it('names the variable and the problem in Danish when the configuration is wrong', () => {
    const err = (() => {
      try {
        loadConfig({ DDH_LOCAL: '1', PORT: 'abc', PUBLIC_BASE_URL: 'ikke-en-url' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('PORT: skal være et tal');
    expect(err.message).toContain('PUBLIC_BASE_URL: skal være en gyldig adresse (URL)');
    expect(err.message).not.toMatch(/Expected|Invalid|Required/);
  });
});
