/**
 * Every card template in cards/ must be a valid Adaptive Card for Teams: parsed by the official SDK without
 * parse or validation events, schema 1.5 at most, and well under Teams' message size limit.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { CARDS_DIR, expandCard } from '../../src/ui/card-template.js';

const SAMPLES = join(CARDS_DIR, 'samples');
const names = readdirSync(CARDS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

function sdkProblems(card: Record<string, unknown>): string[] {
  const ctx = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  return problems;
}

describe('card gallery', () => {
  it('has cards to check', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  it.each(names)('%s is a valid Teams card', (name) => {
    const samplePath = join(SAMPLES, `${name}.json`);
    const data = existsSync(samplePath) ? JSON.parse(readFileSync(samplePath, 'utf8')) : {};
    const card = expandCard(name, data);
    expect(card.type).toBe('AdaptiveCard');
    expect(Number(card.version)).toBeLessThanOrEqual(1.5);
    expect(sdkProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    // With complete sample data nothing may stay unbound: the templating library would show "${…}" to users.
    if (existsSync(samplePath)) expect(JSON.stringify(card)).not.toMatch(/\$\{/);
  });

  it('keeps template syntax in user data as text', () => {
    const card = expandCard('message', {
      title: '${1+1}',
      text: '<script>x</script> **fed**',
      lines: [],
      tone: 'default',
      actions: [],
    });
    expect(JSON.stringify(card)).toContain('${1+1}');
    expect(JSON.stringify(card)).toContain('<script>x</script> **fed**');
  });
});
