/** KPI SQL for warnings (acknowledgement, follow-up plan, escalation) and the training list. */
import type { Queryable } from '../db/database.js';

export type WarningKind = 'advarsel' | 'opfoelgning';

export interface KpiWarning {
  id: number;
  period: string;
  municipalityCode: number;
  kind: WarningKind;
  withdrawn: boolean;
  escalated: boolean;
  agendaItemId: number | null;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  plan: string | null;
  planBy: string | null;
  planAt: Date | null;
}

interface WarningRow {
  id: number;
  period: string;
  municipality_code: number;
  kind: WarningKind;
  withdrawn: boolean;
  escalated: boolean;
  agenda_item_id: number | null;
  acknowledged_by_name: string | null;
  acknowledged_at: Date | null;
  plan: string | null;
  plan_by_name: string | null;
  plan_at: Date | null;
}

const SELECT_WARNING = `SELECT w.id, w.period, w.municipality_code, w.kind, w.withdrawn, w.escalated, w.agenda_item_id,
    a.name AS acknowledged_by_name, w.acknowledged_at, w.plan, p.name AS plan_by_name, w.plan_at
  FROM kpi_warnings w LEFT JOIN people a ON a.id = w.acknowledged_by LEFT JOIN people p ON p.id = w.plan_by`;

const toWarning = (row: WarningRow): KpiWarning => ({
  id: row.id,
  period: row.period,
  municipalityCode: row.municipality_code,
  kind: row.kind,
  withdrawn: row.withdrawn,
  escalated: row.escalated,
  agendaItemId: row.agenda_item_id,
  acknowledgedBy: row.acknowledged_by_name,
  acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at) : null,
  plan: row.plan,
  planBy: row.plan_by_name,
  planAt: row.plan_at ? new Date(row.plan_at) : null,
});

/** Creates or revives the month's warning; a re-import keeps its acknowledgement and plan. */
export async function upsertWarning(
  tx: Queryable,
  period: string,
  code: number,
  kind: WarningKind,
  at: Date,
): Promise<KpiWarning> {
  const result = await tx.query<{ id: number }>(
    `INSERT INTO kpi_warnings (period, municipality_code, kind, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (period, municipality_code) DO UPDATE SET kind = EXCLUDED.kind, withdrawn = false, updated_at = EXCLUDED.updated_at
     RETURNING id`,
    [period, code, kind, at],
  );
  return (await findWarning(tx, result.rows[0].id))!;
}

export async function findWarning(db: Queryable, id: number, lock = false): Promise<KpiWarning | null> {
  if (lock) await db.query('SELECT 1 FROM kpi_warnings WHERE id = $1 FOR UPDATE', [id]);
  const result = await db.query<WarningRow>(`${SELECT_WARNING} WHERE w.id = $1`, [id]);
  return result.rows[0] ? toWarning(result.rows[0]) : null;
}

export async function warningsOfPeriod(db: Queryable, period: string): Promise<KpiWarning[]> {
  const result = await db.query<WarningRow>(`${SELECT_WARNING} WHERE w.period = $1 ORDER BY w.municipality_code`, [
    period,
  ]);
  return result.rows.map(toWarning);
}

export async function withdrawWarning(tx: Queryable, id: number, at: Date): Promise<void> {
  await tx.query('UPDATE kpi_warnings SET withdrawn = true, updated_at = $2 WHERE id = $1', [id, at]);
}

/** The first acknowledgement counts; returns false when the warning was already acknowledged. */
export async function acknowledge(tx: Queryable, id: number, personId: number, at: Date): Promise<boolean> {
  const result = await tx.query(
    'UPDATE kpi_warnings SET acknowledged_by = $2, acknowledged_at = $3, updated_at = $3 WHERE id = $1 AND acknowledged_at IS NULL',
    [id, personId, at],
  );
  return result.rowCount > 0;
}

export async function savePlan(tx: Queryable, id: number, plan: string, personId: number, at: Date): Promise<void> {
  await tx.query('UPDATE kpi_warnings SET plan = $2, plan_by = $3, plan_at = $4, updated_at = $4 WHERE id = $1', [
    id,
    plan,
    personId,
    at,
  ]);
}

