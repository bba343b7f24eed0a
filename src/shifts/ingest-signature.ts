/**
 * Signed ingest requests: HMAC-SHA256 over `${timestamp}.${rawBody}` with a shared secret, hex in
 * x-ddh-signature, Unix seconds in x-ddh-timestamp. Old requests are refused here; replays are refused by
 * the caller, which remembers accepted signatures for longer than a timestamp stays acceptable.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-ddh-timestamp';
export const SIGNATURE_HEADER = 'x-ddh-signature';
export const MAX_AGE_SECONDS = 5 * 60;
/** Signatures are kept at least as long as a timestamp may be off in either direction. */
export const REMEMBER_SIGNATURES_MINUTES = 15;

export type SignatureCheck =
  { ok: true; signature: string } | { ok: false; reason: 'missing' | 'bad-timestamp' | 'too-old' | 'bad-signature' };

export function signIngest(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || null;
}

export function verifyIngestSignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  now: Date,
): SignatureCheck {
  const timestamp = header(headers, TIMESTAMP_HEADER);
  const given =
    header(headers, SIGNATURE_HEADER)
      ?.replace(/^sha256=/i, '')
      .toLowerCase() ?? null;
  if (!timestamp || !given) return { ok: false, reason: 'missing' };
  if (!/^\d{1,13}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  // Seconds; a value too big to be seconds is read as milliseconds.
  const stamp = Number(timestamp);
  const ms = stamp > 1e11 ? stamp : stamp * 1000;
  if (Math.abs(now.getTime() - ms) > MAX_AGE_SECONDS * 1000) return { ok: false, reason: 'too-old' };
  if (!/^[0-9a-f]{64}$/.test(given)) return { ok: false, reason: 'bad-signature' };
  const expected = Buffer.from(signIngest(secret, timestamp, rawBody), 'hex');
  const actual = Buffer.from(given, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    return { ok: false, reason: 'bad-signature' };
  return { ok: true, signature: given };
}

export const SIGNATURE_MESSAGES: Record<
  Exclude<SignatureCheck, { ok: true }>['reason'] | 'replayed' | 'not-configured',
  string
> = {
  missing: `Mangler ${TIMESTAMP_HEADER} eller ${SIGNATURE_HEADER}. / Missing ${TIMESTAMP_HEADER} or ${SIGNATURE_HEADER}.`,
  'bad-timestamp': `${TIMESTAMP_HEADER} skal være Unix-tid i sekunder. / ${TIMESTAMP_HEADER} must be Unix time in seconds.`,
  'too-old':
    'Forespørgslen er mere end 5 minutter gammel (eller uret går forkert). / Request is more than 5 minutes old (or the clock is off).',
  'bad-signature': 'Ugyldig signatur. / Invalid signature.',
  replayed: 'Forespørgslen er allerede modtaget (gentagelse afvist). / Request already received (replay refused).',
  'not-configured':
    'Indlæsning er ikke sat op: INGEST_HMAC_SECRET mangler. / Ingest is not configured: INGEST_HMAC_SECRET is not set.',
};
