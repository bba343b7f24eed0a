/**
 * Data protection: personal data older than RETENTION_MONTHS is purged daily; aggregates stay
 * (municipality KPI verdicts, no-show incidents, the decision register).
 */
import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { ZONE } from '../shared/time.js';
import { purgeIngestSignatures, purgePersonalData } from './retention-repository.js';

const DAY_MS = 86_400_000;

export interface PurgeReport {
  /** The first instant kept (ISO, UTC). */
  cutoff: string;
  /** Rows removed or blanked, by kind of data. */
  deleted: Record<string, number>;
}

export interface RetentionServiceDeps {
  db: Db;
  clock: Clock;
  /** How long personal data is kept. */
  months: number;
}

/** The first instant that is kept: midnight Copenhagen time, `months` months before today. */
export function retentionCutoff(now: Date, months: number): Date {
  return DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').minus({ months }).toJSDate();
}

export class RetentionService {
  constructor(private readonly deps: RetentionServiceDeps) {}

  /** Everything older than the cutoff, in one transaction; ingest signatures after a day. */
  async purge(): Promise<PurgeReport> {
    const now = this.deps.clock.now();
    const cutoff = retentionCutoff(now, this.deps.months);
    const deleted = await this.deps.db.withTransaction(async (tx) => ({
      ...(await purgePersonalData(tx, cutoff)),
      shifts_ingest_signatures: await purgeIngestSignatures(tx, new Date(now.getTime() - DAY_MS)),
    }));
    return { cutoff: cutoff.toISOString(), deleted };
  }
}
