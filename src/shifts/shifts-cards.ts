/**
 * Typed builders for the no-show cards (the only callers of expandCard in this capability), and the Danish
 * sentences the alert history and the secretariat's notices share.
 */
import { formatDate, formatTime, monthName } from '../shared/time.js';
import type { Card } from '../ui/card.js';
import { expandCard } from '../ui/card-template.js';
import { buildMessageCard } from '../ui/message-card.js';
import { LAST_STEP, minutesLate, targetOfStep } from './shifts-domain.js';
import type { IncidentEvent } from './shifts-incident-repository.js';
import type { AlertView, HistoryView, ReportShiftView, ReportStartView } from './shifts-views.js';

export const SHIFT_VERBS = {
  acknowledge: 'shifts.noshow.acknowledge',
  eta: 'shifts.noshow.eta',
  resolve: 'shifts.noshow.resolve',
  report: 'shifts.report',
  reportPick: 'shifts.report.pick',
  reportSave: 'shifts.report.save',
  history: 'shifts.history',
} as const;

/** Who each escalation step alerts, as the card and the secretariat's notices say it. */
export const STEP_LABELS = ['primær kontaktperson', 'sekundær kontaktperson', 'DDH-sekretariatets vagtkanal'];

/**
 * The history line and notice for a step that reached nobody, or not everybody: `labels` are the recipients
 * that could not be reached (none when the step has no recipients at all).
 */
export function unreachableSentence(step: number, labels: string[]): string {
  const label = STEP_LABELS[step];
  if (targetOfStep(step) === 'sekretariat') return `${capitalize(label)} kunne ikke nås i Teams`;
  if (labels.length === 0) return `Der er ingen ${label} registreret`;
  return `${capitalize(label)} (${labels.join(', ')}) kunne ikke nås i Teams`;
}

