/**
 * The acknowledgement link in a no-show SMS (issue 24): signed, no login. It names the incident, the person it was
 * sent to and when it expires; the signature is an HMAC with the bot's link secret (the same secret as the agenda's
 * Word links), cut to 96 bits to keep the SMS short (the link is valid for hours, not years). Opening the link shows a page; only its button acknowledges,
 * so a phone or mail scanner that fetches links acknowledges nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Short on purpose: the whole SMS should fit one segment (160 GSM characters). */
export const ACK_LINK_PATH = '/kvitter/:token';

export interface AckLink {
  incidentId: number;
  personId: number;
  expiresAt: Date;
}

function signature(secret: string, link: AckLink): string {
  return createHmac('sha256', secret)
    .update(`noshow-ack:${link.incidentId}:${link.personId}:${Math.floor(link.expiresAt.getTime() / 1000)}`)
    .digest()
    .subarray(0, 12)
    .toString('base64url');
}

/** "<incident>-<person>-<expiry, seconds in base 36>-<signature>" */
export function ackToken(secret: string, link: AckLink): string {
  const expires = Math.floor(link.expiresAt.getTime() / 1000).toString(36);
  return `${link.incidentId}-${link.personId}-${expires}-${signature(secret, link)}`;
}

export function ackUrl(baseUrl: string, secret: string, link: AckLink): string {
  return `${baseUrl}${ACK_LINK_PATH.replace(':token', ackToken(secret, link))}`;
}

/** The link a token names, when its signature is ours and it has not expired; null otherwise. */
export function verifyAckToken(secret: string, token: string, now: Date): AckLink | null {
  const match = /^(\d{1,10})-(\d{1,10})-([0-9a-z]{1,10})-([A-Za-z0-9_-]{16})$/.exec(token);
  if (!match) return null;
  const link: AckLink = {
    incidentId: Number(match[1]),
    personId: Number(match[2]),
    expiresAt: new Date(parseInt(match[3], 36) * 1000),
  };
  const expected = Buffer.from(signature(secret, link));
  const given = Buffer.from(match[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return link.expiresAt.getTime() > now.getTime() ? link : null;
}
