/**
 * "Meld udeblivelse": the secretariat reports a no-show by hand, in three cards (municipality → shift → note).
 * The incident then follows the same flow as a detected one (NoShowService). Only the secretariat may report;
 * that is decided before anything is looked up.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import { MUNICIPALITIES, municipalityByCode } from '../registry/municipalities.js';
import { memberMunicipalityCodes } from '../registry/registry-repository.js';
import type { Actor } from '../registry/registry-types.js';
import type { Clock } from '../shared/clock.js';
import { forbidden, invalidInput, notFound } from '../shared/errors.js';
import type { AlertService } from './alert-service.js';
import type { NoShowService } from './noshow-service.js';
import { buildAlertCard } from './shifts-cards.js';
import { localDateIn, parseDateAndTime } from './roster-time.js';
import { addMinutes, incidentBatch, incidentCardRef, reporterCopyKey, type Incident } from './shifts-domain.js';
import { incidentOfShift, unresolvedManualIncident } from './shifts-incident-repository.js';
import { activeShiftsOfMunicipalityWithAgentNames, findShift } from './shifts-repository.js';
import type { AlertView, ReportShiftView, ReportStartView } from './shifts-views.js';

export interface NoShowReportServiceDeps {
  db: Db;
  clock: Clock;
  /** The zone a typed start time is read in. */
  zone: string;
  noShows: NoShowService;
  alerts: AlertService;
  delivery: Delivery;
}

/** The message whose button the reporter pressed: the alert replaces the report form there (handler kit's shownIn). */
export type ReporterCopy = { conversationId: string; activityId: string } | undefined;

export interface ManualReport {
  municipalityCode: number;
  /** A roster shift of the municipality, or null for a shift not in the roster (then `startsAt` is required). */
  shiftId: number | null;
  startsAt: Date | null;
  note: string;
}

/** What the report card sends: a start time typed as HH:MM (today, local time) for a shift not in the roster. */
export type ReportInput = Omit<ManualReport, 'startsAt'> & { startTime: string | null };

const ONLY_SECRETARIAT = 'Kun DDH-sekretariatet kan melde en udeblivelse.';
/** The shifts offered: from 12 hours before now to 12 hours after. */
const SHIFT_WINDOW_MINUTES = 12 * 60;

export class NoShowReportService {
  constructor(private readonly deps: NoShowReportServiceDeps) {}

