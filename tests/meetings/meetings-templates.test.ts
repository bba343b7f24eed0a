/**
 * The meetings' templates follow the Teams rules the brief names: every Action.Execute says which inputs it sends
 * (an isRequired input blocks every button without associatedInputs "none"), date and time inputs carry a Danish label
 * and placeholder, and status colours are container styles (no coloured text).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR } from '../../src/ui/card-template.js';

const templates = readdirSync(CARDS_DIR).filter((file) => file.startsWith('meetings-') && file.endsWith('.json'));

function nodes(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}

describe('meetings card templates', () => {
  it('has six templates', () => expect(templates).toHaveLength(6));

  it.each(templates)(
    '%s: associatedInputs on every Action.Execute, labelled date/time inputs, no coloured text',
    (file) => {
      const all = nodes(JSON.parse(readFileSync(join(CARDS_DIR, file), 'utf8')));
      for (const action of all.filter((n) => n.type === 'Action.Execute'))
        expect(['auto', 'none']).toContain(action.associatedInputs);
      for (const input of all.filter((n) => n.type === 'Input.Date' || n.type === 'Input.Time')) {
        expect(input.label).toEqual(expect.any(String));
        expect(input.placeholder).toEqual(expect.any(String));
      }
      expect(all.filter((n) => 'color' in n)).toEqual([]);
    },
  );
});
