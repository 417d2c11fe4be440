import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from '@sportskk/gateway';
import { createLogger, createMetricsRegistry, type RunningService } from '@sportskk/platform';
import { eventually, logCollector } from '@sportskk/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtAdminPage } from '../admin-page.ts';
import { freshDatabase } from '../fresh-database.ts';
import { startSystem, type System } from '../system.ts';
import { BUY, CANCEL, graphql, signedIn, testConfig, TOTALS, type TicketData } from '../testing.ts';
import { launchChromium } from './chromium.ts';

// Screenshots land here (CI keeps the folder as the test's artifact); TEST_ARTIFACTS_DIR overrides.
const ARTIFACTS =
  process.env['TEST_ARTIFACTS_DIR'] ??
  fileURLToPath(new URL('../../../.artifacts', import.meta.url));
/** What the callbacks run in the page use (this workspace's TypeScript has no DOM library; casts vanish in the page). */
interface InPage {
  readonly document: {
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
    readonly activeElement: { readonly id: string } | null;
    readonly documentElement: { readonly scrollWidth: number };
  };
  readonly innerWidth: number;
}
const WITHIN = 2_000; // the page shows a change this soon after the API answered
// What Chromium itself logs while the gateway is down (the page's reconnect attempts): not the page's errors.
const OUTAGE_NOISE =
  /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|Failed to load resource/;

let database: Awaited<ReturnType<typeof freshDatabase>>;
let system: System;
let replica: RunningService; // a second gateway: the API while the page's gateway is down
let browser: Browser;
let page: Page;
let pageOrigin: string;
const consoleErrors: string[] = [];
const logs = logCollector();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  database = await freshDatabase(process.env['DATABASE_URL']!);
  const config = testConfig({ DATABASE_URL: database.url, ADMIN_DIR: await builtAdminPage() });
  system = await startSystem(config, { logDestination: logs.stream });
  replica = await startGateway({
    config: {
      ...config.gateway,
      subgraphUrls: {
        ticketing: system.urls.ticketing,
        totalling: system.urls.totalling,
        center: system.urls.center,
      },
    },
    logger: createLogger('gateway', 'warn', logs.stream),
    metrics: createMetricsRegistry('gateway'),
  });
  pageOrigin = new URL(system.urls.gateway).origin;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await replica?.stop();
  await system?.stop();
  await database?.drop();
});

const alice = () => signedIn('alice');
const change = (id: string, status: string) =>
  page.locator(`#feed button.change[data-ticket-id="${id}"][data-status="${status}"]`);
const indicatorState = () => page.locator('#connection').getAttribute('data-state');

/** The status changes each ticket bought once the page was live went through: the feed must hold each once. */
const madeWhileLive = new Map<string, string[]>();

async function track(ticket: Promise<TicketData>): Promise<TicketData> {
  const bought = await ticket;
  madeWhileLive.set(bought.id, ['PENDING', 'APPROVED']);
  return bought;
}

async function buy(api: string, teamCode: string, betCredit: number): Promise<TicketData> {
  const { data, errors } = await graphql<{ buyTicket: { ticket: TicketData } }>(
    api,
    BUY,
    { input: { teamCode, betCredit } },
    await alice(),
  );
  expect(errors).toBeUndefined();
  return data!.buyTicket.ticket;
}

async function cancel(api: string, ticketId: string) {
  const { errors } = await graphql(api, CANCEL, { input: { ticketId } }, await alice());
  expect(errors).toBeUndefined();
  madeWhileLive.get(ticketId)?.push('CANCELLED');
}

async function totalOf(api: string, teamCode: string) {
  const { data } = await graphql<{
    teamTotals: { teamCode: string; totalCredit: number; ticketCount: number }[];
  }>(api, TOTALS, {}, await signedIn('root', 'admin'));
  return data!.teamTotals.find((total) => total.teamCode === teamCode)!;
}

/** Waits until the chart's bar for the team shows the API's totals. */
async function chartShows(
  teamCode: string,
  expected: { totalCredit: number; ticketCount: number },
  timeout = WITHIN,
) {
  await page.waitForFunction(
    ([team, credit, count]) => {
      const bar = (globalThis as unknown as InPage).document.querySelector(
        `#totals-chart .bar[data-team="${team}"]`,
      );
      return (
        bar?.getAttribute('data-total-credit') === String(credit) &&
        bar.getAttribute('data-ticket-count') === String(count)
      );
    },
    [teamCode, expected.totalCredit, expected.ticketCount] as const,
    { timeout },
  );
}

