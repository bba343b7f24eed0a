/** Typed builders for the no-show cards; the only callers of expandCard in this capability. */
import { expandCard } from '../ui/card-template.js';
import type { Card } from '../platform/bot-app.js';
import { buildMessageCard } from '../ui/message-card.js';
import { formatDate, formatTime, monthName } from '../shared/time.js';
import { minutesLate, type Incident } from './shifts-domain.js';
import type { IncidentEvent } from './shifts-incident-repository.js';

export const SHIFT_VERBS = {
  acknowledge: 'shifts.noshow.acknowledge',
  eta: 'shifts.noshow.eta',
  resolve: 'shifts.noshow.resolve',
  report: 'shifts.report',
  reportPick: 'shifts.report.pick',
  reportSave: 'shifts.report.save',
  history: 'shifts.history',
} as const;

const STEP_LABELS = ['primær kontaktperson', 'sekundær kontaktperson', 'DDH-sekretariatets vagtkanal'];

export interface AlertView {
  incident: Incident;
  municipalityName: string;
  agentLabel: string;
  notice: { postedAt: Date; text: string } | null;
  events: IncidentEvent[];
  now: Date;
}

/** "24.11.2026 kl. 08:00–12:00" */
export function shiftTimeLabel(startsAt: Date, endsAt: Date | null): string {
  const end = endsAt ? `–${formatTime(endsAt).replace('kl. ', '')}` : '';
  return `${formatDate(startsAt)} ${formatTime(startsAt)}${end}`;
}

function lastEvent(events: IncidentEvent[], kind: string): IncidentEvent | undefined {
  return [...events].reverse().find((e) => e.kind === kind);
}

function statusOf(v: AlertView): { text: string; color: string; style: string } {
  const i = v.incident;
  if (i.status === 'resolved') {
    const text =
      i.resolution === 'login' && i.loginAt
        ? `Løst: Agent loggede på ${formatTime(i.loginAt)}`
        : `Løst: Afløser fundet (${lastEvent(v.events, 'resolved')?.personName ?? 'ukendt'} ${formatTime(i.resolvedAt ?? v.now)})`;
    return { text, color: 'Good', style: 'good' };
  }
  if (i.status === 'acknowledged') {
    const who = lastEvent(v.events, 'acknowledged')?.personName ?? 'ukendt';
    const eta = i.eta ? ` · agenten forventes ${formatTime(i.eta)}` : '';
    return {
      text: `Kvitteret af ${who} ${formatTime(i.acknowledgedAt ?? v.now)}${eta}`,
      color: 'Warning',
      style: 'warning',
    };
  }
  const step = STEP_LABELS[i.step] ?? STEP_LABELS[0];
  return { text: `Ikke kvitteret · sendt til ${step}`, color: 'Attention', style: 'attention' };
}

function historyLine(e: IncidentEvent): string {
  const at = formatTime(e.at);
  const who = e.personName ?? 'ukendt';
  switch (e.kind) {
    case 'opened':
      return `${at} Udeblivelse registreret: agenten var ikke logget på`;
    case 'reported':
      return `${at} Meldt af ${who}`;
    case 'alerted':
      return `${at} Sendt til ${STEP_LABELS[Number(e.note)] ?? 'modtager'}`;
    case 'unreachable':
      return `${at} ${e.note ?? 'En modtager kunne ikke nås i Teams'}`;
    case 'acknowledged':
      return `${at} Kvitteret af ${who}`;
    case 'eta':
      return `${at} ${who}: agenten er der ${e.note ?? ''}`.trim();
    case 'resolved':
      return `${at} Afløser fundet (${who})`;
    case 'login':
      return `${at} Agenten loggede på`;
    case 'engage':
      return `${at} Agenten skrev på Viva Engage`;
    default:
      return `${at} ${e.kind}`;
  }
}

export function buildAlertCard(v: AlertView): Card {
  const i = v.incident;
  const status = statusOf(v);
  const asOf = i.status === 'resolved' ? (i.loginAt ?? i.resolvedAt ?? v.now) : v.now;
  const late = minutesLate(i.shiftStartsAt, asOf);
  const facts = [
    { label: 'Kommune', value: v.municipalityName },
    { label: 'Agent', value: v.agentLabel },
    { label: 'Vagt', value: shiftTimeLabel(i.shiftStartsAt, i.shiftEndsAt) },
    {
      label: 'Forsinket',
      value:
        i.status === 'resolved' && i.resolution !== 'login'
          ? `${late} min. ved afslutning`
          : `${late} min. (${formatTime(asOf)})`,
    },
  ];
  if (i.source === 'manual')
    facts.push({ label: 'Meldt af', value: lastEvent(v.events, 'reported')?.personName ?? 'DDH-sekretariatet' });
  const notes = [
    i.reportNote ? `Note fra sekretariatet: ${i.reportNote}` : '',
    i.resolutionNote ? `Afløser: ${i.resolutionNote}` : '',
  ].filter(Boolean);
  return expandCard('shifts-alert', {
    incidentId: i.id,
    title: `Udeblivelse fra vagt: ${v.municipalityName}`,
    status: status.text,
    statusColor: status.color,
    style: status.style,
    facts,
    engage: v.notice ? `Agenten har skrevet på Viva Engage ${formatTime(v.notice.postedAt)}: ${v.notice.text}` : '',
    note: notes.join('\n'),
    history: v.events.map(historyLine),
    canAcknowledge: i.status === 'open',
    open: i.status !== 'resolved',
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

export function buildReportStartCard(municipalities: { title: string; value: string }[]): Card {
  return expandCard('shifts-report-start', { municipalities, verb: SHIFT_VERBS.reportPick });
}

export function buildReportShiftCard(input: {
  municipalityName: string;
  municipalityCode: number;
  shifts: { title: string; value: string }[];
}): Card {
  return expandCard('shifts-report-shift', {
    title: `Meld udeblivelse: ${input.municipalityName}`,
    municipalityCode: input.municipalityCode,
    shifts: [...input.shifts, { title: 'Ikke i vagtplanen (skriv starttidspunktet)', value: 'none' }],
    verb: SHIFT_VERBS.reportSave,
  });
}

export interface HistoryCardRow {
  municipalityName: string;
  incidents: number;
  acknowledged: number;
  resolvedByLogin: number;
  replacementFound: number;
  stillOpen: number;
  meanMinutesToAcknowledge: number | null;
}

/** Incidents per municipality in a month, for the secretariat. */
export function buildHistoryCard(input: { month: string; months: string[]; rows: HistoryCardRow[] }): Card {
  const total = input.rows.reduce((s, r) => s + r.incidents, 0);
  return expandCard('shifts-history', {
    title: `Udeblivelser i ${monthName(input.month)}`,
    summary: total === 0 ? 'Ingen udeblivelser i måneden.' : `${total} udeblivelser i ${input.rows.length} kommuner.`,
    rows: input.rows.map((r) => ({
      name: r.municipalityName,
      text:
        `${r.incidents} (kvitteret ${r.acknowledged}, agent loggede på ${r.resolvedByLogin}, afløser ${r.replacementFound}` +
        `${r.stillOpen ? `, åbne ${r.stillOpen}` : ''})` +
        (r.meanMinutesToAcknowledge !== null ? ` · gns. ${r.meanMinutesToAcknowledge} min. til kvittering` : ''),
    })),
    month: input.month,
    months: input.months.map((m) => ({ title: monthName(m), value: m })),
    verb: SHIFT_VERBS.history,
  });
}

export { STEP_LABELS };
