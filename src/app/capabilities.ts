/**
 * Every capability the bot has, in menu order. Adding one: write src/<cap>/register.ts and list it here.
 */
import type { BotApp } from '../platform/bot-app.js';
import type { CapabilityDeps } from '../shared/capability-deps.js';
import { register as registerShifts } from '../shifts/register.js';
import { register as registerAgenda, start as startAgenda } from '../agenda/register.js';
import { register as registerVoting } from '../voting/register.js';
import { register as registerKpi } from '../kpi/register.js';
import { register as registerElections } from '../elections/register.js';
import { register as registerRetention, start as startRetention } from '../retention/register.js';
import { engageNotices, register as registerEngage, start as startEngage } from '../engage/register.js';

export type Register = (app: BotApp, deps: CapabilityDeps) => void;
/** Runs after the job queue has started (register runs before): e.g. planning timers for existing data. */
export type Start = (deps: CapabilityDeps) => Promise<void>;

export const CAPABILITIES: { name: string; register: Register; start?: Start }[] = [
  { name: 'agenda', register: registerAgenda, start: startAgenda },
  { name: 'shifts', register: registerShifts },
  { name: 'voting', register: registerVoting },
  { name: 'kpi', register: registerKpi },
  { name: 'elections', register: registerElections },
  { name: 'retention', register: registerRetention, start: startRetention },
  { name: 'engage', register: registerEngage, start: startEngage },
];

/** Lines under the menu that tell users what is switched off or needs attention. */
export async function menuNotices(deps: CapabilityDeps): Promise<string[]> {
  const notices: string[] = [];
  if (deps.config.DDH_LOCAL) notices.push('Lokal demo: data er opdigtede personer; kommunerne er rigtige.');
  notices.push(...(await engageNotices(deps)));
  return notices;
}