describe('the admin live board in headless Chromium', () => {
  it('refuses a buyer token at sign-in, and a forged admin token at the gateway', async () => {
    await page.goto(`${pageOrigin}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/');
    const buyerToken = (await alice()).authorization.slice('Bearer '.length);
    await page.fill('#token', buyerToken);
    await page.click('#sign-in button[type=submit]');
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('admin role');
    // Looks like an admin's (the page cannot check signatures), signed by no key the gateway trusts.
    const header = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');
    const claims = Buffer.from(
      JSON.stringify({ sub: 'mallory', scope: 'admin', exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url');
    await page.fill('#token', `${header}.${claims}.c2lnbmF0dXJl`);
    await page.click('#sign-in button[type=submit]');
    await expect
      .poll(() => page.textContent('#sign-in-error'), { timeout: 10_000 })
      .toContain('refused');
    expect(await page.isVisible('#board')).toBe(false);
    // Chromium logs the refused requests themselves; nothing else may appear.
    expect(consoleErrors.filter((text) => !/status of 401/.test(text))).toEqual([]);
    consoleErrors.length = 0;
  });

  it('signs in by keyboard and shows each status change and the new totals within 2 s', async () => {
    const adminToken = (await signedIn('root', 'admin')).authorization.slice('Bearer '.length);
    await page.focus('#token');
    await page.keyboard.insertText(adminToken);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    await chartShows('KT', await totalOf(system.urls.gateway, 'KT'), 10_000);

    await page.locator('#feed[data-following="true"]').waitFor({ timeout: 10_000 });
    const bought = await track(buy(system.urls.gateway, 'KT', 1_234));
    await change(bought.id, 'PENDING').waitFor({ state: 'attached', timeout: WITHIN });
    await change(bought.id, 'APPROVED').waitFor({ state: 'attached', timeout: WITHIN });
    await chartShows('KT', await totalOf(system.urls.gateway, 'KT'));
    const row = page.locator(`#feed button.change[data-ticket-id="${bought.id}"]`).first();
    await expect.poll(() => row.textContent()).toContain('1,234 cr');

    const before = await totalOf(system.urls.gateway, 'KT');
    await cancel(system.urls.gateway, bought.id);
    await change(bought.id, 'CANCELLED').waitFor({ state: 'attached', timeout: WITHIN });
    await chartShows('KT', {
      totalCredit: before.totalCredit - 1_234,
      ticketCount: before.ticketCount - 1,
    });
    // Newest first: the cancellation heads the feed.
    expect(await page.locator('#feed button.change').first().getAttribute('data-status')).toBe(
      'CANCELLED',
    );
    expect(consoleErrors).toEqual([]);
  });

  it('opens a ticket from the feed by keyboard: status, totalling record and history in one panel', async () => {
    const cancelled = page.locator('#feed button.change[data-status="CANCELLED"]').first();
    const id = (await cancelled.getAttribute('data-ticket-id'))!;
    await cancelled.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('#ticket-detail');
    await expect.poll(() => panel.locator('[data-field="status"]').textContent()).toBe('CANCELLED');
    expect(await panel.locator('.ticket-id').textContent()).toBe(id);
    expect(await panel.locator('[data-field="counted"]').textContent()).toMatch(
      /^not counted.*reversed/,
    );
    expect(
      await panel
        .locator('.history li')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-event-type'))),
    ).toEqual(['TicketPurchased', 'TicketApproved', 'TicketCancelled']);
    expect(
      await page.evaluate(() => (globalThis as unknown as InPage).document.activeElement?.id),
    ).toBe('ticket-heading');
  });

  it('filters the feed by team and by status', async () => {
    const aa = await track(buy(system.urls.gateway, 'AA', 50));
    await change(aa.id, 'APPROVED').waitFor({ state: 'attached', timeout: WITHIN });
    // A keyboard user's place in the feed survives a new change arriving (the list is drawn again).
    const first = page.locator('#feed button.change').first();
    const focusedCursor = await first.getAttribute('data-cursor');
    await first.focus();
    const next = await track(buy(system.urls.gateway, 'AA', 51));
    await change(next.id, 'APPROVED').waitFor({ state: 'attached', timeout: WITHIN });
    expect(
      await page.evaluate(
        () =>
          (
            globalThis as unknown as {
              document: { activeElement: { dataset: Record<string, string> } };
            }
          ).document.activeElement.dataset['cursor'],
      ),
    ).toBe(focusedCursor);
    await page.selectOption('#filter-team', 'AA');
    const teams = await page.locator('#feed button.change .team').allTextContents();
    expect(teams.length).toBeGreaterThan(0);
    expect(new Set(teams)).toEqual(new Set(['AA']));
    await page.selectOption('#filter-status', 'CANCELLED');
    expect(await page.locator('#feed li.empty').textContent()).toContain('No change matches');
    await page.selectOption('#filter-team', '');
    const statuses = await page
      .locator('#feed button.change')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['CANCELLED']));
    await page.selectOption('#filter-status', '');
  });

  it('shows reconnecting while its gateway is down, then every change that happened meanwhile, once', async () => {
    await system.gateway.stop();
    await expect.poll(indicatorState, { timeout: 10_000 }).toMatch(/reconnecting|offline/);
    const away = [
      await track(buy(replica.url + '/graphql', 'SS', 11)),
      await track(buy(replica.url + '/graphql', 'SS', 22)),
      await track(buy(replica.url + '/graphql', 'LG', 33)),
    ];
    await cancel(replica.url + '/graphql', away[1]!.id);
    await eventually(
      async () => expect((await totalOf(replica.url + '/graphql', 'LG')).ticketCount).toBe(1),
      10_000,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'admin-board-reconnecting.png') });
    await system.gateway.start();
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 10_000 });
    for (const ticket of away)
      await change(ticket.id, 'APPROVED').waitFor({ state: 'attached', timeout: 5_000 });
    await change(away[1]!.id, 'CANCELLED').waitFor({ state: 'attached', timeout: 5_000 });
    // Every change since the page went live, before, during and after the outage: each exactly once, in order.
    for (const [id, statuses] of madeWhileLive) {
      const shown = await page
        .locator(`#feed button.change[data-ticket-id="${id}"]`)
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-status')));
      expect(shown.reverse(), id).toEqual(statuses);
    }
    await chartShows('SS', await totalOf(system.urls.gateway, 'SS'));
    await chartShows('LG', await totalOf(system.urls.gateway, 'LG'));
    expect(consoleErrors.filter((text) => !OUTAGE_NOISE.test(text))).toEqual([]);
  });

  it('misses nothing when its gateway goes away before the first change: it follows from a cursor of the log', async () => {
    await page.click('#sign-out');
    await page.fill(
      '#token',
      (await signedIn('root', 'admin')).authorization.slice('Bearer '.length),
    );
    await page.click('#sign-in button[type=submit]');
    await page.locator('#feed[data-following="true"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#feed button.change').count()).toBe(0); // a new session starts empty
    await system.gateway.stop();
    await expect.poll(indicatorState, { timeout: 10_000 }).toMatch(/reconnecting|offline/);
    const meanwhile = await buy(replica.url + '/graphql', 'KT', 77);
    await system.gateway.start();
    await change(meanwhile.id, 'APPROVED').waitFor({ state: 'attached', timeout: 10_000 });
    expect(await change(meanwhile.id, 'PENDING').count()).toBe(1);
  });

  it('stays readable at 1280x800 and at phone width: nothing wider than the screen', async () => {
    for (const [name, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      const overflow = await page.evaluate(() => {
        const { document, innerWidth } = globalThis as unknown as InPage;
        return document.documentElement.scrollWidth - innerWidth;
      });
      expect(overflow, name).toBeLessThanOrEqual(0);
      for (const region of ['#feed', '#totals-chart', '#ticket-detail'])
        expect(await page.locator(region).isVisible(), `${name} ${region}`).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, `admin-board-${name}.png`), fullPage: true });
    }
    expect(consoleErrors.filter((text) => !OUTAGE_NOISE.test(text))).toEqual([]);
  });
});
