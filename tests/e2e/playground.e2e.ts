/**
 * The bot in the Microsoft 365 Agents Playground, driven through its UI in Debian's headless Chromium:
 * the menu, switching to a representative, submitting an agenda item and getting the receipt.
 * Screenshots of each step go to test-results/e2e/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../src/app/config.js';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadDemoData } from '../../src/demo/demo-data.js';
import { startPlayground } from '../../src/app/playground.js';

/** Not the default 56150, so a running `npm start` on the same machine does not collide with the test. */
const PLAYGROUND_PORT = 56151;
import { createLogger } from '../../src/shared/logger.js';
import { findPersonByEmail, loadActor } from '../../src/registry/registry-repository.js';

const SHOTS = 'test-results/e2e';
const CHROMIUM = '/usr/bin/chromium';

describe('the bot in the Agents Playground', () => {
  let app: App;
  let playground: ChildProcess;
  let context: BrowserContext;
  let page: Page;
  const dirs: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'ddh-e2e-'));
    dirs.push(dataDir);
    const config = loadLocalConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PORT: '3988',
      PLAYGROUND_PORT: String(PLAYGROUND_PORT),
    });
    // E2E_LOG_LEVEL=debug shows the bot's own log while debugging a failing step.
    const log = createLogger(process.env.E2E_LOG_LEVEL ?? 'silent');
    app = await createApp(config, { log });
    await loadDemoData(app.deps);
    const url = await app.listen(3988);
    playground = startPlayground(config, `${url}/api/messages`, log);
    const profile = mkdtempSync(join(tmpdir(), 'ddh-chromium-'));
    dirs.push(profile);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
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
    page = context.pages()[0] ?? (await context.newPage());
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://localhost:${PLAYGROUND_PORT}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 100) throw new Error('playground did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto(`http://localhost:${PLAYGROUND_PORT}`, { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-lexical-editor="true"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await context?.close();
    playground?.kill();
    await app?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const say = async (text: string) => {
    await page.click('[data-lexical-editor="true"]');
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };
  const lastCard = () => page.locator('.ac-adaptiveCard').last();

  /** "Skift rolle (demo)" from a fresh menu, picking the first demo person whose label matches. */
  const actAs = async (label: RegExp) => {
    await say('menu');
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Skift rolle (demo)');
    await lastCard().getByRole('button', { name: 'Skift rolle (demo)' }).click();
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Skift rolle (kun lokal demo)');
    await lastCard().getByRole('combobox').click();
    await page.getByRole('option', { name: label }).first().click();
    await lastCard().getByRole('button', { name: 'Skift', exact: true }).click();
    await page.waitForTimeout(1000);
  };

  it('answers "menu" with a Danish card of the demo secretary\'s options', async () => {
    await say('menu');
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Hvad vil du gøre?');
    expect(await lastCard().textContent()).toContain('Nyt dagsordenspunkt');
    await page.screenshot({ path: `${SHOTS}/01-menu.png` });
  });

  it('switches to a representative with "Skift rolle (demo)"', async () => {
    await lastCard().getByRole('button', { name: 'Skift rolle (demo)' }).click();
    await expect.poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 }).toContain('Skift rolle');
    // Adaptive Card choice sets render as a Fluent combobox in the playground, not a <select>.
    await lastCard().getByRole('combobox').click();
    const reps = page.getByRole('option', { name: /Repræsentant/ });
    const labels = await reps.allTextContents();
    const pick = labels.findIndex((l) => /Viborg/.test(l) && !/styregruppe|suppleant|formand/i.test(l));
    await reps.nth(Math.max(0, pick)).click();
    await page.screenshot({ path: `${SHOTS}/02-switch-role.png` });
    await lastCard().getByRole('button', { name: 'Skift', exact: true }).click();
    await page.waitForTimeout(1500);
    await say('menu');
    await expect.poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 }).toMatch(/Repræsentant/);
  });

  it('submits an agenda item by card and gets a receipt', async () => {
    await lastCard().getByRole('button', { name: 'Nyt dagsordenspunkt' }).click();
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Nyt dagsordenspunkt til styregruppen');
    const card = lastCard();
    await card.getByRole('combobox').first().click();
    await page
      .getByRole('option', { name: /Styregruppemøde/ })
      .first()
      .click();
    await card.getByRole('textbox').first().fill('Evaluering af vagtplanen ${1+1}');
    await card.getByText('(O) Orientering').click();
    await card.getByPlaceholder('Navn, kommune').fill('Demo, Viborg');
    await page.screenshot({ path: `${SHOTS}/03-agenda-form.png` });
    await card.getByRole('button', { name: 'Send til sekretariatet' }).click();
    // The form turns into the receipt; the demo secretary (the playground's own user) also gets the review card.
    const receipt = page.locator('.ac-adaptiveCard', { hasText: 'Kvittering' });
    await expect.poll(() => receipt.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await receipt.last().textContent()).toContain('Evaluering af vagtplanen ${1+1}');
    await page.screenshot({ path: `${SHOTS}/04-agenda-receipt.png` });
  });

  it('starts a vote in the group chat; a committee member casts and changes a ballot', async () => {
    // Group chats forward only @mentions to the bot, so this test works from cards: the welcome menu first.
    await page.getByText('Group Chat', { exact: true }).first().click();
    const welcome = page.locator('.ac-adaptiveCard', { hasText: 'Hvad vil du gøre?' }).first();
    await expect.poll(() => welcome.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const switchTo = async (label: RegExp) => {
      await welcome.getByRole('button', { name: 'Skift rolle (demo)' }).click();
      const card = page.locator('.ac-adaptiveCard', { hasText: 'Skift rolle (kun lokal demo)' }).last();
      await expect.poll(() => card.count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await card.getByRole('combobox').click();
      await page.getByRole('option', { name: label }).first().click();
      await card.getByRole('button', { name: 'Skift', exact: true }).click();
      await page.waitForTimeout(1000);
      return card;
    };
    const card = await switchTo(/Sofie Kjær/);
    await card.getByRole('button', { name: 'Vis menu' }).click();
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Ny afstemning');
    await lastCard().getByRole('button', { name: 'Ny afstemning' }).click();
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Ny afstemning i styregruppen');
    await lastCard().getByRole('textbox').first().fill('Skal vagtplanen for 2027 godkendes?');
    await lastCard().getByRole('button', { name: 'Start afstemningen' }).click();
    const vote = page
      .locator('.ac-adaptiveCard', { hasText: 'Skal vagtplanen for 2027 godkendes?' })
      .filter({ hasText: 'har stemt' });
    await expect.poll(() => vote.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await switchTo(/Styregruppemedlem, Viborg/);
    // The playground shows the shared card after the update (it does not run Universal Actions' per-user refresh).
    await vote.last().getByRole('button', { name: 'For', exact: true }).click();
    await expect
      .poll(async () => (await vote.last().textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/1 af 13 har stemt[\s\S]*Viborg: For/);
    await vote.last().getByRole('button', { name: 'Imod', exact: true }).click();
    await expect.poll(async () => (await vote.last().textContent()) ?? '', { timeout: 30_000 }).toMatch(/Viborg: Imod/);
    expect(await vote.last().textContent()).toContain('1 af 13 har stemt');
    await page.screenshot({ path: `${SHOTS}/05-vote.png` });
  });

  it("shows the month's KPI warning to the municipality's quality coordinator", async () => {
    await page.getByText('Personal Chat', { exact: true }).first().click();
    await page.waitForSelector('[data-lexical-editor="true"]');
    await actAs(/Kvalitetskoordinator, Viborg/);
    const csv =
      'periode;kommunekode;agent;besvarede;straksafklarede;tilfredshed_svar;tilfredshed_gns\n2026-10;791;;200;90;60;6,4\n';
    await app.modules.kpi.imports.importFile(Buffer.from(csv), 'oktober.csv', null);
    const warning = page.locator('.ac-adaptiveCard', { hasText: 'KPI-advarsel 2026-10: Viborg' });
    await expect.poll(() => warning.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await warning.last().textContent()).toContain('45,0 %');
    await page.screenshot({ path: `${SHOTS}/06-kpi-warning.png` });
  });

  it('alerts the primary contact of a no-show, who acknowledges it on the card', async () => {
    await actAs(/Primær kontaktperson, Viborg/);
    // The secretariat reports the no-show (the same use case as its "Meld udeblivelse" card).
    const secretary = await loadActor(
      app.deps.db,
      (await findPersonByEmail(app.deps.db, 'sofie.kjaer@demo.ddh.invalid'))!,
    );
    await app.modules.shifts.reports.reportManually(secretary, {
      municipalityCode: 791,
      shiftId: null,
      startsAt: new Date(Date.now() - 10 * 60_000),
      note: 'Agenten er ikke logget på',
    });
    await app.scheduler.drain();
    const alert = page.locator('.ac-adaptiveCard', { hasText: 'Udeblivelse' }).filter({ hasText: 'Viborg' });
    await expect.poll(() => alert.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/07-noshow-alert.png` });
    await alert.last().getByRole('button', { name: 'Kvitter', exact: true }).click();
    await expect
      .poll(async () => (await alert.last().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Kvitteret af');
    await page.screenshot({ path: `${SHOTS}/08-noshow-acknowledged.png` });
  });
});
