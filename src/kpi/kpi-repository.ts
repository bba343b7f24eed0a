/** KPI SQL for imports, rows and verdicts; rows are mapped to domain types here only. */
import type { Queryable } from '../db/database.js';
import type {
  Assessment,
  FigureVerdict,
  FollowUp,
  KpiFigures,
  KpiTotals,
  PreviousVerdict,
  Verdict,
} from './kpi-domain.js';
import type { KpiRow } from './kpi-validation.js';

/** Imports run one at a time (any period): the follow-up of one month reads the verdicts of the month before. */
const IMPORT_LOCK = 4_733_006;

export async function lockImports(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
}

/** Contact-center members, for checking the file's municipality codes. */
export async function memberCodes(db: Queryable): Promise<Set<number>> {
  const result = await db.query<{ municipality_code: number }>(
    'SELECT municipality_code FROM memberships WHERE contact_center',
  );
  return new Set(result.rows.map((x) => x.municipality_code));
}

/**
 * Every agent by each name a statistics export may use (e-mail, registry id, Entra object id), per municipality,
 * loaded once so checking 12,000 rows is no 12,000 queries.
 */
export async function agentDirectory(db: Queryable): Promise<Map<string, number>> {
  const result = await db.query<{ id: number; email: string; oid: string | null; code: number }>(
    `SELECT p.id, lower(p.email) AS email, lower(p.entra_object_id) AS oid, r.municipality_code AS code
     FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'agent' WHERE p.forgotten_at IS NULL`,
  );
  const directory = new Map<string, number>();
  for (const agent of result.rows) {
    directory.set(`${agent.code}|${agent.email}`, agent.id);
    directory.set(`${agent.code}|${agent.id}`, agent.id);
    if (agent.oid) directory.set(`${agent.code}|${agent.oid}`, agent.id);
  }
  return directory;
}

export async function periodExists(db: Queryable, period: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM kpi_imports WHERE period = $1', [period])).rows.length > 0;
}

const CHUNK = 2000;

/** Replaces a month: its rows and verdicts go with the import row (cascade), then the new rows go in, CHUNK per statement. */
export async function replacePeriod(
  tx: Queryable,
  period: string,
  file: { name: string; importedBy: number | null; at: Date },
  rows: KpiRow[],
  onChunk?: (done: number) => void,
): Promise<void> {
  await tx.query('DELETE FROM kpi_imports WHERE period = $1', [period]);
  await tx.query(
    'INSERT INTO kpi_imports (period, file_name, row_count, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5)',
    [period, file.name.slice(0, 255), rows.length, file.at, file.importedBy],
  );
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await tx.query(
      `INSERT INTO kpi_rows (period, municipality_code, agent_person_id, agent_key, calls_handled, calls_resolved, satisfaction_answers, satisfaction_mean)
       SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::numeric[])`,
      [
        period,
        chunk.map((r) => r.municipalityCode),
        chunk.map((r) => r.agentPersonId),
        chunk.map((r) => (r.agentPersonId === null ? '' : String(r.agentPersonId))),
        chunk.map((r) => r.callsHandled),
        chunk.map((r) => r.callsResolved),
        chunk.map((r) => r.satisfactionAnswers),
        chunk.map((r) => r.satisfactionMean),
      ],
    );
    onChunk?.(Math.min(start + CHUNK, rows.length));
  }
}

export interface VerdictRecord {
  municipalityCode: number;
  assessment: Assessment;
  followUp: FollowUp | null;
}

const round = (value: number | null, digits: number) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

export async function saveVerdicts(tx: Queryable, period: string, list: VerdictRecord[]): Promise<void> {
  if (!list.length) return;
  const col = <T>(pick: (v: VerdictRecord) => T) => list.map(pick);
  await tx.query(
    `INSERT INTO kpi_verdicts (period, municipality_code, calls_handled, calls_resolved, satisfaction_answers, satisfaction_milli_sum,
       resolution_rate, satisfaction, resolution_verdict, satisfaction_verdict, verdict, follow_up, averaging)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::bigint[], $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])`,
    [
      period,
      col((v) => v.municipalityCode),
      col((v) => v.assessment.totals.callsHandled),
      col((v) => v.assessment.totals.callsResolved),
      col((v) => v.assessment.totals.satisfactionAnswers),
      col((v) => v.assessment.totals.satisfactionMilliSum),
      col((v) => round(v.assessment.resolutionRate, 2)),
      col((v) => round(v.assessment.satisfaction, 2)),
      col((v) => v.assessment.resolution),
      col((v) => v.assessment.satisfactionVerdict),
      col((v) => v.assessment.verdict),
      col((v) => v.followUp),
      col((v) => v.assessment.averaging),
    ],
  );
}

