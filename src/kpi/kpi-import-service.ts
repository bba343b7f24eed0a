/**
 * The monthly import: read, check every row, then in ONE transaction replace the month, decide each
 * municipality's verdict and follow-up, put agents of warned municipalities on the training list, and hand
 * the warnings and the summary to the outbox. Any problem or failure leaves the database as it was.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { resolutionByAgents } from './kpi-averaging.js';
import { forbidden, invalidInput } from '../shared/errors.js';
import { monthOf } from '../shared/time.js';
import {
  assess,
  followUp,
  isBelowTarget,
  previousPeriod,
  totalsOf,
  type KpiThresholds,
  type PreviousVerdict,
} from './kpi-domain.js';
import { integer, municipalityName, shortFigures } from './kpi-format.js';
import { KpiFileError, readKpiHeader, readKpiSheet } from './kpi-file.js';
import { columnsOf, KPI_COLUMNS, validateKpiSheet, type KpiRow } from './kpi-validation.js';
import * as repo from './kpi-repository.js';
import { clearOpenFlags, flagForTraining } from './kpi-warning-repository.js';
import type { KpiDispatchService } from './kpi-dispatch-service.js';
import type { ImportSummary } from './kpi-secretariat-cards.js';

export interface KpiImportDeps {
  db: Db;
  clock: Clock;
  thresholds: KpiThresholds;
  dispatch: KpiDispatchService;
  /** Starts the pre-shift check of listed agents (see kpi-shift-gate.ts) in the import's transaction. */
  startShiftGate(tx: Queryable): Promise<void>;
}

export type Progress = (line: string) => void;

/** What the "how to upload" card shows besides the documented columns. */
export interface UploadView {
  latestPeriod: string | null;
}

type TrainingFlag = { personId: number; municipalityCode: number };

const SECRETARIAT_ONLY = 'Kun DDH-sekretariatet kan indlæse KPI-tal.';

export class KpiImportService {
  constructor(private readonly deps: KpiImportDeps) {}

  /** For the secretariat's "how to upload" card: the latest month imported. */
  async uploadInstructions(actor: Actor): Promise<UploadView> {
    if (!actor.secretariat) throw forbidden(SECRETARIAT_ONLY);
    return { latestPeriod: await repo.latestPeriod(this.deps.db) };
  }

  /**
   * A file sent to the bot. The app has one file handler, so files are told apart here by content (the KPI
   * header); only the secretariat may import. `accepted` runs once the file is known to be a KPI file.
   */
  async importUpload(
    bytes: Buffer,
    fileName: string,
    actor: Actor,
    accepted: () => Promise<unknown>,
  ): Promise<ImportSummary> {
    if (!columnsOf(await readKpiHeader(bytes, fileName))) {
      throw invalidInput(
        `Botten kan kun modtage månedens KPI-tal: en CSV- eller Excel-fil med kolonnerne ${KPI_COLUMNS.join(', ')}. "${fileName}" ligner ikke sådan en fil.`,
      );
    }
    if (!actor.secretariat) throw forbidden(SECRETARIAT_ONLY);
    await accepted();
    return this.importFile(bytes, fileName, actor);
  }

  /** The whole import; `actor` null is the command line, run by whoever operates the server. */
  async importFile(
    bytes: Buffer,
    fileName: string,
    actor: Actor | null,
    onProgress: Progress = () => undefined,
  ): Promise<ImportSummary> {
    if (actor && !actor.secretariat) throw forbidden(SECRETARIAT_ONLY);
    const rows = await this.readAndCheck(bytes, fileName, onProgress);
    return this.deps.db.withTransaction((tx) => this.store(tx, rows, fileName, actor, onProgress));
  }

  /** Every row checked against the registry; any problem refuses the whole file. */
  private async readAndCheck(bytes: Buffer, fileName: string, onProgress: Progress): Promise<KpiRow[]> {
    onProgress(`Læser ${fileName} (${integer(Math.round(bytes.length / 1024))} KB) …`);
    const sheet = await readKpiSheet(bytes, fileName);
    onProgress(`Kontrollerer ${integer(sheet.rows.length)} rækker …`);
    const { db, clock } = this.deps;
    const [members, agents] = await Promise.all([repo.memberCodes(db), repo.agentDirectory(db)]);
    const { rows, problems } = validateKpiSheet(sheet, {
      fileName,
      currentPeriod: monthOf(clock.now()),
      isMember: (code) => members.has(code),
      agentOf: (code, key) => agents.get(`${code}|${key}`) ?? null,
    });
    if (problems.length) throw new KpiFileError(problems);
    return rows;
  }

