/**
 * The monthly import: read, check every row, then in ONE transaction replace the month, decide each
 * municipality's verdict and follow-up, put agents of warned municipalities on the training list, and hand
 * the warnings and the summary to the outbox. Any problem or failure leaves the database as it was.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { forbidden, invalidInput } from '../shared/errors.js';
import { monthOf } from '../shared/time.js';
import { assess, followUp, isBelowTarget, previousPeriod, totalsOf, type KpiThresholds } from './kpi-domain.js';
import { integer, municipalityName, shortFigures } from './kpi-format.js';
import { KpiFileError, readKpiHeader, readKpiSheet } from './kpi-file.js';
import { columnsOf, KPI_COLUMNS, validateKpiSheet, type KpiRow } from './kpi-validation.js';
import type { Card } from '../platform/bot-app.js';
import { buildUploadCard } from './kpi-cards.js';
import * as repo from './kpi-repository.js';
import { clearOpenFlags, flagForTraining } from './kpi-warning-repository.js';
import type { KpiDispatchService } from './kpi-dispatch-service.js';

export interface ImportSummary {
  period: string;
  rows: number;
  municipalities: number;
  warned: number;
  followedUp: number;
  escalated: number;
  withdrawn: number;
  tooFewData: number;
  flaggedAgents: number;
  undelivered: number;
  /** The month had been imported before and was replaced. */
  replaced: boolean;
  /** Municipalities below target, with their totals (no agent data: this goes to the secretariat and the console). */
  below: string[];
}

export interface KpiImportDeps {
  db: Db;
  clock: Clock;
  thresholds: KpiThresholds;
  dispatch: KpiDispatchService;
  /** Starts the pre-shift check of listed agents (see kpi-shift-gate.ts) in the import's transaction. */
  startShiftGate(tx: Queryable): Promise<void>;
}

export type Progress = (line: string) => void;

export class KpiImportService {
  constructor(private readonly d: KpiImportDeps) {}

  /** The secretariat's "how to upload" card, with the documented columns and the latest month. */
  async uploadInstructions(actor: Actor): Promise<Card> {
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan indlæse KPI-tal.');
    return buildUploadCard(await repo.latestPeriod(this.d.db));
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
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan indlæse KPI-tal.');
    await accepted();
    return this.importFile(bytes, fileName, actor);
  }

  async importFile(
    bytes: Buffer,
    fileName: string,
    actor: Actor | null,
    onProgress: Progress = () => undefined,
  ): Promise<ImportSummary> {
    // null is the command line, run by whoever operates the server.
    if (actor && !actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan indlæse KPI-tal.');
    onProgress(`Læser ${fileName} (${integer(Math.round(bytes.length / 1024))} KB) …`);
    const sheet = await readKpiSheet(bytes, fileName);
    onProgress(`Kontrollerer ${integer(sheet.rows.length)} rækker …`);
    const [members, agents] = await Promise.all([repo.memberCodes(this.d.db), repo.agentDirectory(this.d.db)]);
    const { rows, problems } = validateKpiSheet(sheet, {
      fileName,
      currentPeriod: monthOf(this.d.clock.now()),
      isMember: (code) => members.has(code),
      agentOf: (code, key) => agents.get(`${code}|${key}`) ?? null,
    });
    if (problems.length) throw new KpiFileError(problems);
    const period = rows[0].period;
    const byCode = groupByMunicipality(rows);

    return this.d.db.withTransaction(async (tx) => {
      await repo.lockImports(tx);
      const replaced = await repo.periodExists(tx, period);
      const previous = new Map(
        (await repo.verdictsOf(tx, [previousPeriod(period)])).map((v) => [v.municipalityCode, v]),
      );
      onProgress(
        `Gemmer ${integer(rows.length)} rækker for ${period}${replaced ? ' (erstatter de tidligere tal)' : ''} …`,
      );
      await repo.replacePeriod(
        tx,
        period,
        { name: fileName, importedBy: actor?.id ?? null, at: this.d.clock.now() },
        rows,
        (done) => onProgress(`  ${integer(done)} af ${integer(rows.length)} rækker gemt`),
      );

      onProgress(`Vurderer ${byCode.size} kommuner …`);
      const records: repo.VerdictRecord[] = [];
      const flags: { personId: number; municipalityCode: number }[] = [];
      for (const [code, list] of byCode) {
        const total = list.find((r) => r.agentPersonId === null);
        const agentRows = list.filter((r) => r.agentPersonId !== null);
        const assessment = assess(totalsOf(total ? [total] : agentRows), this.d.thresholds);
        const prev = previous.get(code);
        records.push({ municipalityCode: code, assessment, followUp: followUp(prev ?? null, assessment) });
        // The agreement's trigger is the municipality's figures; then its agents below target need training.
        if (assessment.verdict === 'advarsel') {
          for (const r of agentRows)
            if (isBelowTarget(r, this.d.thresholds)) flags.push({ personId: r.agentPersonId!, municipalityCode: code });
        }
      }
      records.sort((a, b) => a.municipalityCode - b.municipalityCode);
      await repo.saveVerdicts(tx, period, records);
      await clearOpenFlags(tx, period);
      await flagForTraining(tx, period, flags, this.d.clock.now());

      onProgress('Sender advarsler og opfølgning …');
      const counts = await this.d.dispatch.afterImport(tx, period, records, replaced);
      if (flags.length) await this.d.startShiftGate(tx);
      const summary: ImportSummary = {
        period,
        rows: rows.length,
        municipalities: records.length,
        ...counts,
        tooFewData: records.filter((r) => r.assessment.verdict === 'for_faa_data').length,
        flaggedAgents: flags.length,
        replaced,
        below: records
          .filter((r) => r.assessment.verdict === 'advarsel')
          .map(
            (r) =>
              `${municipalityName(r.municipalityCode)}: ${shortFigures(r.assessment, this.d.thresholds).join('; ')}`,
          ),
      };
      onProgress('Færdig.');
      return summary;
    });
  }
}

function groupByMunicipality(rows: KpiRow[]): Map<number, KpiRow[]> {
  const m = new Map<number, KpiRow[]>();
  for (const r of rows) {
    const list = m.get(r.municipalityCode);
    if (list) list.push(r);
    else m.set(r.municipalityCode, [r]);
  }
  return m;
}

/** The Danish receipt for the secretariat and the console. */
export function describeImport(s: ImportSummary): string[] {
  return [
    `${integer(s.rows)} rækker for ${s.municipalities} kommuner er kontrolleret og indlæst${s.replaced ? '; de erstatter de tidligere tal for måneden' : ''}.`,
    `Advarsler: ${s.warned} kommune(r) under målet${s.escalated ? `, heraf ${s.escalated} for anden måned i træk (sendt til sekretariatet og foreslået til styregruppen)` : ''}.`,
    `Opfølgning på sidste måneds advarsler: ${s.followedUp}. For få data: ${s.tooFewData}.`,
    `Agenter sat på træningslisten: ${s.flaggedAgents}.`,
    ...(s.withdrawn ? [`Tidligere advarsler trukket tilbage: ${s.withdrawn}.`] : []),
    ...(s.undelivered ? [`${s.undelivered} advarsel(er) kunne ikke afleveres; sekretariatet har fået besked.`] : []),
    ...s.below,
  ];
}