export interface StoredVerdict extends PreviousVerdict {
  period: string;
  municipalityCode: number;
  totals: KpiTotals;
  /** The rate that decided the verdict, as stored (2 decimals); with 'agents' it is not derivable from the totals. */
  resolutionRate: number | null;
  averaging: 'calls' | 'agents';
  followUp: FollowUp | null;
}

interface VerdictRow {
  period: string;
  municipality_code: number;
  calls_handled: number;
  calls_resolved: number;
  satisfaction_answers: number;
  satisfaction_milli_sum: string | number;
  resolution_rate: string | number | null;
  averaging: 'calls' | 'agents';
  resolution_verdict: FigureVerdict;
  satisfaction_verdict: FigureVerdict;
  verdict: Verdict;
  follow_up: FollowUp | null;
}

const toVerdict = (row: VerdictRow): StoredVerdict => ({
  period: row.period,
  municipalityCode: row.municipality_code,
  totals: {
    callsHandled: row.calls_handled,
    callsResolved: row.calls_resolved,
    satisfactionAnswers: row.satisfaction_answers,
    satisfactionMilliSum: Number(row.satisfaction_milli_sum),
  },
  resolutionRate: row.resolution_rate === null ? null : Number(row.resolution_rate),
  averaging: row.averaging,
  verdict: row.verdict,
  resolution: row.resolution_verdict,
  satisfaction: row.satisfaction_verdict,
  followUp: row.follow_up,
});

/** Verdicts of the given months, for some municipalities or (codes omitted) all. */
export async function verdictsOf(db: Queryable, periods: string[], codes?: number[]): Promise<StoredVerdict[]> {
  const result = await db.query<VerdictRow>(
    `SELECT period, municipality_code, calls_handled, calls_resolved, satisfaction_answers, satisfaction_milli_sum,
       resolution_rate, averaging, resolution_verdict, satisfaction_verdict, verdict, follow_up
     FROM kpi_verdicts WHERE period = ANY($1::text[]) AND ($2::int[] IS NULL OR municipality_code = ANY($2::int[]))
     ORDER BY period, municipality_code`,
    [periods, codes ?? null],
  );
  return result.rows.map(toVerdict);
}

/** The newest imported month, optionally the newest with figures for one municipality. */
export async function latestPeriod(db: Queryable, code?: number): Promise<string | null> {
  const result = await db.query<{ period: string | null }>(
    code === undefined
      ? 'SELECT max(period) AS period FROM kpi_imports'
      : 'SELECT max(period) AS period FROM kpi_verdicts WHERE municipality_code = $1',
    code === undefined ? [] : [code],
  );
  return result.rows[0]?.period ?? null;
}

/** One municipality's agent rows of a month (per-agent data: callers check the audience first). */
export async function agentRowsOf(db: Queryable, period: string, code: number): Promise<Map<number, KpiFigures>> {
  const result = await db.query<{
    agent_person_id: number;
    calls_handled: number;
    calls_resolved: number;
    satisfaction_answers: number;
    satisfaction_mean: string | null;
  }>(
    `SELECT agent_person_id, calls_handled, calls_resolved, satisfaction_answers, satisfaction_mean FROM kpi_rows
     WHERE period = $1 AND municipality_code = $2 AND agent_person_id IS NOT NULL`,
    [period, code],
  );
  return new Map(
    result.rows.map((x) => [
      x.agent_person_id,
      {
        callsHandled: x.calls_handled,
        callsResolved: x.calls_resolved,
        satisfactionAnswers: x.satisfaction_answers,
        satisfactionMean: x.satisfaction_mean === null ? null : Number(x.satisfaction_mean),
      },
    ]),
  );
}