export async function markEscalated(tx: Queryable, id: number, agendaItemId: number | null, at: Date): Promise<void> {
  await tx.query(
    'UPDATE kpi_warnings SET escalated = true, agenda_item_id = COALESCE(agenda_item_id, $2), updated_at = $3 WHERE id = $1',
    [id, agendaItemId, at],
  );
}

// --- The training list -------------------------------------------------------------------------

/** A re-imported month takes back the open flags it set; completed training stays on record. */
export async function clearOpenFlags(tx: Queryable, period: string): Promise<void> {
  await tx.query('DELETE FROM kpi_training WHERE period = $1 AND completed_at IS NULL', [period]);
}

export async function flagForTraining(
  tx: Queryable,
  period: string,
  flags: { personId: number; municipalityCode: number }[],
  at: Date,
): Promise<void> {
  if (!flags.length) return;
  await tx.query(
    `INSERT INTO kpi_training (person_id, municipality_code, period, flagged_at)
     SELECT p, c, $1, $2 FROM unnest($3::int[], $4::int[]) AS f(p, c) ON CONFLICT (person_id, period) DO NOTHING`,
    [period, at, flags.map((f) => f.personId), flags.map((f) => f.municipalityCode)],
  );
}

export interface TrainingEntry {
  personId: number;
  name: string;
  municipalityCode: number;
  /** The month the agent was first put on the list (still open). */
  since: string;
  completedAt: Date | null;
  completedBy: string | null;
}

/** One line per person: open if any flag is open (since the oldest open month), else the latest completion. */
export async function trainingEntries(
  db: Queryable,
  where: { code?: number; personIds?: number[]; openOnly?: boolean },
): Promise<TrainingEntry[]> {
  const result = await db.query<{
    person_id: number;
    name: string;
    municipality_code: number;
    since: string;
    completed_at: Date | null;
    completed_by: string | null;
  }>(
    `SELECT t.person_id, p.name, t.municipality_code,
        COALESCE(min(t.period) FILTER (WHERE t.completed_at IS NULL), max(t.period)) AS since,
        CASE WHEN bool_or(t.completed_at IS NULL) THEN NULL ELSE max(t.completed_at) END AS completed_at,
        CASE WHEN bool_or(t.completed_at IS NULL) THEN NULL ELSE (array_agg(c.name ORDER BY t.completed_at DESC))[1] END AS completed_by
     FROM kpi_training t JOIN people p ON p.id = t.person_id LEFT JOIN people c ON c.id = t.completed_by
     WHERE ($1::int IS NULL OR t.municipality_code = $1) AND ($2::int[] IS NULL OR t.person_id = ANY($2::int[])) AND p.forgotten_at IS NULL
     GROUP BY t.person_id, p.name, t.municipality_code
     HAVING NOT $3::boolean OR bool_or(t.completed_at IS NULL)
     ORDER BY bool_or(t.completed_at IS NULL) DESC, p.name, t.person_id`,
    [where.code ?? null, where.personIds ?? null, where.openOnly ?? false],
  );
  return result.rows.map((x) => ({
    personId: x.person_id,
    name: x.name,
    municipalityCode: x.municipality_code,
    since: x.since,
    completedAt: x.completed_at ? new Date(x.completed_at) : null,
    completedBy: x.completed_by,
  }));
}

/** The agents a month's warning put on the list (their flags may since be completed). */
export async function flaggedInPeriod(db: Queryable, period: string, code: number): Promise<number[]> {
  const result = await db.query<{ person_id: number }>(
    'SELECT person_id FROM kpi_training WHERE period = $1 AND municipality_code = $2',
    [period, code],
  );
  return result.rows.map((x) => x.person_id);
}

