/**
 * The secretariat's reports: the monthly no-show history, the decision register, the delivery report and who the bot
 * can reach, each as a card view (secretariat only, decided before anything is read) and as CSV (the signed download
 * and `npm run report`).
 */
import { DateTime } from 'luxon';
import type { Queryable } from '../db/database.js';
import { municipalityByCode } from '../registry/municipalities.js';
import type { Actor } from '../registry/registry-types.js';
import { describeActor } from '../registry/roles.js';
import type { Clock } from '../shared/clock.js';
import { forbidden, invalidInput } from '../shared/errors.js';
import { parseDanishDate } from '../shared/time.js';
import type { ReportLinks, SignedQuery } from './report-links.js';
import {
  batchLabel,
  countByMonthAndMunicipality,
  reachOf,
  type MonthMunicipalityRow,
  type ReachState,
  type ReportKind,
} from './reports-domain.js';
import { reportCsv } from './reports-csv.js';
import * as repo from './reports-repository.js';
import type {
  DecisionsReportView,
  DeliveriesReportView,
  DeliveryBatchView,
  NoShowMonth,
  NoShowReportView,
  ReachPerson,
  ReachReportView,
} from './reports-views.js';

export interface ReportsServiceDeps {
  db: Queryable;
  clock: Clock;
  /** Months and days begin at local midnight in this zone. */
  zone: string;
  links: ReportLinks;
  /** Graph can install the app for a person with an Entra id (GRAPH_ENABLED). */
  graphEnabled: boolean;
  /** The local demo (its inbox shows messages to people without a chat). */
  demo: boolean;
}

/** How many months the history covers, the current one included. */
export const HISTORY_MONTHS = 13;
/** The delivery report's default period. */
export const DELIVERY_DAYS = 30;
const CARD_DECISIONS = 10;
const CARD_BATCHES = 15;

const ONLY_SECRETARIAT = 'Kun DDH-sekretariatet kan se rapporterne.';
const REACH_ORDER: Record<ReachState, number> = { none: 0, install: 1, chat: 2 };
const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

export interface CsvFile {
  fileName: string;
  body: string;
}

export class ReportsService {
  constructor(private readonly deps: ReportsServiceDeps) {}

  /** The reports are the secretariat's (the "Rapporter" card itself reads nothing). */
  requireAccess(actor: Actor): void {
    requireSecretariat(actor);
  }

  async noShows(actor: Actor): Promise<NoShowReportView> {
    requireSecretariat(actor);
    const rows = await this.noShowRows(null);
    const months: NoShowMonth[] = this.historyMonths().map((month) => {
      const of = rows.filter((row) => row.month === month);
      const sum = (pick: (row: MonthMunicipalityRow) => number) => of.reduce((total, row) => total + pick(row), 0);
      return {
        month,
        incidents: sum((row) => row.incidents),
        acknowledged: sum((row) => row.acknowledged),
        resolvedByLogin: sum((row) => row.resolvedByLogin),
        replacementFound: sum((row) => row.replacementFound),
        stillOpen: sum((row) => row.stillOpen),
        municipalities: of.map((row) => ({ name: nameOf(row.municipalityCode), incidents: row.incidents })),
      };
    });
    return { months, csvUrl: this.deps.links.url('udeblivelser', { since: '' }) };
  }

  async decisions(actor: Actor): Promise<DecisionsReportView> {
    requireSecretariat(actor);
    const all = await repo.decisionRegister(this.deps.db);
    return {
      decisions: all.slice(0, CARD_DECISIONS),
      total: all.length,
      csvUrl: this.deps.links.url('beslutninger', { since: '' }),
    };
  }

  /** Batches begun since the given day (YYYY-MM-DD or 29.01.2024), by default the last 30 days. */
  async deliveries(actor: Actor, since: string | null = null): Promise<DeliveriesReportView> {
    requireSecretariat(actor);
    const day = this.sinceDay(since);
    const batches = await this.batches(day);
    return {
      since: DateTime.fromISO(day, { zone: this.deps.zone }).toJSDate(),
      batches: batches.slice(0, CARD_BATCHES),
      total: batches.length,
      csvUrl: this.deps.links.url('udsendelser', { since: day }),
    };
  }

  async reach(actor: Actor): Promise<ReachReportView> {
    requireSecretariat(actor);
    return { ...(await this.reachData()), csvUrl: this.deps.links.url('naabarhed', { since: '' }) };
  }

  /** A report as CSV for `npm run report`; `month` limits the no-show history to one month (ÅÅÅÅ-MM). */
  async csv(kind: ReportKind, options: { since?: string | null; month?: string | null } = {}): Promise<string> {
    const { db } = this.deps;
    switch (kind) {
      case 'udeblivelser':
        return reportCsv.noShows(await this.noShowRows(options.month ?? null));
      case 'beslutninger':
        return reportCsv.decisions(await repo.decisionRegister(db));
      case 'udsendelser':
        return reportCsv.deliveries(await this.batches(this.sinceDay(options.since ?? null)));
      case 'naabarhed':
        return reportCsv.reach((await this.reachData()).people);
    }
  }

  /** The CSV behind a card's link: the signature and expiry are checked before anything is read. */
  async signedCsv(kind: ReportKind, query: SignedQuery): Promise<CsvFile> {
    const params = this.deps.links.verify(kind, query);
    return { fileName: `${kind}.csv`, body: await this.csv(kind, { since: params.since || null }) };
  }

