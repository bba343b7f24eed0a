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
import { shiftsStartingBetween, type Shift } from '../shifts/shifts-public.js';
import { formatDate, formatTime } from '../shared/time.js';
import { SHIFT_FLAG_LOOKAHEAD_HOURS } from './kpi-domain.js';
import { municipalityName } from './kpi-format.js';
import { openTrainingIdentities } from './kpi-warning-repository.js';
import { buildShiftNoticeCard, type ShiftNoticeView } from './kpi-cards.js';
import { secretariatChat } from './kpi-outbox.js';

export const SHIFT_GATE_JOB = 'kpi.shift-gate';

const HOUR = 3_600_000;

export interface KpiShiftGateDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
}

type ListedAgent = Awaited<ReturnType<typeof openTrainingIdentities>>[number];

export class KpiShiftGate {
  constructor(private readonly deps: KpiShiftGateDeps) {}

  /** Runs a check now (in the caller's transaction); the check keeps itself going hourly while anyone is listed. */
  async start(tx: Queryable): Promise<void> {
    await this.deps.scheduler.schedule(
      SHIFT_GATE_JOB,
      {},
      { key: `kpi:shift-gate:start:${this.deps.clock.now().toISOString()}`, tx },
    );
  }

  /** One check; returns how many coming shifts belong to listed agents (each shift's notice is sent once, by its key). */
  async check(): Promise<number> {
    const { db, clock, delivery, scheduler } = this.deps;
    const now = clock.now();
    const listed = await openTrainingIdentities(db);
    if (!listed.length) return 0;
    const agentOf = listedAgentFinder(listed);
    const shifts = await shiftsStartingBetween(db, now, new Date(now.getTime() + SHIFT_FLAG_LOOKAHEAD_HOURS * HOUR));
    let flagged = 0;
    await db.withTransaction(async (tx) => {
      for (const shift of shifts) {
        const agent = agentOf(shift);
        if (!agent) continue;
        flagged++;
        await delivery.enqueue(shiftNotices(shift, agent), tx);
      }
      const next = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
      await scheduler.schedule(
        SHIFT_GATE_JOB,
        {},
        { runAt: next, key: `kpi:shift-gate:${next.toISOString().slice(0, 13)}`, tx },
      );
    });
    return flagged;
  }
}

/** A roster names its agent by registry id, e-mail or Entra object id; any of them finds the listed agent. */
function listedAgentFinder(listed: ListedAgent[]): (shift: Shift) => ListedAgent | undefined {
  const byName = new Map<string, ListedAgent>();
  for (const agent of listed) {
    byName.set(`p:${agent.personId}`, agent);
    byName.set(`e:${agent.email}`, agent);
    if (agent.objectId) byName.set(`o:${agent.objectId}`, agent);
  }
  return (shift) =>
    (shift.agentPersonId !== null ? byName.get(`p:${shift.agentPersonId}`) : undefined) ??
    (shift.agentEmail ? byName.get(`e:${shift.agentEmail.toLowerCase()}`) : undefined) ??
    (shift.agentId ? byName.get(`o:${shift.agentId.toLowerCase()}`) : undefined);
}

/** The shift's notice to the municipality's coordinator (with the training button) and leaders, and the duty chat. */
function shiftNotices(shift: Shift, agent: ListedAgent): OutboxMessage[] {
  const notice = (canTrain: boolean): ShiftNoticeView => ({
    agent: {
      personId: agent.personId,
      name: agent.name,
      municipality: municipalityName(agent.municipalityCode),
      municipalityCode: agent.municipalityCode,
      since: agent.since,
    },
    when: `${formatDate(shift.startsAt)} ${formatTime(shift.startsAt)}–${formatTime(shift.endsAt).replace('kl. ', '')}`,
    canTrain,
  });
  const batch = `kpi:shift:${shift.id}`;
  return [
    ...(['kvalitetskoordinator', 'leder'] as const).map((role): OutboxMessage => ({
      key: `kpi:shift:${shift.id}:${role}`,
      to: { kind: 'role', municipalityCode: agent.municipalityCode, role },
      batch,
      card: buildShiftNoticeCard(notice(role === 'kvalitetskoordinator')),
    })),
    {
      key: `kpi:shift:${shift.id}:vagt`,
      to: secretariatChat('vagt'),
      batch,
      card: buildShiftNoticeCard(notice(false)),
    },
  ];
}
