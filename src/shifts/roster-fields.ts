/**
 * The fields of a Plangy roster row: the column names accepted for each (documented, Danish, camelCase), the name an
 * error uses when the file has no such column, and the checks of one row. Errors name the field as the file wrote it,
 * with its CSV column (issue 18: "kommunekode", not an internal name).
 */
import { municipalityByCode, municipalityByName } from '../registry/municipalities.js';
import type { RosterFieldError, RosterShift } from './roster-source.js';
import { normalizeAgentId, normalizeEmail } from './shifts-domain.js';
import { parseDateAndTime, parseShiftEnd, parseShiftInstant } from './roster-time.js';

const MAX_SHIFT_HOURS = 24;

/** Column names accepted for each field (our documented names first, then Danish and camelCase variants). */
const FIELD_ALIASES: Record<string, string[]> = {
  shift_id: ['shift_id', 'shiftid', 'vagt_id', 'vagtid', 'id'],
  municipality: ['municipality_code', 'municipalitycode', 'kommunekode', 'kommune', 'municipality'],
  agent_email: ['agent_email', 'agentemail', 'email', 'e-mail', 'mail'],
  agent_id: ['agent_id', 'agentid', 'medarbejder_id', 'objectid', 'object_id'],
  date: ['date', 'dato'],
  start: ['start', 'starts_at', 'startsat', 'starttid', 'fra'],
  end: ['end', 'ends_at', 'endsat', 'sluttid', 'slut', 'til'],
  leader: ['lederposten', 'lederposten_email', 'leder', 'leder_email', 'leader', 'leader_email', 'leaderemail'],
};

/** What an error names when the file has no such column: the documented Danish name. */
export const DEFAULT_LABELS: Record<string, string> = {
  shift_id: 'vagt_id',
  municipality: 'kommunekode',
  agent_email: 'agent_email',
  agent_id: 'agent_id',
  date: 'dato',
  start: 'start',
  end: 'slut',
  leader: 'lederposten',
};

/** Where each field stands in the file: its name as written, and its CSV column. */
export type FieldPlaces = Record<string, { label: string; column?: number }>;

export function canonicalField(name: string): string | null {
  const normalized = name.trim().toLowerCase().replace(/\s+/g, '_');
  for (const [field, aliases] of Object.entries(FIELD_ALIASES)) if (aliases.includes(normalized)) return field;
  return null;
}

export type RawRow = Record<string, string>;

/** Validates one raw row (canonical field names, string values); pushes its errors, returns the shift when clean. */
export function validateRow(
  raw: RawRow,
  row: number,
  zone: string,
  errors: RosterFieldError[],
  places: FieldPlaces = {},
): RosterShift | null {
  const before = errors.length;
  const err = (field: string, message: string) => {
    const place = places[field] ?? { label: DEFAULT_LABELS[field] ?? field };
    errors.push({ row, field: place.label, ...(place.column ? { column: place.column } : {}), message });
  };
  const get = (field: string) => (raw[field] ?? '').trim();

  const externalId = get('shift_id');
  if (!externalId) err('shift_id', 'mangler');
  else if (externalId.length > 100) err('shift_id', 'er længere end 100 tegn');

  const given = get('municipality');
  const municipality = /^\d{3}$/.test(given)
    ? municipalityByCode(Number(given))
    : given
      ? municipalityByName(given)
      : undefined;
  if (!given) err('municipality', 'mangler');
  else if (!municipality)
    err('municipality', `"${given.slice(0, 40)}" er ikke en dansk kommunekode eller et kommunenavn`);

  const agentEmail = normalizeEmail(get('agent_email'));
  const agentId = normalizeAgentId(get('agent_id'));
  const emailLabel = places.agent_email?.label ?? 'agent_email';
  const idLabel = places.agent_id?.label ?? 'agent_id';
  if (!agentEmail && !agentId) err('agent_email', `${emailLabel} eller ${idLabel} skal udfyldes`);
  if (agentEmail && !EMAIL.test(agentEmail)) err('agent_email', 'er ikke en e-mailadresse');
  if (agentId && agentId.length > 200) err('agent_id', 'er længere end 200 tegn');
  const leaderEmail = normalizeEmail(get('leader'));
  if (leaderEmail && !EMAIL.test(leaderEmail)) err('leader', 'er ikke en e-mailadresse');

  const date = get('date');
  const start = date ? parseDateAndTime(date, get('start'), zone) : parseShiftInstant(get('start'), zone);
  if (!start.ok) err('start', start.message);
  let endsAt: Date | null = null;
  if (start.ok) {
    const end = get('end')
      ? parseShiftEnd(get('end'), start.instant, zone)
      : ({ ok: false, message: 'mangler' } as const);
    if (!end.ok) err('end', end.message);
    else if (end.instant.getTime() <= start.instant.getTime()) err('end', 'skal ligge efter start');
    else if (end.instant.getTime() - start.instant.getTime() > MAX_SHIFT_HOURS * 3_600_000)
      err('end', `vagten er længere end ${MAX_SHIFT_HOURS} timer`);
    else endsAt = end.instant;
  }
  if (errors.length > before || !start.ok || !endsAt || !municipality) return null;
  return {
    externalId,
    municipalityCode: municipality.code,
    agentEmail,
    agentId,
    startsAt: start.instant,
    endsAt,
    leaderEmail: leaderEmail ?? null,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
