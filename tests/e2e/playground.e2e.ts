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
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalConfig } from '../../src/app/config.js';
import { createApp, type App } from '../../src/app/create-app.js';
import { loadDemoData } from '../../src/demo/demo-data.js';
import { startPlayground } from '../../src/app/playground.js';

/** Not the default 56150, so a running `npm start` on the same machine does not collide with the test. */
const PLAYGROUND_PORT = 56151;
import { createLogger } from '../../src/shared/logger.js';
import { findPersonByEmail, loadActor } from '../../src/registry/registry-repository.js';

const SHOTS = 'test-results/e2e';
const ITEM_TITLE = 'Evaluering af vagtplanen ${1+1}';
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

  // A failing step leaves its screen behind: test-results/e2e/failed-<test>.png.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await page.screenshot({
        path: `${SHOTS}/failed-${ctx.task.name.replace(/[^a-z0-9æøå]+/gi, '-').slice(0, 60)}.png`,
      });
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

  /** The group chat's welcome card (group chats forward only @mentions, so the tests there work from cards). */
  const welcome = () => page.locator('.ac-adaptiveCard', { hasText: 'Hvad vil du gøre?' }).first();
  /** "Skift rolle (demo)" from the group chat's welcome card; returns the role card with its "Vis menu". */
  let lastWelcomePress = 0;
  const switchTo = async (label: RegExp) => {
    // The same button on the same card pressed again within 5 s is taken for a double-click (once-only presses).
    await page.waitForTimeout(Math.max(0, lastWelcomePress + 5500 - Date.now()));
    await welcome().getByRole('button', { name: 'Skift rolle (demo)' }).click();
    lastWelcomePress = Date.now();
    const card = page.locator('.ac-adaptiveCard', { hasText: 'Skift rolle (kun lokal demo)' }).last();
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await card.getByRole('combobox').click();
    await page.getByRole('option', { name: label }).first().click();
    await card.getByRole('button', { name: 'Skift', exact: true }).click();
    await page.waitForTimeout(1000);
    return card;
  };

  /** Types "menu" and presses one of its buttons. */
  const pressInMenu = async (button: string) => {
    await say('menu');
    await expect.poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 }).toContain(button);
    await lastCard().getByRole('button', { name: button, exact: true }).click();
  };

  it('answers "menu" with a Danish card of the demo secretary\'s options', async () => {
    await say('menu');
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Hvad vil du gøre?');
    expect(await lastCard().textContent()).toContain('Nyt dagsordenspunkt');
    await page.screenshot({ path: `${SHOTS}/01-menu.png` });
  });

  it('answers text it does not understand in Danish, with the menu below', async () => {
    await say('blåbærgrød 🫐');
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Det forstod jeg ikke');
    expect(await lastCard().textContent()).toContain('Hvad vil du gøre?');
  });

  it('shows the secretariat the Rapporter card', async () => {
    await lastCard().getByRole('button', { name: 'Rapporter', exact: true }).click();
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Sekretariatets overblik');
    await page.screenshot({ path: `${SHOTS}/01b-reports.png` });
    await say('menu');
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Skift rolle (demo)');
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

  it('submits an agenda item by card with a double-click: one item, one receipt', async () => {
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
    await card.getByRole('textbox').first().fill(ITEM_TITLE);
    await card.getByText('(O) Orientering').click();
    await card.getByPlaceholder('Navn, kommune').fill('Demo, Viborg');
    await page.screenshot({ path: `${SHOTS}/03-agenda-form.png` });
    await card.getByRole('button', { name: 'Send til sekretariatet' }).dblclick();
    // The form turns into the receipt; the demo secretary's review card also arrives (demo inbox, marked "Til: …").
    const receipt = page.locator('.ac-adaptiveCard', { hasText: 'Kvittering' }).filter({ hasText: ITEM_TITLE });
    await expect.poll(() => receipt.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(3000); // time for a second item or receipt, were there one
    expect(await receipt.count()).toBe(1);
    const items = await app.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM agenda_items WHERE title = $1',
      [ITEM_TITLE],
    );
    expect(items.rows[0].n).toBe(1);
    await page.screenshot({ path: `${SHOTS}/04-agenda-receipt.png` });
  });

  it('lets the secretariat approve the item from "Til behandling"; the receipt follows', async () => {
    await actAs(/Sofie Kjær/);
    await pressInMenu('Til behandling');
    const queue = lastCard();
    await expect.poll(async () => (await queue.textContent()) ?? '', { timeout: 30_000 }).toContain(ITEM_TITLE);
    await page.screenshot({ path: `${SHOTS}/04b-queue.png` });
    await queue.getByRole('button', { name: 'Godkend', exact: true }).first().click();
    const receipt = page.locator('.ac-adaptiveCard', { hasText: 'Kvittering' }).filter({ hasText: ITEM_TITLE });
    await expect
      .poll(async () => (await receipt.last().textContent()) ?? '', { timeout: 30_000 })
      .toContain('godkendt til dagsordenen');
    const status = await app.deps.db.query<{ status: string }>('SELECT status FROM agenda_items WHERE title = $1', [
      ITEM_TITLE,
    ]);
    expect(status.rows).toEqual([{ status: 'godkendt' }]);
  });

  it('starts a vote in the group chat; a committee member casts and changes a ballot', async () => {
    // Group chats forward only @mentions to the bot, so this test works from cards: the welcome menu first.
    await page.getByText('Group Chat', { exact: true }).first().click();
    await expect.poll(() => welcome().count(), { timeout: 30_000 }).toBeGreaterThan(0);
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

  it('opens the region round in the chat; "Stil op" works with no candidate picked', async () => {
    // Still in the group chat: the secretariat makes it Midtjylland's election room.
    const role = await switchTo(/Sofie Kjær/);
    await role.getByRole('button', { name: 'Vis menu' }).click();
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Brug denne chat til');
    await lastCard()
      .getByRole('button', { name: /Brug denne chat til/ })
      .click();
    const purpose = page
      .locator('.ac-adaptiveCard')
      .filter({ has: page.getByRole('button', { name: 'Gem' }) })
      .last();
    await expect.poll(() => purpose.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await purpose.getByRole('combobox').click();
    await page.getByRole('option', { name: 'Regionsrum: Region Midtjylland' }).click();
    await purpose.getByRole('button', { name: 'Gem' }).click();
    await page.waitForTimeout(1000);
    // The election itself is started as the key card's "Start valget" does.
    const secretary = await loadActor(
      app.deps.db,
      (await findPersonByEmail(app.deps.db, 'sofie.kjaer@demo.ddh.invalid'))!,
    );
    await app.modules.elections.service.start(secretary);
    await (await switchTo(/Sofie Kjær/)).getByRole('button', { name: 'Vis menu' }).click();
    await expect
      .poll(async () => (await lastCard().textContent()) ?? '', { timeout: 30_000 })
      .toContain('Regionsvalg i denne chat');
    await lastCard().getByRole('button', { name: 'Regionsvalg i denne chat' }).click();
    const round = page.locator('.ac-adaptiveCard').filter({ has: page.getByRole('button', { name: 'Stil op' }) });
    await expect.poll(() => round.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await round.last().textContent()).toContain('Ingen kandidater endnu');
    await switchTo(/Repræsentant, Viborg/);
    await round.last().getByRole('button', { name: 'Stil op' }).click();
    await expect
      .poll(async () => (await round.last().textContent()) ?? '', { timeout: 30_000 })
      .not.toContain('Ingen kandidater endnu');
    const candidates = await app.deps.db.query<{ name: string }>(
      'SELECT p.name FROM election_candidates c JOIN people p ON p.id = c.person_id',
    );
    expect(candidates.rows).toHaveLength(1);
    expect(await round.last().textContent()).toContain(candidates.rows[0].name);
    await page.screenshot({ path: `${SHOTS}/05b-region-round.png` });
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

  it('moves a meeting from its card, and a member reports afbud on the invitation', async () => {
    await actAs(/Sofie Kjær/);
    await pressInMenu('Mødekalender');
    const calendar = lastCard();
    await expect.poll(async () => (await calendar.textContent()) ?? '', { timeout: 30_000 }).toContain('Åbn mødet');
    // The latest steering-committee meeting the calendar shows (it shows one year at a time).
    const days = await app.deps.db.query<{ day: string }>(
      `SELECT to_char(starts_at AT TIME ZONE 'Europe/Copenhagen', 'DD.MM.YYYY') AS day FROM meetings
       WHERE kind = 'styregruppe' AND status <> 'aflyst' ORDER BY starts_at DESC`,
    );
    const shown = [];
    for (const { day } of days.rows)
      if (await calendar.getByRole('button', { name: `Åbn mødet ${day}` }).count()) shown.push(day);
    expect(shown.length).toBeGreaterThan(0);
    await calendar.getByRole('button', { name: `Åbn mødet ${shown[0]}` }).click();
    const meeting = page.locator('.ac-adaptiveCard', { hasText: 'Flyt eller ret mødet' }).last();
    await expect.poll(() => meeting.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const invite = meeting.getByRole('button', { name: /^Send \d+ invitation/ });
    if (await invite.count()) {
      await invite.click();
      await expect.poll(async () => (await meeting.textContent()) ?? '', { timeout: 30_000 }).toMatch(/invitation/i);
      await page.waitForTimeout(2000);
    }
    // The playground draws Input.Date as a Fluent date picker that accepts typed dates (aria-label = placeholder).
    const [day, month, year] = shown[0].split('.').map(Number);
    const moved = new Date(Date.UTC(year, month - 1, day + 7, 12));
    const date = meeting.locator('input[aria-label="Vælg dato"]');
    await date.fill(moved.toISOString().slice(0, 10));
    await date.press('Enter');
    await meeting.getByRole('button', { name: 'Gem ændringer' }).click();
    await expect
      .poll(async () => (await meeting.textContent()) ?? '', { timeout: 30_000 })
      .toContain('Mødet er flyttet');
    await page.screenshot({ path: `${SHOTS}/09-meeting-moved.png` });
    const now = await app.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM meetings WHERE kind = 'styregruppe' AND status <> 'aflyst'
       AND to_char(starts_at AT TIME ZONE 'Europe/Copenhagen', 'YYYY-MM-DD') = $1`,
      [moved.toISOString().slice(0, 10)],
    );
    expect(now.rows[0].n).toBe(1);

    await actAs(/Styregruppemedlem, Viborg/);
    const invitation = page.locator('.ac-adaptiveCard', { hasText: 'Du er indkaldt som medlem for Viborg' }).last();
    await expect.poll(() => invitation.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await invitation.getByRole('button', { name: 'Meld afbud', exact: true }).click();
    const answered = page.locator('.ac-adaptiveCard', { hasText: 'Du har meldt afbud' });
    await expect.poll(() => answered.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const afbud = await app.deps.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM meeting_attendance WHERE member_status = 'afbud'",
    );
    expect(afbud.rows[0].n).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/10-afbud.png` });
  });
});
