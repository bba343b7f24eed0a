/**
 * npm run cards:render — every card in cards/ with its sample data, rendered by the Adaptive Cards SDK's own
 * renderer in headless Chromium (Debian's /usr/bin/chromium) at Teams mobile width, into docs/cards/*.png.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CARDS_DIR, expandCard } from '../ui/card-template.js';

const OUT = 'docs/cards';
const WIDTH = 360;
const require = createRequire(import.meta.url);
const sdk = require.resolve('adaptivecards/dist/adaptivecards.min.js');

/** Close to Teams' light theme: Segoe UI, its spacing, accent and attention colours. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7' },
        good: { default: '#107C10' },
        warning: { default: '#8A5300' },
        attention: { default: '#C4314B' },
      },
    },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    // Status containers as Teams' light theme tints them; the text on them stays default-coloured (WCAG AA).
    good: { backgroundColor: '#F1FAF1', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    warning: { backgroundColor: '#FFF9F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    attention: { backgroundColor: '#FDF3F4', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    accent: { backgroundColor: '#EBF3FC', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
  },
  actions: { maxActions: 12, buttonSpacing: 8, actionsOrientation: 'vertical', actionAlignment: 'stretch' },
  supportsInteractivity: true,
};

const names = readdirSync(CARDS_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''));
mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: WIDTH + 32, height: 800 }, deviceScaleFactor: 2 });
await page.setContent(
  `<html><body style="margin:16px;background:#EBEBEB;font-family:'Segoe UI',sans-serif"><div id="card" style="width:${WIDTH}px;background:#fff;border-radius:8px;overflow:hidden"></div></body></html>`,
);
await page.addScriptTag({ path: sdk });
let rendered = 0;
for (const name of names) {
  const sample = join(CARDS_DIR, 'samples', `${name}.json`);
  const card = expandCard(name, existsSync(sample) ? JSON.parse(readFileSync(sample, 'utf8')) : {});
  await page.evaluate(
    ({ card, hostConfig }) => {
      interface Sdk {
        AdaptiveCard: new () => { hostConfig: unknown; parse(json: unknown): void; render(): HTMLElement };
        HostConfig: new (json: unknown) => unknown;
      }
      const { AdaptiveCards } = window as unknown as { AdaptiveCards: Sdk };
      const adaptiveCard = new AdaptiveCards.AdaptiveCard();
      adaptiveCard.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
      adaptiveCard.parse(card);
      const target = document.getElementById('card')!;
      target.innerHTML = '';
      target.appendChild(adaptiveCard.render());
    },
    { card, hostConfig: HOST_CONFIG },
  );
  await page.locator('#card').screenshot({ path: join(OUT, `${name}.png`) });
  rendered++;
}
await browser.close();
console.log(`${rendered} kort er tegnet i ${OUT}/`);
