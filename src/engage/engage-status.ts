/**
 * Whether Viva Engage works, in words the secretariat can act on: not set up, not logged in yet, logged in, or the
 * login lapsed. The menu shows it to the secretariat; typing "engage", "viva engage" or "yammer" answers with it.
 */
import type { Actor } from '../registry/registry-types.js';
import type { EngageLoginStatus } from './engage-repository.js';

export type EngageState = 'off' | EngageLoginStatus;

/** What is set up besides the login (no secrets, only whether each part is there). */
export interface EngageSetup {
  configured: boolean;
  newsGroup: boolean;
  shiftGroup: boolean;
  postTypes: string[];
}

export interface EngageStatusView {
  state: EngageState;
  title: string;
  tone: 'good' | 'warning' | 'default';
  text: string;
  lines: string[];
}

/** One line under the secretariat's menu. */
export const ENGAGE_MENU_LINE: Record<EngageState, string> = {
  off: 'Viva Engage: ikke sat op. Skriv "engage" for at høre mere.',
  ok: 'Viva Engage: logget ind.',
  missing: 'Viva Engage: ikke logget ind endnu. Skriv "engage" for at høre, hvad der skal til.',
  expired: 'Viva Engage: login udløbet. Skriv "engage" for at høre, hvad der skal til.',
};

const TITLES: Record<EngageState, string> = {
  off: 'Viva Engage: ikke sat op',
  ok: 'Viva Engage: logget ind',
  missing: 'Viva Engage: ikke logget ind endnu',
  expired: 'Viva Engage: login udløbet',
};

const POST_TYPE_LABELS: Record<string, string> = {
  agenda: 'udgivne dagsordener',
  decision: 'beslutninger',
  'kpi-summary': 'månedens KPI-opsummering',
};

const LOGIN =
  'DDH\'s it-drift logger servicekontoen ind én gang med "npm run engage:login" (en kode, der indtastes på microsoft.com/devicelogin); derefter fornyer botten selv adgangen.';

/** What the bot says about Viva Engage: everyone hears what it is for; the secretariat also hears what to do. */
export function engageStatusView(actor: Actor, setup: EngageSetup, login: EngageLoginStatus): EngageStatusView {
  const state: EngageState = setup.configured ? login : 'off';
  const purpose =
    "Botten bruger Viva Engage til DDH's nyheder (dagsordener, beslutninger, KPI-opsummeringer) og læser agenternes opslag om forsinkelser i vagtgruppen.";
  const tone = state === 'ok' ? 'good' : state === 'off' ? 'default' : 'warning';
  if (!actor.secretariat) {
    const text =
      state === 'ok'
        ? `${purpose} Det kører.`
        : `${purpose} Det kører ikke lige nu; DDH-sekretariatet ved besked og sørger for det.`;
    return { state, title: state === 'ok' ? TITLES.ok : 'Viva Engage', tone, text, lines: [] };
  }
  const lines: string[] = [];
  if (setup.configured) {
    const posts = setup.postTypes.map((type) => POST_TYPE_LABELS[type] ?? type);
    lines.push(
      setup.newsGroup && posts.length
        ? `Opslag i nyhedsfællesskabet: ${posts.join(', ')}.`
        : 'Opslag i nyhedsfællesskabet: slået fra (ENGAGE_NEWS_GROUP_ID eller ENGAGE_POST_TYPES mangler).',
      setup.shiftGroup
        ? 'Vagtgruppen læses hvert minut for forsinkelsesopslag.'
        : 'Vagtgruppen læses ikke (ENGAGE_SHIFT_GROUP_ID mangler).',
    );
  }
  const text = {
    off: `${purpose} Integrationen er ikke sat op: ENGAGE_CLIENT_ID, ENGAGE_TENANT_ID og ENGAGE_TOKEN_KEY mangler i bottens konfiguration (se docs/engage.md). Indtil da bliver der ikke postet, og forsinkelsesopslag læses ikke.`,
    missing: `${purpose} Servicekontoen er ikke logget ind endnu, så intet postes eller læses. ${LOGIN}`,
    expired: `${purpose} Servicekontoens login er udløbet, så intet postes eller læses, før den logges ind igen. ${LOGIN}`,
    ok: `${purpose} Servicekontoen er logget ind, og botten fornyer selv adgangen.`,
  }[state];
  return { state, title: TITLES[state], tone, text, lines };
}