  private historyMonths(): string[] {
    const current = DateTime.fromJSDate(this.deps.clock.now(), { zone: this.deps.zone }).startOf('month');
    return Array.from({ length: HISTORY_MONTHS }, (_, back) => current.minus({ months: back }).toFormat('yyyy-MM'));
  }

  private async noShowRows(month: string | null): Promise<MonthMunicipalityRow[]> {
    const { zone } = this.deps;
    const months = month ? [checkedMonth(month, zone)] : this.historyMonths();
    const from = DateTime.fromFormat(months[months.length - 1], 'yyyy-MM', { zone });
    const to = DateTime.fromFormat(months[0], 'yyyy-MM', { zone }).plus({ months: 1 });
    const incidents = await repo.incidentsOpenedBetween(this.deps.db, from.toJSDate(), to.toJSDate());
    return countByMonthAndMunicipality(
      incidents.map((incident) => ({
        ...incident,
        month: DateTime.fromJSDate(incident.openedAt, { zone }).toFormat('yyyy-MM'),
      })),
    );
  }

  private sinceDay(since: string | null): string {
    if (since === null || since === '')
      return DateTime.fromJSDate(this.deps.clock.now(), { zone: this.deps.zone })
        .minus({ days: DELIVERY_DAYS })
        .toISODate()!;
    const day = parseDanishDate(since);
    if (!day) throw invalidInput(`Datoen skal skrives 29.01.2024 eller 2024-01-29 (fik "${since.slice(0, 20)}").`);
    return day;
  }

  /** Teams messages and SMS begun since the day, newest first; an SMS batch is labelled as such (issue 24). */
  private async batches(day: string): Promise<DeliveryBatchView[]> {
    const { db, clock, zone } = this.deps;
    const since = DateTime.fromISO(day, { zone }).toJSDate();
    const [teams, sms] = await Promise.all([
      repo.batchSummariesSince(db, since),
      repo.smsDeliveryReport(db, { since, until: new Date(clock.now().getTime() + 60_000) }),
    ]);
    return [
      ...teams.map((batch) => ({ ...batch, label: batchLabel(batch.batch) })),
      ...sms.map((batch) => ({
        batch: `sms:${batch.batch}`,
        label: `SMS · ${batchLabel(batch.batch)}`,
        firstAt: batch.firstAt,
        sent: batch.delivered,
        failed: batch.failed,
        // Not sent because the municipality's daily SMS cap was reached: nobody was reached.
        unreachable: batch.capped,
        pending: batch.pending,
        reasons: batch.reasons,
      })),
    ].sort((a, b) => b.firstAt.getTime() - a.firstAt.getTime());
  }

  private async reachData(): Promise<Omit<ReachReportView, 'csvUrl'>> {
    const { db, graphEnabled } = this.deps;
    const [actors, chats, outcomes, members] = await Promise.all([
      repo.listActors(db),
      repo.personalChatStates(db),
      repo.lastOutcomesByPerson(db),
      repo.memberMunicipalityCodes(db),
    ]);
    const chatOf = new Map(chats.map((chat) => [chat.personId, chat]));
    const outcomeOf = new Map(outcomes.map((outcome) => [outcome.personId, outcome]));
    const people: ReachPerson[] = actors
      .filter((a) => a.roles.length || a.secretariat || a.chair || a.seats.length)
      .map((a) => {
        const chat = chatOf.get(a.id);
        const reach = reachOf({ chat: chat ?? null, entraObjectId: a.entraObjectId, graphEnabled });
        const outcome = outcomeOf.get(a.id);
        return {
          personId: a.id,
          name: a.name,
          email: a.email,
          roles: describeActor(a),
          primaryContact: a.roles.some((r) => r.role === 'primaer_kontakt'),
          mobile: Boolean(a.mobile),
          state: reach.state,
          reason: reach.reason,
          lastOutcome: outcome ? { status: outcome.status, reason: outcome.reason, at: outcome.at } : null,
        };
      })
      .sort(
        (x, y) =>
          REACH_ORDER[x.state] - REACH_ORDER[y.state] ||
          Number(y.primaryContact) - Number(x.primaryContact) ||
          x.name.localeCompare(y.name, 'da'),
      );
    const withPrimary = new Set(
      actors.flatMap((a) => a.roles.filter((r) => r.role === 'primaer_kontakt').map((r) => r.municipalityCode)),
    );
    const counts = { chat: 0, install: 0, none: 0 };
    for (const person of people) counts[person.state]++;
    return {
      people,
      counts,
      withoutPrimaryContact: members
        .filter((code) => !withPrimary.has(code))
        .map(nameOf)
        .sort((a, b) => a.localeCompare(b, 'da')),
      demo: this.deps.demo,
    };
  }
}

function requireSecretariat(actor: Actor): void {
  if (!actor.secretariat) throw forbidden(ONLY_SECRETARIAT);
}

function checkedMonth(month: string, zone: string): string {
  if (!/^\d{4}-\d{2}$/.test(month) || !DateTime.fromFormat(month, 'yyyy-MM', { zone }).isValid)
    throw invalidInput(`Måneden skal skrives ÅÅÅÅ-MM, fx 2024-01 (fik "${month.slice(0, 20)}").`);
  return month;
}
