/**
 * The no-show templates as Teams users meet them (issues 17 and 18): every Action.Execute says which inputs it takes
 * (a required input must not block the other buttons), date and time inputs carry a Danish label and placeholder,
 * status is a container style with default-coloured text (no yellow or green text on pale fills), and no rendered
 * sample counts with a bracket plural or sends a Teams user to a command line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRACKET_PLURAL } from '../../src/shared/danish.js';
import { CARDS_DIR, expandCard } from '../../src/ui/card-template.js';

const templates = readdirSync(CARDS_DIR)
  .filter((name) => name.startsWith('shifts-') && name.endsWith('.json'))
  .map((name) => name.replace(/\.json$/, ''));

function nodes(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}
const templateOf = (name: string) => JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8'));
const sampleOf = (name: string) =>
  expandCard(name, JSON.parse(readFileSync(join(CARDS_DIR, 'samples', `${name}.json`), 'utf8')));

describe('no-show templates', () => {
  it('are all here', () => {
    expect(templates).toEqual(
      expect.arrayContaining(['shifts-alert', 'shifts-history', 'shifts-notice', 'shifts-nudge', 'shifts-queue']),
    );
  });

  it.each(templates)('%s: every Action.Execute declares associatedInputs', (name) => {
    const executes = nodes(templateOf(name)).filter((node) => node.type === 'Action.Execute');
    for (const action of executes) expect(['auto', 'none']).toContain(action.associatedInputs);
  });

  it.each(templates)('%s: date and time inputs have a Danish label and placeholder', (name) => {
    for (const input of nodes(templateOf(name)).filter((n) => n.type === 'Input.Date' || n.type === 'Input.Time')) {
      expect(input.label).toEqual(expect.any(String));
      expect(String(input.placeholder)).toMatch(/^(TT:MM|DD\.MM\.ÅÅÅÅ)/);
    }
  });

  it.each(templates)('%s: status shows as a container style, never as coloured text', (name) => {
    const coloured = nodes(templateOf(name)).filter((node) => node.color !== undefined && node.color !== 'Default');
    expect(coloured).toEqual([]);
  });

  it.each(templates)('%s: the sample reads right (no bracket plurals, no command lines)', (name) => {
    const text = JSON.stringify(sampleOf(name));
    expect(text).not.toMatch(BRACKET_PLURAL);
    expect(text).not.toMatch(/npm run/);
  });
});
