/**
 * The page behind the SMS link (issue 24): the incident as it stands and, while nobody has acknowledged it, one button
 * that does. Plain HTML for any phone, Danish, no scripts or outside resources; every value is escaped.
 */
import { formatTime } from '../shared/time.js';
import { shiftTimeLabel } from './shifts-cards.js';
import type { LinkPage } from './noshow-action-service.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): Buffer {
  return Buffer.from(
    `<!doctype html><html lang="da"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">` +
      `<title>${escapeHtml(title)} – DDH</title><style>` +
      `body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;max-width:32rem;color:#1b1b1b;background:#fff}` +
      `h1{font-size:1.3rem}.status{padding:.75rem;border-radius:.4rem;background:#fff4ce}.done{background:#dff6dd}` +
      `button{font-size:1.1rem;padding:.8rem 1.6rem;border:0;border-radius:.4rem;background:#0f6cbd;color:#fff}` +
      `</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    'utf8',
  );
}

/** The page for a link (GET) or after its button (POST). */
export function ackPage(view: LinkPage): { status: number; body: Buffer } {
  if (view.kind === 'invalid')
    return {
      status: 403,
      body: page(
        'Linket virker ikke',
        '<p>Linket er ugyldigt eller udløbet. Kvitter i Teams, eller ring til DDH-sekretariatet.</p>',
      ),
    };
  const { alert } = view;
  const incident = alert.incident;
  const facts = [
    ['Vagt', shiftTimeLabel(incident.shiftStartsAt, incident.shiftEndsAt)],
    ['Agent', alert.agentLabel],
  ]
    .map(([label, value]) => `<p><strong>${escapeHtml(label)}:</strong> ${escapeHtml(value)}</p>`)
    .join('');
  let status: string;
  if (incident.status === 'open')
    status =
      '<p class="status">Ingen har kvitteret endnu.</p>' +
      '<form method="post"><button type="submit">Kvitter for udeblivelsen</button></form>';
  else if (incident.status === 'acknowledged')
    status = `<p class="status done">${view.acknowledgedNow ? 'Tak, du har kvitteret.' : 'Udeblivelsen er kvitteret'} ${escapeHtml(formatTime(incident.acknowledgedAt ?? alert.now))}. Alle kort i Teams er opdateret.</p>`;
  else status = '<p class="status done">Udeblivelsen er løst; du skal ikke gøre mere.</p>';
  return { status: 200, body: page(`Udeblivelse fra vagt: ${alert.municipalityName}`, facts + status) };
}
