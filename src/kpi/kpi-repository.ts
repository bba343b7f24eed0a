/** KPI SQL: replacing a period, verdicts, the training gate. */
import type { Queryable } from '../db/database.js';
import type { Verdict } from './kpi-domain.js';
import type { KpiRow } from './kpi-file.js';

export async function replacePeriod(q: Queryable, period: string, fileName: string, rows: KpiRow[], at: Date): Promise<void> {
  await q.query('DELETE FROM kpi_imports WHERE period = $1', [period]);
  await q.query('INSERT INTO kpi_imports (period, file_name, row_count, imported_at) VALUES ($1, $2, $3, $4)', [period, fileName, rows.length, at]);
  // One statement per 1000 rows: a 12,000-row month is a dozen round trips, not 12,000.
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await q.query(
      `INSERT INTO kpi_rows (period, municipality_code, agent_person_id, agent_key, calls_handled, calls_resolved, satisfaction_answers, satisfaction_mean)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::numeric[])`,
      [period, chunk.map((r) => r.municipalityCode), chunk.map((r) => r.agentPersonId), chunk.map((r) => r.agentKey), chunk.map((r) => r.callsHandled),
        chunk.map((r) => r.callsResolved), chunk.map((r) => r.satisfactionAnswers), chunk.map((r) => r.satisfactionMean)],
    );
  }
}

export async function saveVerdict(q: Queryable, v: { period: string; code: number; rate: number | null; satisfaction: number | null; verdict: Verdict; followUp: string | null }): Promise<void> {
  await q.query(
    `INSERT INTO kpi_verdicts (period, municipality_code, resolution_rate, satisfaction, verdict, follow_up) VALUES ($1, $2, $3, $4, $5, $6)`,
    [v.period, v.code, v.rate, v.satisfaction, v.verdict, v.followUp],
  );
}

export async function previousVerdicts(q: Queryable, period: string): Promise<Map<number, Verdict>> {
  const r = await q.query<{ municipality_code: number; verdict: Verdict }>(
    `SELECT municipality_code, verdict FROM kpi_verdicts WHERE period = (SELECT max(period) FROM kpi_imports WHERE period < $1)`,
    [period],
  );
  return new Map(r.rows.map((x) => [x.municipality_code, x.verdict]));
}

export async function flagForTraining(q: Queryable, personId: number, code: number, period: string): Promise<void> {
  await q.query('INSERT INTO kpi_training (person_id, municipality_code, period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [personId, code, period]);
}

export async function completeTraining(q: Queryable, personId: number, period: string, by: number, at: Date): Promise<{ municipalityCode: number } | null> {
  const r = await q.query<{ municipality_code: number }>(
    `UPDATE kpi_training SET completed_at = $4, completed_by = $3 WHERE person_id = $1 AND period = $2 AND completed_at IS NULL RETURNING municipality_code`,
    [personId, period, by, at],
  );
  return r.rows[0] ? { municipalityCode: r.rows[0].municipality_code } : null;
}

export async function trainingRecord(q: Queryable, personId: number, period: string): Promise<{ municipalityCode: number; completed: boolean } | null> {
  const r = await q.query<{ municipality_code: number; completed_at: Date | null }>('SELECT municipality_code, completed_at FROM kpi_training WHERE person_id = $1 AND period = $2', [personId, period]);
  return r.rows[0] ? { municipalityCode: r.rows[0].municipality_code, completed: r.rows[0].completed_at !== null } : null;
}

/** Agents still blocked from shifts: flagged and not yet retrained. */
export async function blockedAgents(q: Queryable, code?: number): Promise<{ personId: number; period: string }[]> {
  const r = await q.query<{ person_id: number; period: string }>(
    'SELECT person_id, period FROM kpi_training WHERE completed_at IS NULL AND ($1::int IS NULL OR municipality_code = $1) ORDER BY period, person_id',
    [code ?? null],
  );
  return r.rows.map((x) => ({ personId: x.person_id, period: x.period }));
}

export async function agentDirectory(q: Queryable): Promise<Map<string, number>> {
  const r = await q.query<{ id: number; email: string; municipality_code: number }>(
    `SELECT p.id, lower(p.email) AS email, r.municipality_code FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'agent' WHERE p.forgotten_at IS NULL`,
  );
  const m = new Map<string, number>();
  for (const x of r.rows) {
    m.set(`${x.municipality_code}|${x.email}`, x.id);
    m.set(`${x.municipality_code}|${x.id}`, x.id);
  }
  return m;
}
