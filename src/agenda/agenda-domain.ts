/**
 * Agenda rules (statutes, seed 000; layout, seed 003): the deadline, what an item must hold, who may
 * submit and review. Pure: no I/O, time is passed in.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { formatDateTime, ZONE } from '../shared/time.js';
import type { Actor, Meeting } from '../registry/registry-types.js';

export const MARKERS = ['O', 'D', 'B'] as const;
export type Marker = (typeof MARKERS)[number];
export const MARKER_LABELS: Record<Marker, string> = { O: 'orientering', D: 'drøftelse', B: 'beslutning' };

export type ItemStatus = 'indsendt' | 'godkendt' | 'afvist' | 'trukket';

export const LIMITS = {
  title: 200,
  presenter: 120,
  introduction: 4000,
  recommendation: 1500,
  attachmentName: 200,
  attachments: 10,
  subItems: 6,
} as const;

const deadlines = new Map<string, number>();

/** 23:59:59 Copenhagen time on the calendar day `days` before the meeting's day, whatever the season. */
export function deadlineFor(meetingStart: Date, days: number): Date {
  // Every turn that lists meetings asks this for the same few meetings; the zone arithmetic is the costly part.
  const key = `${meetingStart.getTime()}:${days}`;
  let deadline = deadlines.get(key);
  if (deadline === undefined) {
    if (deadlines.size >= 1000) deadlines.clear();
    deadline = DateTime.fromJSDate(meetingStart, { zone: ZONE })
      .startOf('day')
      .minus({ days })
      .endOf('day')
      .set({ millisecond: 0 })
      .toMillis();
    deadlines.set(key, deadline);
  }
  return new Date(deadline);
}

/** On time means at or before the deadline second; the first instant of the next day is late. */
export function isOnTime(meetingStart: Date, days: number, at: Date): boolean {
  return at.getTime() < deadlineFor(meetingStart, days).getTime() + 1000;
}

/** Why a late item was refused (or may no longer change); what was typed is kept as a draft. */
export function deadlinePassedMessage(meetingStart: Date, deadline: Date): string {
  return `Fristen for mødet ${formatDateTime(meetingStart)} var ${formatDateTime(deadline)}. Punktet er gemt som kladde.`;
}

export function isOpenForItems(meeting: Meeting, days: number, at: Date): boolean {
  return meeting.kind === 'styregruppe' && meeting.status === 'planlagt' && isOnTime(meeting.startsAt, days, at);
}

/** Representatives (any member municipality), the chair and the secretariat may submit. */
export function maySubmit(actor: Actor): boolean {
  return actor.secretariat || actor.chair || actor.roles.some((r) => r.role === 'repraesentant');
}

/** Only the chair and the secretariat review, and only they may accept a late item. */
export function mayReview(actor: Actor): boolean {
  return actor.secretariat || actor.chair;
}

const markers = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(MARKERS, { errorMap: () => ({ message: 'Vælg O, D og/eller B' }) }))
      .min(1, 'Vælg mindst én markering (O, D eller B)'),
  )
  .transform((v) => MARKERS.filter((m) => v.includes(m)));

// Control characters (other than line breaks and tabs) never belong in an agenda; they are dropped before checking.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
const text = (max: number, label: string, min?: [number, string]) =>
  z
    .string()
    .transform((v) => v.replace(CONTROL, '').trim())
    .pipe(
      min
        ? z.string().min(min[0], min[1]).max(max, `${label} må højst være ${max} tegn`)
        : z.string().max(max, `${label} må højst være ${max} tegn`),
    );

const httpsLink = z
  .string()
  .trim()
  .max(2000, 'Linket er for langt')
  .refine((v) => {
    try {
      return new URL(v).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Bilag skal være et https-link');

/** What a submission must hold; card input is untrusted, so this is the only gate. */
export const itemInputSchema = z
  .object({
    meetingId: z.coerce.number({ invalid_type_error: 'Vælg et møde' }).int().positive('Vælg et møde'),
    title: text(LIMITS.title, 'Titlen', [3, 'Skriv en titel (mindst 3 tegn)']),
    markers,
    presenter: text(LIMITS.presenter, 'Oplægsholder', [2, 'Skriv hvem der fremlægger punktet (V/)']),
    introduction: text(LIMITS.introduction, 'Introduktionen').default(''),
    recommendation: text(LIMITS.recommendation, 'Indstillingen').default(''),
    attachments: z
      .array(
        z.object({ name: text(LIMITS.attachmentName, 'Bilagets navn', [1, 'Giv bilaget et navn']), url: httpsLink }),
      )
      .max(LIMITS.attachments, `Højst ${LIMITS.attachments} bilag`)
      .default([]),
    subItems: z
      .array(z.object({ title: text(LIMITS.title, 'Underpunktets titel', [2, 'Giv underpunktet en titel']), markers }))
      .max(LIMITS.subItems, `Højst ${LIMITS.subItems} underpunkter`)
      .default([]),
  })
  .superRefine((v, ctx) => {
    if (v.markers.includes('B') && v.recommendation.length < 5) {
      ctx.addIssue({
        code: 'custom',
        path: ['recommendation'],
        message: 'Et beslutningspunkt (B) skal have en indstilling ("Det indstilles, at …")',
      });
    }
  });

export type ItemInput = z.infer<typeof itemInputSchema>;

/** The Danish problems of an input, one line each, for the refusal card. */
export function problemsOf(input: unknown): { ok: true; value: ItemInput } | { ok: false; problems: string[] } {
  const result = itemInputSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: [...new Set(result.error.issues.map((i) => i.message))] };
}

export const markerText = (markers: readonly Marker[]) => `(${markers.join(', ')})`;

/** Items of a published agenda: the standard ones around the accepted items, numbered from 1. */
export const STANDARD_OPENING = [
  'Velkomst',
  'Godkendelse af dagens dagsorden',
  'Godkendelse af referat fra sidste møde',
] as const;
export const STANDARD_CLOSING = ['Evt.'] as const;
