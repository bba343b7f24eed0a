/**
 * Signed download links for the reports' CSV files, like the agenda's Word document, but expiring: a report names
 * people, so a forwarded link stops working after a day. The signature covers the report, its parameters and the
 * expiry; it is checked before anything is read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { forbidden } from '../shared/errors.js';
import type { ReportKind } from './reports-domain.js';

export const LINK_TTL_MS = 24 * 60 * 60 * 1000;
export const REPORT_PATH = '/api/reports/:kind';

export interface LinkParams {
  /** The delivery report's first day (YYYY-MM-DD); empty for the others. */
  since: string;
}

export interface SignedQuery {
  since?: string;
  exp?: string;
  sig?: string;
}

const EXPIRED = 'Linket er udløbet eller ugyldigt. Åbn rapporten igen i Teams for at få et nyt.';

export class ReportLinks {
  constructor(
    private readonly secret: string,
    /** The bot's public address, no trailing slash. */
    private readonly baseUrl: string,
    private readonly clock: Clock,
  ) {}

  url(kind: ReportKind, params: LinkParams): string {
    const exp = String(Math.floor((this.clock.now().getTime() + LINK_TTL_MS) / 1000));
    const query = new URLSearchParams({ ...(params.since ? { since: params.since } : {}), exp });
    query.set('sig', this.sign(kind, params.since, exp));
    return `${this.baseUrl}/api/reports/${kind}.csv?${query.toString()}`;
  }

  /** The link's parameters when its signature holds and it has not expired; FORBIDDEN otherwise. */
  verify(kind: ReportKind, query: SignedQuery): LinkParams {
    const since = query.since ?? '';
    const exp = query.exp ?? '';
    const given = Buffer.from(query.sig ?? '');
    const expected = Buffer.from(this.sign(kind, since, exp));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forbidden(EXPIRED);
    if (!/^\d{1,12}$/.test(exp) || Number(exp) * 1000 < this.clock.now().getTime()) throw forbidden(EXPIRED);
    return { since };
  }

  private sign(kind: ReportKind, since: string, exp: string): string {
    return createHmac('sha256', this.secret).update(`reports:${kind}:${since}:${exp}`).digest('base64url');
  }
}
