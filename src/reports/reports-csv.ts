/** The reports as CSV files for Danish Excel (reports-domain.ts: semicolons, BOM, every cell through csvCell). */
import { DateTime } from 'luxon';
import { municipalityByCode } from '../registry/municipalities.js';
import { ZONE } from '../shared/time.js';
import { csvDocument, REACH_LABELS, resultLabel, type MonthMunicipalityRow } from './reports-domain.js';
import type { DecisionRow } from './reports-repository.js';
import type { DeliveryBatchView, ReachPerson } from './reports-views.js';

/** 24.11.2026 10:05 in Copenhagen time: a date and time Danish Excel reads as one. */
const excelTime = (instant: Date) => DateTime.fromJSDate(instant, { zone: ZONE }).toFormat('dd.MM.yyyy HH:mm');

const OUTCOME_LABELS = { sent: 'Sendt', failed: 'Fejlet', unreachable: 'Ikke nået' } as const;

export const reportCsv = {
  noShows: (rows: readonly MonthMunicipalityRow[]) =>
    csvDocument(
      [
        'Måned',
        'Kommunekode',
        'Kommune',
        'Udeblivelser',
        'Opdaget',
        'Meldt manuelt',
        'Kvitteret',
        'Løst ved login',
        'Afløser fundet',
        'Åbne',
        'Gns. minutter til kvittering',
      ],
      rows.map((row) => [
        row.month,
        row.municipalityCode,
        municipalityByCode(row.municipalityCode)?.name ?? '',
        row.incidents,
        row.detected,
        row.manual,
        row.acknowledged,
        row.resolvedByLogin,
        row.replacementFound,
        row.stillOpen,
        row.meanMinutesToAcknowledge,
      ]),
    ),

  decisions: (rows: readonly DecisionRow[]) =>
    csvDocument(
      ['Nr.', 'Besluttet', 'Spørgsmål', 'Indstilling', 'Resultat', 'For', 'Imod', 'Undlader', 'Pladser'],
      rows.map((row) => [
        row.id,
        excelTime(row.decidedAt),
        row.question,
        row.recommendation,
        resultLabel(row.result),
        row.for,
        row.against,
        row.abstain,
        row.seats,
      ]),
    ),

  deliveries: (batches: readonly DeliveryBatchView[]) =>
    csvDocument(
      ['Udsendelse', 'Nøgle', 'Begyndt', 'Sendt', 'Fejlet', 'Ikke nået', 'Venter', 'Årsager'],
      batches.map((batch) => [
        batch.label,
        batch.batch,
        excelTime(batch.firstAt),
        batch.sent,
        batch.failed,
        batch.unreachable,
        batch.pending,
        batch.reasons.map((r) => `${r.reason} (${r.count})`).join(' | '),
      ]),
    ),

  reach: (people: readonly ReachPerson[]) =>
    csvDocument(
      [
        'Navn',
        'E-mail',
        'Roller',
        'Kan nås nu',
        'Hvorfor',
        'Sidste besked',
        'Sidste resultat',
        'Årsag',
        'Mobilnummer (sms)',
      ],
      people.map((person) => [
        person.name,
        person.email,
        person.roles,
        REACH_LABELS[person.state],
        person.reason,
        person.lastOutcome ? excelTime(person.lastOutcome.at) : '',
        person.lastOutcome ? OUTCOME_LABELS[person.lastOutcome.status] : '',
        person.lastOutcome?.reason ?? '',
        person.mobile ? 'Ja' : 'Nej',
      ]),
    ),
};
