/**
 * The meeting's download links on cards, signed like the agenda's Word link: the calendar invitation (.ics) of a
 * meeting and the minutes (.docx) of a version. The signature is checked before anything is looked up.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class MeetingLinks {
  constructor(
    /** The bot's public address, no trailing slash. */
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  /** The invitation of the meeting as it now is (a moved meeting's old link gives the new time). */
  invitation(meetingId: number): string {
    return `${this.baseUrl}/api/meetings/${meetingId}/invitation.ics?sig=${this.sign(`ics:${meetingId}`)}`;
  }

  minutes(meetingId: number, version: number): string {
    return `${this.baseUrl}/api/meetings/${meetingId}/referat.docx?v=${version}&sig=${this.sign(`minutes:${meetingId}:${version}`)}`;
  }

  invitationSigned(meetingId: number, signature: string): boolean {
    return this.matches(`ics:${meetingId}`, signature);
  }

  minutesSigned(meetingId: number, version: number, signature: string): boolean {
    return this.matches(`minutes:${meetingId}:${version}`, signature);
  }

  private sign(what: string): string {
    return createHmac('sha256', this.secret).update(`meetings:${what}`).digest('base64url');
  }

  private matches(what: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(what));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
