/**
 * The new committee takes office on its start date, not when the election is confirmed. The statutes give the sitting
 * committee its term until the new one starts (seeds 000/001, DOMAIN.md): until then it keeps its seats, its chair and
 * the votes. Confirming stores the new term inactive and schedules this durable job (never an in-process timer) for
 * the start date at 00:00 Copenhagen, keyed by the term; the job swaps the active term in one transaction and tells
 * the committee's chat and the secretariat. A late confirmation (start date today or past) activates at once instead.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import { copenhagenToUtc, localDateOf } from '../shared/time.js';
import { buildMessageCard } from '../ui/message-card.js';
import * as repo from './elections-constitution-repository.js';

export const TERM_START_JOB = 'elections.term-start';

export interface TermStartDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
}

export class TermStart {
  constructor(private readonly deps: TermStartDeps) {}

  /** Whether a term starting on `startsOn` (YYYY-MM-DD) has started by today, Copenhagen date. */
  hasStarted(startsOn: string): boolean {
    return startsOn <= localDateOf(this.deps.clock.now());
  }

  /** In the confirming transaction: the term's start, at 00:00 Copenhagen on its start date; once per term. */
  async schedule(tx: Queryable, termId: number, startsOn: string): Promise<void> {
    await this.deps.scheduler.schedule(
      TERM_START_JOB,
      { termId },
      { key: `elections:term-start:${termId}`, runAt: copenhagenToUtc(startsOn), tx },
    );
  }

  /**
   * The job: the term becomes the active one and the committee and the secretariat are told, in one transaction.
   * Running twice is harmless: a term already active, superseded by a newer one, or gone is left alone (false).
   */
  async start(termId: number): Promise<boolean> {
    const { db, delivery } = this.deps;
    return db.withTransaction(async (tx) => {
      const term = await repo.lockTermForStart(tx, termId);
      if (!term?.due) return false;
      await repo.activateTerm(tx, termId);
      const card = buildMessageCard({
        title: 'Den nye styregruppe er trådt til',
        text: `Den nye styregruppe (${term.name}) er trådt til i dag. Formanden vælges på det første møde (Konstituering).`,
        tone: 'good',
      });
      const batch = `term-start:${termId}`;
      await delivery.enqueue(
        [
          { key: `${batch}:committee`, to: { kind: 'named', purpose: 'styregruppe' }, card, batch },
          {
            key: `${batch}:secretariat`,
            to: { kind: 'named', purpose: 'sekretariat', orElse: 'secretariat' },
            card,
            batch,
          },
        ],
        tx,
      );
      return true;
    });
  }
}
