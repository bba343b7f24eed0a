/**
 * Typed builders for the no-show cards (the only callers of expandCard in this capability), and the Danish
 * sentences the alert history and the secretariat's notices share.
 */
import { countNoun, formatNumber, listWithAnd } from '../shared/danish.js';
import { formatDate, formatTime, monthName } from '../shared/time.js';
import type { Card } from '../ui/card.js';
import { expandCard } from '../ui/card-template.js';
import { LAST_STEP, minutesLate } from './shifts-domain.js';
import type { IncidentEvent } from './shifts-incident-repository.js';
import { STEP_LABELS, type UnreachableEntry } from './step-targets.js';
import type { AlertView, HistoryView, NudgeView, QueueView, ReportShiftView, ReportStartView } from './shifts-views.js';

export const SHIFT_VERBS = {
  acknowledge: 'shifts.noshow.acknowledge',
  eta: 'shifts.noshow.eta',
  resolve: 'shifts.noshow.resolve',
  report: 'shifts.report',
  reportPick: 'shifts.report.pick',
  reportSave: 'shifts.report.save',
  history: 'shifts.history',
  queue: 'shifts.queue',
  nudgeOnTheWay: 'shifts.nudge.on-the-way',
} as const;

export { STEP_LABELS };

/**
 * The history line and notice for a step that reached nobody, or not everybody: one clause per kind of recipient
 * and way tried, e.g. "Primær kontaktperson (Signe Holm) kunne ikke nås i Teams" or "Der er ingen sekundær
 * kontaktperson registreret".
 */
export function unreachableSentence(step: number, entries: UnreachableEntry[]): string {
  if (entries.length === 0) return `${capitalize(STEP_LABELS[step])} kunne ikke nås`;
  const groups = new Map<string, { roleLabel: string; via: string; names: string[] }>();
  for (const entry of entries) {
    const key = `${entry.roleLabel}\u0000${entry.via}\u0000${entry.name === null}`;
    const group = groups.get(key) ?? { roleLabel: entry.roleLabel, via: entry.via, names: [] };
    if (entry.name !== null) group.names.push(entry.name);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) =>
      group.names.length === 0
        ? group.via
          ? `${capitalize(group.roleLabel)} kunne ikke nås ${group.via}`
          : `Der er ingen ${group.roleLabel} registreret`
        : `${capitalize(group.roleLabel)} (${listWithAnd(group.names)}) kunne ikke nås ${group.via}`,
    )
    .join('. ');
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

