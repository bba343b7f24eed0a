/**
 * The door for activities: before the SDK or any handler sees an activity, its shape is checked and its text made
 * storable. Nothing here recurses, so no depth an attacker chooses can overflow the stack; an activity that is too
 * deep, too large or of the wrong shape is refused with one reason (a 400, logged once by the caller).
 * Text is made storable rather than refused: PostgreSQL cannot hold NUL in text or jsonb (dropped), and a lone UTF-16
 * surrogate (which JSON can carry as an escape) is replaced by U+FFFD, so a draft typed with one is kept, not lost.
 */
import { z } from 'zod';

const MAX_DEPTH = 32;
const MAX_NODES = 20_000;

export type GuardResult = { ok: true; activity: Record<string, unknown> } | { ok: false; reason: string };

const SHAPE = z
  .object({
    type: z.string().min(1).max(100),
    name: z.string().max(200).optional(),
    id: z.string().max(500).optional(),
    text: z.string().optional(),
    conversation: z.object({ id: z.string().min(1).max(500) }).passthrough(),
    from: z.object({ id: z.string().min(1).max(500), aadObjectId: z.string().max(100).optional() }).passthrough(),
    recipient: z
      .object({ id: z.string().max(500) })
      .passthrough()
      .optional(),
    value: z.unknown().optional(),
    attachments: z.array(z.object({}).passthrough()).max(50).optional(),
    channelData: z.object({}).passthrough().optional(),
    entities: z.array(z.object({}).passthrough()).max(50).optional(),
    membersAdded: z
      .array(z.object({ id: z.string() }).passthrough())
      .max(1000)
      .optional(),
  })
  .passthrough()
  .refine((a) => a.type !== 'invoke' || (typeof a.name === 'string' && a.name.length > 0), 'invoke uden navn')
  .refine(
    (a) =>
      a.name !== 'adaptiveCard/action' ||
      (isPlainObject(a.value) && isPlainObject(a.value.action) && typeof a.value.action.verb === 'string'),
    'kortaktion uden verbum',
  )
  .refine((a) => a.type !== 'message' || a.value === undefined || isPlainObject(a.value), 'value er ikke et objekt');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text as PostgreSQL can keep it: no NUL, no lone surrogate. */
export function storableText(s: string): string {
  const withoutNul = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
  return withoutNul.isWellFormed() ? withoutNul : withoutNul.toWellFormed();
}

/** A copy of a JSON value with every string (keys too) storable; null when deeper or larger than allowed. */
export function storableJson(value: unknown): { value: unknown } | { problem: string } {
  const root: { value: unknown } = { value: undefined };
  const stack: { from: unknown; depth: number; put: (v: unknown) => void }[] = [
    { from: value, depth: 0, put: (v) => (root.value = v) },
  ];
  let nodes = 0;
  while (stack.length) {
    const { from, depth, put } = stack.pop()!;
    if (++nodes > MAX_NODES) return { problem: 'for mange felter' };
    if (typeof from === 'string') put(storableText(from));
    else if (Array.isArray(from)) {
      if (depth >= MAX_DEPTH) return { problem: 'for dybt indlejret' };
      const out: unknown[] = new Array(from.length);
      put(out);
      from.forEach((item, i) => stack.push({ from: item, depth: depth + 1, put: (v) => (out[i] = v) }));
    } else if (from && typeof from === 'object') {
      if (depth >= MAX_DEPTH) return { problem: 'for dybt indlejret' };
      const out: Record<string, unknown> = {};
      put(out);
      for (const [k, item] of Object.entries(from))
        stack.push({ from: item, depth: depth + 1, put: (v) => (out[storableText(k)] = v) });
    } else put(from);
  }
  return { value: root.value };
}

export function checkActivity(body: unknown): GuardResult {
  if (!isPlainObject(body)) return { ok: false, reason: 'ikke et objekt' };
  const clean = storableJson(body);
  if ('problem' in clean) return { ok: false, reason: clean.problem };
  const shape = SHAPE.safeParse(clean.value);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    return { ok: false, reason: `${issue.path.join('.') || 'aktivitet'}: ${issue.message}` };
  }
  return { ok: true, activity: clean.value as Record<string, unknown> };
}
