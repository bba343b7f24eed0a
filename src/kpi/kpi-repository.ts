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
export async function memberCodes(q: Queryable): Promise<Set<number>> {
  const r = await q.query<{ municipality_code: number }>(
    'SELECT municipality_code FROM memberships WHERE contact_center',
  );
  return new Set(r.rows.map((x) => x.municipality_code));
}

/**
 * Every agent by each name a statistics export may use (e-mail, registry id, Entra object id), per municipality,
 * loaded once so checking 12,000 rows is no 12,000 queries.
 */
export async function agentDirectory(q: Queryable): Promise<Map<string, number>> {
  const r = await q.query<{ id: number; email: string; oid: string | null; code: number }>(
    `SELECT p.id, lower(p.email) AS email, lower(p.entra_object_id) AS oid, r.municipality_code AS code
     FROM people p JOIN person_roles r ON r.person_id = p.id AND r.role = 'agent' WHERE p.forgotten_at IS NULL`,
  );
  const m = new Map<string, number>();
  for (const x of r.rows) {
    m.set(`${x.code}|${x.email}`, x.id);
    m.set(`${x.code}|${x.id}`, x.id);
    if (x.oid) m.set(`${x.code}|${x.oid}`, x.id);
  }
  return m;
}

export async function periodExists(q: Queryable, period: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM kpi_imports WHERE period = $1', [period])).rows.length > 0;
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
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
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
    onChunk?.(Math.min(i + CHUNK, rows.length));
  }
}

export interface VerdictRecord {
  municipalityCode: number;
  assessment: Assessment;
  followUp: FollowUp | null;
}

const round = (n: number | null, d: number) => (n === null ? null : Math.round(n * 10 ** d) / 10 ** d);

export async function saveVerdicts(tx: Queryable, period: string, list: VerdictRecord[]): Promise<void> {
  if (!list.length) return;
  const col = <T>(f: (v: VerdictRecord) => T) => list.map(f);
  await tx.query(
    `INSERT INTO kpi_verdicts (period, municipality_code, calls_handled, calls_resolved, satisfaction_answers, satisfaction_milli_sum,
       resolution_rate, satisfaction, resolution_verdict, satisfaction_verdict, verdict, follow_up)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::bigint[], $7::numeric[], $8::numeric[], $9::text[], $10::text[], $11::text[], $12::text[])`,
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
    ],
  );
}

export interface StoredVerdict extends PreviousVerdict {
  period: string;
  municipalityCode: number;
  totals: KpiTotals;
  followUp: FollowUp | null;
}

interface VerdictRow {
  period: string;
  municipality_code: number;
  calls_handled: number;
  calls_resolved: number;
  satisfaction_answers: number;
  satisfaction_milli_sum: string | number;
  resolution_verdict: FigureVerdict;
  satisfaction_verdict: FigureVerdict;
  verdict: Verdict;
  follow_up: FollowUp | null;
}

const toVerdict = (r: VerdictRow): StoredVerdict => ({
  period: r.period,
  municipalityCode: r.municipality_code,
  totals: {
    callsHandled: r.calls_handled,
    callsResolved: r.calls_resolved,
    satisfactionAnswers: r.satisfaction_answers,
    satisfactionMilliSum: Number(r.satisfaction_milli_sum),
  },
  verdict: r.verdict,
  resolution: r.resolution_verdict,
  satisfaction: r.satisfaction_verdict,
  followUp: r.follow_up,
});

/** Verdicts of the given months, for some municipalities or (codes omitted) all. */
export async function verdictsOf(q: Queryable, periods: string[], codes?: number[]): Promise<StoredVerdict[]> {
  const r = await q.query<VerdictRow>(
    `SELECT period, municipality_code, calls_handled, calls_resolved, satisfaction_answers, satisfaction_milli_sum,
       resolution_verdict, satisfaction_verdict, verdict, follow_up
     FROM kpi_verdicts WHERE period = ANY($1::text[]) AND ($2::int[] IS NULL OR municipality_code = ANY($2::int[]))
     ORDER BY period, municipality_code`,
    [periods, codes ?? null],
  );
  return r.rows.map(toVerdict);
}

/** The newest imported month, optionally the newest with figures for one municipality. */
export async function latestPeriod(q: Queryable, code?: number): Promise<string | null> {
  const r = await q.query<{ period: string | null }>(
    code === undefined
      ? 'SELECT max(period) AS period FROM kpi_imports'
      : 'SELECT max(period) AS period FROM kpi_verdicts WHERE municipality_code = $1',
    code === undefined ? [] : [code],
  );
  return r.rows[0]?.period ?? null;
}

/** One municipality's agent rows of a month (per-agent data: callers check the audience first). */
export async function agentRowsOf(q: Queryable, period: string, code: number): Promise<Map<number, KpiFigures>> {
  const r = await q.query<{
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
    r.rows.map((x) => [
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

/** Names of people by id (for cards of the municipality's own agents). */
export async function namesOf(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const r = await q.query<{ id: number; name: string }>('SELECT id, name FROM people WHERE id = ANY($1::int[])', [ids]);
  return new Map(r.rows.map((x) => [x.id, x.name]));
}