  private async store(
    tx: Queryable,
    rows: KpiRow[],
    fileName: string,
    actor: Actor | null,
    onProgress: Progress,
  ): Promise<ImportSummary> {
    const { clock, thresholds, dispatch } = this.deps;
    const period = rows[0].period;
    await repo.lockImports(tx);
    const replaced = await repo.periodExists(tx, period);
    const previous = new Map((await repo.verdictsOf(tx, [previousPeriod(period)])).map((v) => [v.municipalityCode, v]));
    onProgress(
      `Gemmer ${integer(rows.length)} rækker for ${period}${replaced ? ' (erstatter de tidligere tal)' : ''} …`,
    );
    await repo.replacePeriod(
      tx,
      period,
      { name: fileName, importedBy: actor?.id ?? null, at: clock.now() },
      rows,
      (done) => onProgress(`  ${integer(done)} af ${integer(rows.length)} rækker gemt`),
    );

    const byCode = groupByMunicipality(rows);
    onProgress(`Vurderer ${byCode.size} kommuner …`);
    const { records, flags } = this.decide(byCode, previous);
    await repo.saveVerdicts(tx, period, records);
    await clearOpenFlags(tx, period);
    await flagForTraining(tx, period, flags, clock.now());

    onProgress('Sender advarsler og opfølgning …');
    const counts = await dispatch.afterImport(tx, period, records, replaced);
    if (flags.length) await this.deps.startShiftGate(tx);
    const below = records.filter((r) => r.assessment.verdict === 'advarsel');
    onProgress('Færdig.');
    return {
      period,
      rows: rows.length,
      municipalities: records.length,
      ...counts,
      tooFewData: records.filter((r) => r.assessment.verdict === 'for_faa_data').length,
      flaggedAgents: flags.length,
      replaced,
      below: below.map(
        (r) => `${municipalityName(r.municipalityCode)}: ${shortFigures(r.assessment, thresholds).join('; ')}`,
      ),
    };
  }

  /** Each municipality's verdict and follow-up; in a warned municipality, its agents below target need training. */
  private decide(
    byCode: Map<number, KpiRow[]>,
    previous: Map<number, PreviousVerdict>,
  ): { records: repo.VerdictRecord[]; flags: TrainingFlag[] } {
    const records: repo.VerdictRecord[] = [];
    const flags: TrainingFlag[] = [];
    for (const [code, list] of byCode) {
      const total = list.find((r) => r.agentPersonId === null);
      const agentRows = list.filter((r) => r.agentPersonId !== null);
      const { thresholds } = this.deps;
      // KPI_AVERAGING=agents needs the agents' rows; a file with only a total row is averaged over its calls.
      const byAgents = resolutionByAgents(agentRows, thresholds.averaging ?? 'calls', thresholds.resolutionPercent);
      const assessment = assess(totalsOf(total && !byAgents ? [total] : agentRows), thresholds, byAgents);
      records.push({
        municipalityCode: code,
        assessment,
        followUp: followUp(previous.get(code) ?? null, assessment),
      });
      // The agreement's trigger is the municipality's figures; then its agents below target need training.
      if (assessment.verdict !== 'advarsel') continue;
      for (const row of agentRows)
        if (isBelowTarget(row, this.deps.thresholds))
          flags.push({ personId: row.agentPersonId!, municipalityCode: code });
    }
    records.sort((x, y) => x.municipalityCode - y.municipalityCode);
    return { records, flags };
  }
}

function groupByMunicipality(rows: KpiRow[]): Map<number, KpiRow[]> {
  const byCode = new Map<number, KpiRow[]>();
  for (const row of rows) {
    const list = byCode.get(row.municipalityCode);
    if (list) list.push(row);
    else byCode.set(row.municipalityCode, [row]);
  }
  return byCode;
}
