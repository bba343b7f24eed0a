// The architecture rule as a lint rule (docs/architecture.md, "What may import what"):
// - src/shared is the bottom layer and imports nothing of ours;
// - support layers (db, ui, platform, registry, delivery) never import a capability or the composition root;
// - a capability imports another capability only through that capability's `*-public.ts`;
// - handlers stay thin: no SQL (repositories, db) in `*-handlers.ts`.
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), 'src');
export const CAPABILITIES = [
  'agenda',
  'shifts',
  'kpi',
  'voting',
  'elections',
  'engage',
  'menu',
  'retention',
  'reports',
  'meetings',
];
const SUPPORT = ['db', 'ui', 'platform', 'registry', 'delivery', 'sms'];
const TOP = ['app', 'cli', 'demo'];

const folderOf = (file) => {
  const rel = relative(SRC, file);
  return rel.startsWith('..') ? null : rel.split(sep)[0];
};

function problem(fromFile, target) {
  const from = folderOf(fromFile);
  const to = folderOf(target);
  if (!from || !to) return null;
  if (from === 'shared' && to !== 'shared') return 'src/shared er det nederste lag og importerer intet af vores.';
  if (SUPPORT.includes(from) && (CAPABILITIES.includes(to) || TOP.includes(to)))
    return `src/${from} er et støttelag og må ikke importere src/${to}.`;
  if (CAPABILITIES.includes(from) && TOP.includes(to)) return `En funktion må ikke importere src/${to}.`;
  if (CAPABILITIES.includes(from) && CAPABILITIES.includes(to) && from !== to && !basename(target).includes('-public.'))
    return `src/${from} må kun bruge src/${to} gennem dens *-public.ts.`;
  if (basename(fromFile).endsWith('-handlers.ts') && (to === 'db' || basename(target).includes('-repository.')))
    return 'Handlers er tynde: ingen SQL; kald én servicemetode.';
  return null;
}

const boundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const message = problem(file, resolve(dirname(file), spec));
      if (message) context.report({ node: node.source, message });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { boundaries } };
