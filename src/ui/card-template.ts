import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';
import type { Card } from './card.js';

export const CARDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cards');

const templates = new Map<string, ACData.Template>();

function templateFor(name: string): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, t);
  }
  return t;
}

/**
 * Expands cards/<name>.json with data. Values are bound, never spliced into the template text,
 * so `${...}` typed by a user stays literal. Card builders are the only callers.
 * User text belongs in TextRun (RichTextBlock) or Input values, where Teams renders no markdown.
 */
export function expandCard(name: string, data: object): Card {
  return templateFor(name).expand({ $root: data }) as Card;
}
