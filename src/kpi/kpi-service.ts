/**
 * The monthly KPI run: import all-or-nothing, assess each municipality, warn the ones below the
 * thresholds (per-agent figures only to that municipality's quality coordinator and leader), flag agents
 * for training, follow up on last month, and a DDH-wide summary of aggregates for Viva Engage.
 */
import type { Db } from '../db/database.js';
import type { Delivery, OutboxMessage } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { findPersonById } from '../registry/registry-repository.js';
import { forbidden, DomainError } from '../shared/errors.js';
import { requestEngagePost } from '../shared/engage-contract.js';
import { assess, combine, followUp, type KpiThresholds } from './kpi-domain.js';
import { parseKpiFile, type KpiRow } from './kpi-file.js';
import * as repo from './kpi-repository.js';
import { buildKpiWarningCard } from './kpi-cards.js';

export interface KpiServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  thresholds: KpiThresholds;
}

export interface ImportSummary {
  period: string;
  rows: number;
  warned: number;
  tooFewData: number;
  flaggedAgents: number;
}

const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

export class KpiService {
  constructor(private readonly d: KpiServiceDeps) {}

  async importFile(bytes: Buffer, fileName: string, actor: Actor | null): Promise<ImportSummary> {
    if (actor && !actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan indlæse KPI-tal.');
    const agents = await repo.agentDirectory(this.d.db);
    const rows = await parseKpiFile(bytes, fileName, async (code, agent) => agents.get(`${code}|${agent}`) ?? null);
    const period = rows[0].period;
    const byCode = new Map<number, KpiRow[]>();
    for (const r of rows) byCode.set(r.municipalityCode, [...(byCode.get(r.municipalityCode) ?? []), r]);

    return this.d.db.withTransaction(async (tx) => {
      const previous = await repo.previousVerdicts(tx, period);
      await repo.replacePeriod(tx, period, fileName, rows, this.d.clock.now());
      const summary: ImportSummary = { period, rows: rows.length, warned: 0, tooFewData: 0, flaggedAgents: 0 };
      const messages: OutboxMessage[] = [];
      const all: KpiRow[] = [];
      for (const [code, list] of byCode) {
        const total = list.find((r) => r.agentKey === '');
        const agentRows = list.filter((r) => r.agentKey !== '');
        all.push(...(total ? [total] : agentRows));
        const a = assess(total ?? combine(agentRows), this.d.thresholds);
        const fu = followUp(previous.get(code) ?? null, a.verdict);
        await repo.saveVerdict(tx, { period, code, rate: a.resolutionRate, satisfaction: a.satisfaction, verdict: a.verdict, followUp: fu });
        if (a.verdict === 'for_faa_data') summary.tooFewData++;
        if (a.verdict !== 'advarsel' && fu !== 'forbedret') continue;
        const below: { personId: number; name: string; line: string }[] = [];
        if (a.verdict === 'advarsel') {
          summary.warned++;
          for (const r of agentRows) {
            const ar = assess(r, this.d.thresholds);
            if (ar.verdict !== 'advarsel' || r.agentPersonId === null) continue;
            await repo.flagForTraining(tx, r.agentPersonId, code, period);
            summary.flaggedAgents++;
            const p = await findPersonById(tx, r.agentPersonId);
            below.push({ personId: r.agentPersonId, name: p?.name ?? r.agentKey, line: `${p?.name ?? r.agentKey}: ${ar.reasons.join('; ')} (${r.callsHandled} opkald)` });
          }
        }
        const card = buildKpiWarningCard({ period, municipality: nameOf(code), assessment: a, followUp: fu, agents: below, thresholds: this.d.thresholds });
        for (const role of ['kvalitetskoordinator', 'leder'] as const) {
          messages.push({ key: `kpi:${period}:${code}:${role}:${fu ?? 'advarsel'}`, to: { kind: 'role', municipalityCode: code, role }, card, batch: `kpi:${period}` });
        }
      }
      if (messages.length) await this.d.delivery.enqueue(messages, tx);
      const ddh = assess(combine(all), this.d.thresholds);
      await requestEngagePost(this.d.scheduler, `kpi:${period}`, {
        kind: 'kpi-summary',
        title: `DDH's nøgletal for ${period}`,
        body: `Straksafklaring: ${ddh.resolutionRate?.toFixed(1) ?? '–'} %. Borgertilfredshed: ${ddh.satisfaction?.toFixed(1) ?? '–'} (1-9). ${byCode.size} kommuner indgår; ${summary.warned} ligger under målet.`,
      }, tx);
      return summary;
    });
  }

  /** The quality coordinator (or the secretariat) records that a flagged agent has been retrained. */
  async completeTraining(actor: Actor, personId: number, period: string): Promise<string> {
    const rec = await repo.trainingRecord(this.d.db, personId, period);
    if (!rec) throw new DomainError('NOT_FOUND', 'Agenten er ikke markeret til uddannelse for den periode.');
    const allowed = actor.secretariat || actor.roles.some((r) => r.role === 'kvalitetskoordinator' && r.municipalityCode === rec.municipalityCode);
    if (!allowed) throw forbidden('Kun kommunens kvalitetskoordinator eller DDH-sekretariatet kan registrere uddannelse.');
    if (rec.completed) return 'Uddannelsen var allerede registreret.';
    await repo.completeTraining(this.d.db, personId, period, actor.id, this.d.clock.now());
    const p = await findPersonById(this.d.db, personId);
    return `${p?.name ?? 'Agenten'} er registreret som uddannet og kan igen tage vagter.`;
  }
}
