/**
 * Every capability the bot has, in menu order. Adding one: write src/<cap>/register.ts and list it here.
 */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { register as registerShifts } from '../shifts/register.js';

export type Register = (app: BotApp, deps: CapabilityDeps) => void;

export const CAPABILITIES: { name: string; register: Register }[] = [
  { name: 'shifts', register: registerShifts },
];

/** Lines under the menu that tell users what is switched off or needs attention. */
export async function menuNotices(deps: CapabilityDeps): Promise<string[]> {
  const notices: string[] = [];
  if (deps.config.DDH_LOCAL) notices.push('Lokal demo: data er opdigtede personer; kommunerne er rigtige.');
  return notices;
}