/** What happens next, for the secretariat's notice. */
export function nextStepSentence(step: number, othersReached: boolean): string {
  if (othersReached) return 'De øvrige modtagere har fået beskeden.';
  return step < LAST_STEP ? `Udeblivelsen er sendt videre til ${STEP_LABELS[step + 1]}.` : '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "24.11.2026 kl. 08:00–12:00" */
export function shiftTimeLabel(startsAt: Date, endsAt: Date | null): string {
  const end = endsAt ? `–${formatTime(endsAt).replace('kl. ', '')}` : '';
  return `${formatDate(startsAt)} ${formatTime(startsAt)}${end}`;
}

function lastEvent(events: IncidentEvent[], kind: string): IncidentEvent | undefined {
  return [...events].reverse().find((e) => e.kind === kind);
}

function statusOf(view: AlertView): { text: string; color: string; style: string } {
  const incident = view.incident;
  if (incident.status === 'resolved') {
    const text =
      incident.resolution === 'login' && incident.loginAt
        ? `Løst: Agent loggede på ${formatTime(incident.loginAt)}`
        : `Løst: Afløser fundet (${lastEvent(view.events, 'resolved')?.personName ?? 'ukendt'} ${formatTime(incident.resolvedAt ?? view.now)})`;
    return { text, color: 'Good', style: 'good' };
  }
  if (incident.status === 'acknowledged') {
    const who = lastEvent(view.events, 'acknowledged')?.personName ?? 'ukendt';
    const eta = incident.eta ? ` · agenten forventes ${formatTime(incident.eta)}` : '';
    return {
      text: `Kvitteret af ${who} ${formatTime(incident.acknowledgedAt ?? view.now)}${eta}`,
      color: 'Warning',
      style: 'warning',
    };
  }
  const step = STEP_LABELS[incident.step] ?? STEP_LABELS[0];
  return { text: `Ikke kvitteret · sendt til ${step}`, color: 'Attention', style: 'attention' };
}

function historyLine(event: IncidentEvent): string {
  const at = formatTime(event.at);
  const who = event.personName ?? 'ukendt';
  const note = event.note;
  switch (event.kind) {
    case 'opened':
      return `${at} Udeblivelse registreret: agenten var ikke logget på`;
    case 'reported':
      return `${at} Meldt af ${who}`;
    case 'alerted':
      return `${at} Sendt til ${STEP_LABELS[Number(note)] ?? 'modtager'}`;
    case 'unreachable':
      return `${at} ${note ?? 'En modtager kunne ikke nås i Teams'}`;
    case 'acknowledged':
      return `${at} Kvitteret af ${who}`;
    case 'eta':
      return `${at} ${who}: agenten er der ${note ?? ''}`.trim();
    case 'resolved':
      return `${at} Afløser fundet (${who})`;
    case 'login':
      return `${at} Agenten loggede på`;
    case 'engage':
      return `${at} Agenten skrev på Viva Engage`;
    default:
      return `${at} ${event.kind}`;
  }
}

export function buildAlertCard(view: AlertView): Card {
  const incident = view.incident;
  const status = statusOf(view);
  const asOf = incident.status === 'resolved' ? (incident.loginAt ?? incident.resolvedAt ?? view.now) : view.now;
  const late = minutesLate(incident.shiftStartsAt, asOf);
  const facts = [
    { label: 'Kommune', value: view.municipalityName },
    { label: 'Agent', value: view.agentLabel },
    { label: 'Vagt', value: shiftTimeLabel(incident.shiftStartsAt, incident.shiftEndsAt) },
    {
      label: 'Forsinket',
      value:
        incident.status === 'resolved' && incident.resolution !== 'login'
          ? `${late} min. ved afslutning`
          : `${late} min. (${formatTime(asOf)})`,
    },
  ];
  if (incident.source === 'manual')
    facts.push({ label: 'Meldt af', value: lastEvent(view.events, 'reported')?.personName ?? 'DDH-sekretariatet' });
  const notes = [
    incident.reportNote ? `Note fra sekretariatet: ${incident.reportNote}` : '',
    incident.resolutionNote ? `Afløser: ${incident.resolutionNote}` : '',
  ].filter(Boolean);
  return expandCard('shifts-alert', {
    incidentId: incident.id,
    title: `Udeblivelse fra vagt: ${view.municipalityName}`,
    status: status.text,
    statusColor: status.color,
    style: status.style,
    facts,
    engage: view.notice
      ? `Agenten har skrevet på Viva Engage ${formatTime(view.notice.postedAt)}: ${view.notice.text}`
      : '',
    note: notes.join('\n'),
    history: view.events.map(historyLine),
    canAcknowledge: incident.status === 'open',
    open: incident.status !== 'resolved',
    verbs: SHIFT_VERBS,
  });
}

/** Told to the secretariat when a contact person could not be reached in Teams. */
export function buildUnreachableNoticeCard(input: {
  municipalityName: string;
  sentence: string;
  next: string;
  shift: string;
}): Card {
  return buildMessageCard({
    title: `Kontaktperson kunne ikke nås: ${input.municipalityName}`,
    text: `${input.sentence} ved udeblivelsen fra vagten ${input.shift}. ${input.next}`,
    tone: 'warning',
  });
}

export function buildReportStartCard(view: ReportStartView): Card {
  return expandCard('shifts-report-start', {
    municipalities: view.municipalities.map((municipality) => ({
      title: municipality.name,
      value: String(municipality.code),
    })),
    verb: SHIFT_VERBS.reportPick,
  });
}

export function buildReportShiftCard(view: ReportShiftView): Card {
  const shifts = view.shifts.map((shift) => ({
    title: `${shiftTimeLabel(shift.startsAt, shift.endsAt)} · ${shift.agentLabel}`,
    value: String(shift.shiftId),
  }));
  return expandCard('shifts-report-shift', {
    title: `Meld udeblivelse: ${view.municipalityName}`,
    municipalityCode: view.municipalityCode,
    shifts: [...shifts, { title: 'Ikke i vagtplanen (skriv starttidspunktet)', value: 'none' }],
    verb: SHIFT_VERBS.reportSave,
  });
}

/** Incidents per municipality in a month, for the secretariat. */
export function buildHistoryCard(view: HistoryView): Card {
  const total = view.rows.reduce((sum, row) => sum + row.incidents, 0);
  return expandCard('shifts-history', {
    title: `Udeblivelser i ${monthName(view.month)}`,
    summary: total === 0 ? 'Ingen udeblivelser i måneden.' : `${total} udeblivelser i ${view.rows.length} kommuner.`,
    rows: view.rows.map((row) => ({
      name: row.municipalityName,
      text:
        `${row.incidents} (kvitteret ${row.acknowledged}, agent loggede på ${row.resolvedByLogin}, afløser ${row.replacementFound}` +
        `${row.stillOpen ? `, åbne ${row.stillOpen}` : ''})` +
        (row.meanMinutesToAcknowledge !== null ? ` · gns. ${row.meanMinutesToAcknowledge} min. til kvittering` : ''),
    })),
    month: view.month,
    months: view.months.map((month) => ({ title: monthName(month), value: month })),
    verb: SHIFT_VERBS.history,
  });
}
