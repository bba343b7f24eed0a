/**
 * The alert SMS (issue 24): short Danish text with the municipality, the shift and the link; GSM characters only,
 * one segment (160) even for the longest municipality name with the bot's address on Azure; the link verifies only
 * as signed and until it expires.
 */
import { describe, expect, it } from 'vitest';
import { MUNICIPALITIES } from '../../src/registry/municipalities.js';
import { ackToken, ackUrl, verifyAckToken } from '../../src/shifts/ack-link.js';
import type { Incident } from '../../src/shifts/shifts-domain.js';
import { smsText } from '../../src/shifts/sms-alerts.js';

const GSM = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;
const secret = 'link-secret-0123456789abcdef';

const incidentIn = (municipalityCode: number): Incident => ({
  id: 98765,
  shiftId: 1,
  municipalityCode,
  shiftStartsAt: new Date('2026-11-24T07:00:00Z'),
  shiftEndsAt: new Date('2026-11-24T11:30:00Z'),
  source: 'detected',
  status: 'open',
  step: 0,
  openedAt: new Date('2026-11-24T07:05:00Z'),
  reportedBy: null,
  reportNote: null,
  acknowledgedBy: null,
  acknowledgedAt: null,
  eta: null,
  resolvedAt: null,
  resolution: null,
  resolvedBy: null,
  resolutionNote: null,
  loginAt: null,
});

describe('the alert SMS', () => {
  it('fits one GSM segment for every municipality, with the link on Azure', () => {
    const link = ackUrl('https://ddh-teams-bot-prod.azurewebsites.net', secret, {
      incidentId: 98765,
      personId: 12345,
      expiresAt: new Date('2026-11-25T00:00:00Z'),
    });
    for (const municipality of MUNICIPALITIES) {
      const text = smsText(incidentIn(municipality.code), link, null);
      expect(text, municipality.name).toMatch(GSM);
      expect(text.length, municipality.name).toBeLessThanOrEqual(160);
    }
    expect(smsText(incidentIn(751), link, null)).toBe(
      `DDH udeblivelse: Aarhus 24.11 kl. 08:00-12:30. Kvitter: ${link}`,
    );
    expect(smsText(incidentIn(751), link, '4821')).toMatch(/ eller svar 4821$/);
  });

  it('verifies a link only as signed, for the incident and person it names, until it expires', () => {
    const link = { incidentId: 7, personId: 3, expiresAt: new Date('2026-11-25T00:00:00Z') };
    const token = ackToken(secret, link);
    const before = new Date('2026-11-24T12:00:00Z');
    expect(verifyAckToken(secret, token, before)).toEqual(link);
    expect(verifyAckToken(secret, token, new Date('2026-11-25T00:00:01Z'))).toBeNull();
    expect(verifyAckToken('another-secret-0123456789', token, before)).toBeNull();
    expect(verifyAckToken(secret, token.replace(/^7-3-/, '7-4-'), before)).toBeNull();
    expect(verifyAckToken(secret, `${token}x`, before)).toBeNull();
  });
});
