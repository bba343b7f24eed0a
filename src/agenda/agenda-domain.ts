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

/** What people read for a status (the stored keys are Danish too, but "Punktet er indsendt" says too little). */
export const STATUS_LABELS: Record<ItemStatus, string> = {
  indsendt: 'afventer behandling',
  godkendt: 'godkendt til dagsordenen',
  afvist: 'afvist',
  trukket: 'trukket tilbage',
};

/** A sub-item (a, b, c, ...): its own title, markers and, when it needs one, its own text. */
export interface SubItem {
  title: string;
  markers: Marker[];
  text: string;
}

export const LIMITS = {
  title: 200,
  presenter: 120,
  introduction: 4000,
  recommendation: 1500,
  attachmentName: 200,
  attachments: 10,
  /**
   * Sub-items are lettered a, b, c, ... on the printed agenda. Twelve, each with up to 1000 characters of text, keep
   * the form and the item's cards under Teams' card size (about 28 KB) beside the item's own text.
   */
  subItems: 12,
  subItemText: 1000,
} as const;

/** The letter of the n-th sub-item (0 → a). */
export const subItemLetter = (n: number) => String.fromCharCode(97 + n);

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

/** Why a late item was refused; what was typed is kept as the person's draft. */
export function deadlinePassedMessage(meetingStart: Date, deadline: Date): string {
  return `Fristen for mødet ${formatDateTime(meetingStart)} var ${formatDateTime(deadline)}. Punktet er gemt som kladde.`;
}

/** Why a submitted item may no longer be changed or withdrawn; nothing is saved, the item stands as it was. */
export function changeDeadlinePassedMessage(meetingStart: Date, deadline: Date): string {
  return `Fristen for at ændre punkter til mødet ${formatDateTime(meetingStart)} var ${formatDateTime(deadline)}. Punktet står uændret.`;
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
      .array(
        z.object({
          title: text(LIMITS.title, 'Underpunktets titel', [2, 'Giv underpunktet en titel']),
          markers,
          text: text(LIMITS.subItemText, 'Underpunktets tekst').default(''),
        }),
      )
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

/**
 * One step up or down in an order of ids; the order as it was when the id is unknown or already at that end.
 * Used for the items of a meeting and for the sub-items of an item.
 */
export function moveOneStep<T>(order: readonly T[], id: T, direction: 'up' | 'down'): T[] {
  const from = order.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

/** The standard items of a published agenda (seed 003), around the accepted items, numbered from 1. */
export const STANDARD_ITEMS = {
  welcome: 'Velkomst',
  agenda: 'Godkendelse af dagens dagsorden',
  closing: 'Evt.',
} as const;

/** Someone invited to a steering-committee meeting, as the registry has them. */
export interface Invitee {
  name: string;
  /** The municipality's name; null when there is none (a secretariat member then counts as Aarhus, its seat). */
  municipality: string | null;
  role: 'member' | 'deputy' | 'secretariat';
  chair: boolean;
}

const INVITEE_RANK = { member: 0, deputy: 1, secretariat: 2 } as const;
const SUFFIX = { member: '', deputy: ' (suppleant)', secretariat: ' (Sek.)' } as const;

/**
 * The invitees as the agenda lists them (seed 003): Aarhus, the fixed seat, first; then the seats by municipality,
 * each member before their deputy; the secretariat last, marked "(Sek.)"; the chair marked "(formand)".
 */
export function inviteeLines(invitees: Invitee[]): string[] {
  const municipalityOf = (invitee: Invitee) => invitee.municipality ?? (invitee.role === 'secretariat' ? 'Aarhus' : '');
  const group = (invitee: Invitee) =>
    invitee.role === 'secretariat' ? 2 : municipalityOf(invitee) === 'Aarhus' ? 0 : 1;
  return [...invitees]
    .sort(
      (a, b) =>
        group(a) - group(b) ||
        (group(a) === 2 ? 0 : municipalityOf(a).localeCompare(municipalityOf(b), 'da')) ||
        INVITEE_RANK[a.role] - INVITEE_RANK[b.role] ||
        a.name.localeCompare(b.name, 'da'),
    )
    .map((invitee) => {
      const where = municipalityOf(invitee);
      return `${invitee.name}${where ? `, ${where}` : ''}${invitee.chair ? ' (formand)' : ''}${SUFFIX[invitee.role]}`;
    });
}

/** Velkomst, the agenda and the minutes come before the accepted items. */
export const OPENING_ITEM_COUNT = 3;

/** The minutes item names the last meeting's date when there was one (seed 003: "Godkendelse af referat 06.12.2023"). */
export function minutesItemTitle(lastMeetingDate: string | null): string {
  return lastMeetingDate ? `Godkendelse af referat ${lastMeetingDate}` : 'Godkendelse af referat fra sidste møde';
}