  /** Step 1: the member municipalities (all 98 while no memberships are registered). */
  async municipalityChoices(actor: Actor): Promise<ReportStartView> {
    requireSecretariat(actor);
    const members = await memberMunicipalityCodes(this.deps.db);
    const known = members.length ? members.flatMap((code) => municipalityByCode(code) ?? []) : [...MUNICIPALITIES];
    return {
      municipalities: known
        .map((municipality) => ({ code: municipality.code, name: municipality.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'da')),
    };
  }

  /** Step 2: the municipality's shifts around now, with the agents' names. */
  async shiftsToReport(actor: Actor, municipalityCode: number): Promise<ReportShiftView> {
    requireSecretariat(actor);
    const municipality = municipalityByCode(municipalityCode);
    if (!municipality) throw invalidInput('Vælg en kommune på listen.');
    const now = this.deps.clock.now();
    const shifts = await activeShiftsOfMunicipalityWithAgentNames(
      this.deps.db,
      municipality.code,
      addMinutes(now, -SHIFT_WINDOW_MINUTES),
      addMinutes(now, SHIFT_WINDOW_MINUTES),
    );
    return {
      municipalityCode: municipality.code,
      municipalityName: municipality.name,
      shifts: shifts.map((shift) => ({
        shiftId: shift.id,
        startsAt: shift.startsAt,
        endsAt: shift.endsAt,
        agentLabel: shift.agentName ?? shift.agentEmail ?? shift.agentId ?? 'ukendt',
      })),
    };
  }

  /**
   * Step 3: opens the incident and answers with its alert, which takes the report form's place: that message is the
   * reporter's copy (updated with every change; no second copy is posted to that chat). A repeated report shows the
   * incident that exists.
   */
  async report(actor: Actor, input: ReportInput, copy: ReporterCopy = undefined): Promise<AlertView> {
    requireSecretariat(actor);
    if (!municipalityByCode(input.municipalityCode)) throw invalidInput('Ukendt kommune.');
    let startsAt: Date | null = null;
    if (input.shiftId === null) {
      if (!input.startTime) throw invalidInput('Skriv starttidspunktet for en vagt, der ikke er i vagtplanen.');
      const today = localDateIn(this.deps.clock.now(), this.deps.zone);
      const parsed = parseDateAndTime(today, input.startTime, this.deps.zone);
      if (!parsed.ok) throw invalidInput(`Starttidspunktet ${parsed.message}.`);
      startsAt = parsed.instant;
    }
    const { incident } = await this.reportManually(actor, { ...input, startsAt }, copy);
    return this.deps.alerts.viewOf(this.deps.db, incident.id);
  }

  /** Opens the incident in one transaction; a report of a shift that already has one finds that one. */
  async reportManually(
    actor: Actor,
    report: ManualReport,
    copy: ReporterCopy = undefined,
  ): Promise<{ incident: Incident; created: boolean }> {
    requireSecretariat(actor);
    return this.deps.db.withTransaction(async (tx) => {
      const opened = await this.open(tx, actor, report);
      if (copy) await this.rememberCopy(tx, actor, opened.incident, copy);
      return opened;
    });
  }

  /** The reporter's copy of the alert is the message the report form stood in. */
  private async rememberCopy(tx: Queryable, actor: Actor, incident: Incident, copy: NonNullable<ReporterCopy>) {
    const card = buildAlertCard(await this.deps.alerts.viewOf(tx, incident.id));
    await this.deps.delivery.enqueue(
      [
        {
          key: reporterCopyKey(incident.id, actor.id),
          to: { kind: 'conversation', conversationId: copy.conversationId },
          card,
          batch: incidentBatch(incident.id),
          cardRef: incidentCardRef(incident.id),
          shownIn: copy,
        },
      ],
      tx,
    );
  }

  private async open(
    tx: Queryable,
    actor: Actor,
    report: ManualReport,
  ): Promise<{ incident: Incident; created: boolean }> {
    const reported = {
      source: 'manual' as const,
      openedAt: this.deps.clock.now(),
      reportedBy: actor.id,
      reportNote: report.note,
    };
    if (report.shiftId !== null) {
      const shift = await findShift(tx, report.shiftId, true);
      if (!shift || shift.status !== 'active' || shift.municipalityCode !== report.municipalityCode)
        throw notFound('Vagten');
      const opened = await this.deps.noShows.openIncident(tx, {
        shiftId: shift.id,
        municipalityCode: shift.municipalityCode,
        shiftStartsAt: shift.startsAt,
        shiftEndsAt: shift.endsAt,
        ...reported,
      });
      if (opened) return { incident: opened, created: true };
      return { incident: (await incidentOfShift(tx, shift.id))!, created: false };
    }
    if (!report.startsAt)
      throw invalidInput('Vælg en vagt, eller skriv starttidspunktet for en vagt uden for vagtplanen.');
    const same = await unresolvedManualIncident(tx, report.municipalityCode, report.startsAt);
    if (same) return { incident: same, created: false };
    const opened = await this.deps.noShows.openIncident(tx, {
      shiftId: null,
      municipalityCode: report.municipalityCode,
      shiftStartsAt: report.startsAt,
      shiftEndsAt: null,
      ...reported,
    });
    // Without a shift there is no unique key to collide with: the insert always opens one.
    return { incident: opened!, created: true };
  }
}

function requireSecretariat(actor: Actor): void {
  if (!actor.secretariat) throw forbidden(ONLY_SECRETARIAT);
}
