/**
 * The training gate on the roster (seed 004: "Agenterne kan ikke tage vagter indtil de har gennemført den
 * relevante undervisning"). DDH cannot stop a shift in Plangy, so every shift of a listed agent starting within
 * SHIFT_FLAG_LOOKAHEAD_HOURS is flagged, once per shift, to the agent's quality coordinator and leaders and to the
 * secretariat's duty chat, which can then find a replacement. The check runs hourly while anyone is listed.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery, OutboxMessage } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import { shiftsStartingBetween } from '../shifts/shifts-public.js';
import { buildMessageCard } from '../ui/message-card.js';
import { formatDate, formatTime } from '../shared/time.js';
import { SHIFT_FLAG_LOOKAHEAD_HOURS } from './kpi-domain.js';
import { municipalityName } from './kpi-format.js';
import { openTrainingIdentities } from './kpi-warning-repository.js';
import { KPI_VERBS } from './kpi-cards.js';
import { secretariatChat } from './kpi-outbox.js';

export const SHIFT_GATE_JOB = 'kpi.shift-gate';

const HOUR = 3_600_000;

export class KpiShiftGate {
  constructor(private readonly d: { db: Db; clock: Clock; delivery: Delivery; scheduler: JobScheduler }) {}

  /** Runs a check now (in the caller's transaction); the check keeps itself going hourly while anyone is listed. */
  async start(tx: Queryable): Promise<void> {
    await this.d.scheduler.schedule(
      SHIFT_GATE_JOB,
      {},
      { key: `kpi:shift-gate:start:${this.d.clock.now().toISOString()}`, tx },
    );
  }

  /** One check; returns how many coming shifts belong to listed agents (each shift's notice is sent once, by its key). */
  async check(): Promise<number> {
    const now = this.d.clock.now();
    const listed = await openTrainingIdentities(this.d.db);
    if (!listed.length) return 0;
    const byKey = new Map<string, (typeof listed)[number]>();
    for (const p of listed) {
      byKey.set(`p:${p.personId}`, p);
      byKey.set(`e:${p.email}`, p);
      if (p.objectId) byKey.set(`o:${p.objectId}`, p);
    }
    const shifts = await shiftsStartingBetween(
      this.d.db,
      now,
      new Date(now.getTime() + SHIFT_FLAG_LOOKAHEAD_HOURS * HOUR),
    );
    let flagged = 0;
    await this.d.db.withTransaction(async (tx) => {
      for (const s of shifts) {
        const agent =
          (s.agentPersonId !== null ? byKey.get(`p:${s.agentPersonId}`) : undefined) ??
          (s.agentEmail ? byKey.get(`e:${s.agentEmail.toLowerCase()}`) : undefined) ??
          (s.agentId ? byKey.get(`o:${s.agentId.toLowerCase()}`) : undefined);
        if (!agent) continue;
        flagged++;
        const when = `${formatDate(s.startsAt)} ${formatTime(s.startsAt)}–${formatTime(s.endsAt).replace('kl. ', '')}`;
        const text =
          `${agent.name} (${municipalityName(agent.municipalityCode)}) har vagt ${when}, men står på træningslisten siden KPI-kontrollen for ${agent.since} ` +
          'og kan efter samarbejdsaftalen ikke tage vagter, før den relevante undervisning er gennemført.';
        const lines = [
          'Find en afløser (fx via Plangys Markedsplads), eller registrér undervisningen, hvis den er gennemført.',
        ];
        const base = { batch: `kpi:shift:${s.id}`, tone: 'warning' as const };
        const messages: OutboxMessage[] = (['kvalitetskoordinator', 'leder'] as const).map((role) => ({
          key: `kpi:shift:${s.id}:${role}`,
          to: { kind: 'role', municipalityCode: agent.municipalityCode, role },
          batch: base.batch,
          card: buildMessageCard({
            title: 'Vagt med en agent på træningslisten',
            text,
            lines,
            tone: base.tone,
            actions:
              role === 'kvalitetskoordinator'
                ? [
                    {
                      title: 'Undervisning gennemført',
                      verb: KPI_VERBS.trainingDone,
                      data: { personId: agent.personId, municipalityCode: agent.municipalityCode },
                    },
                  ]
                : [],
          }),
        }));
        messages.push({
          key: `kpi:shift:${s.id}:vagt`,
          to: secretariatChat('vagt'),
          batch: base.batch,
          card: buildMessageCard({ title: 'Vagt med en agent på træningslisten', text, lines, tone: base.tone }),
        });
        await this.d.delivery.enqueue(messages, tx);
      }
      const next = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
      await this.d.scheduler.schedule(
        SHIFT_GATE_JOB,
        {},
        { runAt: next, key: `kpi:shift-gate:${next.toISOString().slice(0, 13)}`, tx },
      );
    });
    return flagged;
  }
}