/** Municipalities where the person has any flag, open or not. */
/** The person's training flags in the given municipalities (null: all, for the secretariat). */
export async function flagsOfPerson(
  db: Queryable,
  personId: number,
  codes: number[] | null,
): Promise<{ municipalityCode: number; period: string; open: boolean }[]> {
  const result = await db.query<{ municipality_code: number; period: string; open: boolean }>(
    `SELECT municipality_code, period, completed_at IS NULL AS open FROM kpi_training
     WHERE person_id = $1 AND ($2::int[] IS NULL OR municipality_code = ANY($2::int[])) ORDER BY period`,
    [personId, codes],
  );
  return result.rows.map((x) => ({ municipalityCode: x.municipality_code, period: x.period, open: x.open }));
}

/** Completes every open flag of the person in one municipality; returns the months completed. */
export async function completeTraining(
  tx: Queryable,
  personId: number,
  code: number,
  by: number,
  at: Date,
): Promise<string[]> {
  const result = await tx.query<{ period: string }>(
    'UPDATE kpi_training SET completed_at = $4, completed_by = $3 WHERE person_id = $1 AND municipality_code = $2 AND completed_at IS NULL RETURNING period',
    [personId, code, by, at],
  );
  return result.rows.map((x) => x.period).sort();
}

/** Everyone on the list, with every name a roster may use for them (shift check). */
export async function openTrainingIdentities(
  db: Queryable,
): Promise<
  { personId: number; name: string; email: string; objectId: string | null; municipalityCode: number; since: string }[]
> {
  const result = await db.query<{
    person_id: number;
    name: string;
    email: string;
    oid: string | null;
    municipality_code: number;
    since: string;
  }>(
    `SELECT t.person_id, p.name, lower(p.email) AS email, lower(p.entra_object_id) AS oid, t.municipality_code, min(t.period) AS since
     FROM kpi_training t JOIN people p ON p.id = t.person_id
     WHERE t.completed_at IS NULL AND p.forgotten_at IS NULL GROUP BY t.person_id, p.name, p.email, p.entra_object_id, t.municipality_code`,
  );
  return result.rows.map((x) => ({
    personId: x.person_id,
    name: x.name,
    email: x.email,
    objectId: x.oid,
    municipalityCode: x.municipality_code,
    since: x.since,
  }));
}

/** The municipality's warnings from a month on (cards that list its agents and may need a refresh). */
export async function warningsOfMunicipality(db: Queryable, code: number, fromPeriod: string): Promise<KpiWarning[]> {
  const result = await db.query<WarningRow>(
    `${SELECT_WARNING} WHERE w.municipality_code = $1 AND w.period >= $2 ORDER BY w.period`,
    [code, fromPeriod],
  );
  return result.rows.map(toWarning);
}

export async function warningOf(db: Queryable, period: string, code: number): Promise<KpiWarning | null> {
  const result = await db.query<WarningRow>(`${SELECT_WARNING} WHERE w.period = $1 AND w.municipality_code = $2`, [
    period,
    code,
  ]);
  return result.rows[0] ? toWarning(result.rows[0]) : null;
}

/** Municipalities escalated in a month, with the agenda item proposed for each (if any). */
export async function escalationsOf(
  db: Queryable,
  period: string,
): Promise<{ municipalityCode: number; agendaItemId: number | null }[]> {
  const result = await db.query<{ municipality_code: number; agenda_item_id: number | null }>(
    'SELECT municipality_code, agenda_item_id FROM kpi_warnings WHERE period = $1 AND escalated AND NOT withdrawn ORDER BY municipality_code',
    [period],
  );
  return result.rows.map((x) => ({ municipalityCode: x.municipality_code, agendaItemId: x.agenda_item_id }));
}

/** Counts for the DDH-wide summary of a month. */
export async function monthCounts(
  db: Queryable,
  period: string,
): Promise<{ flaggedAgents: number; escalated: number }> {
  const result = await db.query<{ flagged: number; escalated: number }>(
    `SELECT (SELECT count(*)::int FROM kpi_training WHERE period = $1) AS flagged,
            (SELECT count(*)::int FROM kpi_warnings WHERE period = $1 AND escalated AND NOT withdrawn) AS escalated`,
    [period],
  );
  return { flaggedAgents: result.rows[0].flagged, escalated: result.rows[0].escalated };
}