/** The status line and the container style behind it (default-coloured text on a status fill: WCAG AA in both themes). */
function statusOf(view: AlertView): { text: string; style: string } {
  const incident = view.incident;
  if (incident.status === 'resolved') {
    const text =
      incident.resolution === 'login' && incident.loginAt
        ? `Løst: Agent loggede på ${formatTime(incident.loginAt)}`
        : `Løst: Afløser fundet (${lastEvent(view.events, 'resolved')?.personName ?? 'ukendt'} ${formatTime(incident.resolvedAt ?? view.now)})`;
    return { text, style: 'good' };
  }
  if (incident.status === 'acknowledged') {
    const who = lastEvent(view.events, 'acknowledged')?.personName ?? 'ukendt';
    const eta = incident.eta ? ` · agenten forventes ${formatTime(incident.eta)}` : '';
    return { text: `Kvitteret af ${who} ${formatTime(incident.acknowledgedAt ?? view.now)}${eta}`, style: 'warning' };
  }
  const step = STEP_LABELS[incident.step] ?? STEP_LABELS[0];
  return { text: `Ikke kvitteret · sendt til ${step}`, style: 'attention' };
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
    case 'leader':
      return `${at} Leder på vagt (${note ?? 'ukendt'}) fik også besked`;
    case 'unreachable':
      return `${at} ${note ?? 'En modtager kunne ikke nås i Teams'}`;
    case 'acknowledged':
      return `${at} Kvitteret af ${who}${note ? ` (${note})` : ''}`;
    case 'eta':
      return `${at} ${who}: agenten er der ${note ?? ''}`.trim();
    case 'agent-eta':
      return `${at} Agenten (${who}) svarede: Jeg er på vej, er der ${note ?? ''}`.trim();
    case 'resolved':
      return `${at} Afløser fundet (${who})`;
    case 'login':
      return `${at} Agenten loggede på`;
    case 'engage':
      return `${at} Agenten skrev på Viva Engage`;
    case 'nudged':
      return `${at} Agenten fik en påmindelse i Teams`;
    case 'sms':
    case 'sms-delivered':
    case 'sms-failed':
      return `${at} ${note ?? 'Sms'}`;
    default:
      return `${at} Hændelse i forløbet`;
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
          ? `${formatNumber(late)} min. ved afslutning`
          : `${formatNumber(late)} min. (${formatTime(asOf)})`,
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

/** Told to the secretariat when a step could not reach everyone, with the numbers to call (the secretariat's only). */
export function buildUnreachableNoticeCard(input: {
  municipalityName: string;
  sentence: string;
  next: string;
  shift: string;
  phones: string[];
}): Card {
  return expandCard('shifts-notice', {
    title: `Kontaktperson kunne ikke nås: ${input.municipalityName}`,
    text: `${input.sentence} ved udeblivelsen fra vagten ${input.shift}. ${input.next}`.trim(),
    phones: input.phones,
  });
}

/** The late agent's message: log in, post on Viva Engage when delayed, or answer "Jeg er på vej". */
export function buildNudgeCard(view: NudgeView): Card {
  const incident = view.incident;
  const shift = shiftTimeLabel(incident.shiftStartsAt, incident.shiftEndsAt);
  const open = incident.status !== 'resolved';
  const lines = open
    ? [
        `Du er ikke logget på til din vagt ${shift} for ${view.municipalityName}.`,
        'Log på, så snart du kan. Er du forsinket eller har tekniske problemer, så skriv det i Viva Engage-fællesskabet.',
        incident.eta
          ? `Kommunen ved, at du forventes ${formatTime(incident.eta)}.`
          : 'Svar "Jeg er på vej", så ved kommunen, hvornår du er der.',
      ]
    : [
        incident.resolution === 'login'
          ? `Tak. Du er logget på til vagten ${shift}.`
          : `Vagten ${shift} er dækket; du skal ikke gøre mere.`,
      ];
  return expandCard('shifts-nudge', {
    title: open ? 'Du er ikke logget på' : 'Vagten er på plads',
    style: open ? 'warning' : 'good',
    lines,
    open,
    communityUrl: view.communityUrl ?? '',
    incidentId: incident.id,
    verb: SHIFT_VERBS.nudgeOnTheWay,
  });
}

/** "Åbne udeblivelser": one line per open incident; each one's alert card (buildAlertCard) follows as its own message. */
export function buildQueueCard(view: QueueView): Card {
  const count = view.alerts.length;
  const summary =
    count === 0
      ? 'Der er ingen åbne udeblivelser, du kan handle på.'
      : `${countNoun(count, 'åben udeblivelse', 'åbne udeblivelser')}${view.more ? ' (de ældste vises)' : ''}. ` +
        'Kortet til hver står i chatten med Kvitter, Agent på vej og Afløser fundet og holdes opdateret.';
  return expandCard('shifts-queue', {
    summary,
    incidents: view.alerts.map((alert) => {
      const status = statusOf(alert);
      return {
        name: alert.municipalityName,
        text: `${shiftTimeLabel(alert.incident.shiftStartsAt, alert.incident.shiftEndsAt)} · ${alert.agentLabel} · ${status.text}`,
        style: status.style,
        phones: view.phones?.get(alert.incident.municipalityCode) ?? [],
      };
    }),
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

/** Incidents per municipality in a month, for the secretariat, with the month as CSV behind a signed link. */
export function buildHistoryCard(view: HistoryView): Card {
  const total = view.rows.reduce((sum, row) => sum + row.incidents, 0);
  const sms = view.rows.reduce((sum, row) => sum + row.smsSent, 0);
  return expandCard('shifts-history', {
    title: `Udeblivelser i ${monthName(view.month)}`,
    summary:
      total === 0
        ? 'Ingen udeblivelser i måneden.'
        : `${countNoun(total, 'udeblivelse', 'udeblivelser')} i ${countNoun(view.rows.length, 'kommune', 'kommuner')}` +
          `${sms ? `; ${countNoun(sms, 'sms', "sms'er")} sendt` : ''}.`,
    rows: view.rows.map((row) => ({
      name: row.municipalityName,
      text:
        `${formatNumber(row.incidents)} (kvitteret ${formatNumber(row.acknowledged)}, agent loggede på ${formatNumber(row.resolvedByLogin)}, afløser ${formatNumber(row.replacementFound)}` +
        `${row.stillOpen ? `, åbne ${formatNumber(row.stillOpen)}` : ''}${row.smsSent ? `, ${countNoun(row.smsSent, 'sms', "sms'er")}` : ''})` +
        (row.meanMinutesToAcknowledge !== null
          ? ` · gns. ${formatNumber(row.meanMinutesToAcknowledge)} min. til kvittering`
          : ''),
    })),
    month: view.month,
    months: view.months.map((month) => ({ title: monthName(month), value: month })),
    verb: SHIFT_VERBS.history,
    csvTitle: `Hent ${monthName(view.month)} som CSV`,
    csvUrl: view.csvUrl,
  });
}
