/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { startFakeClockStack } from '../helpers/start-fake-clock-stack.ts';
import { artifactsDir, launchChromium, noBrowser } from './launch-chromium.ts';

type FakeClockStack = Awaited<ReturnType<typeof startFakeClockStack>>;

const secrets = ['sk-primary-secret', 'sk-backup-secret', 'admin-key'];
const privateErrorText = 'trace 7f3a: upstream pool db-internal-7 exhausted';

/** Statuspage v2 summary.json (reference/monitoring-anchors.md §2b). */
const componentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  components: z.array(z.string()).optional(),
});
const updateSchema = z.object({
  id: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
  body: z.string(),
  incident_id: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  display_at: z.iso.datetime(),
});
const summarySchema = z.object({
  page: z.object({
    id: z.string(),
    name: z.string(),
    url: z.url(),
    time_zone: z.string(),
    updated_at: z.iso.datetime(),
  }),
  status: z.object({
    indicator: z.enum(['none', 'minor', 'major', 'critical']),
    description: z.string().min(1),
  }),
  components: z.array(componentSchema),
  incidents: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
      impact: z.enum(['none', 'minor', 'major', 'critical']),
      created_at: z.iso.datetime(),
      updated_at: z.iso.datetime(),
      started_at: z.iso.datetime(),
      monitoring_at: z.iso.datetime().nullable(),
      resolved_at: z.iso.datetime().nullable(),
      shortlink: z.string(),
      page_id: z.string(),
      incident_updates: z.array(updateSchema).min(1),
    }),
  ),
  scheduled_maintenances: z.array(z.unknown()),
});

/** Opens the dashboard, signing in through the form unless the context already has a session. */
async function signIn(page: Page, url: string): Promise<void> {
  const answer = await page.goto(url);
  if (answer?.status() === 401) {
    await page.getByLabel('Admin key').fill('admin-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.locator('[data-provider="primary"]').waitFor({ timeout: 15_000 });
}

describe('the dashboard and the status page in Chromium', { skip: noBrowser }, () => {
  let env: FakeClockStack;
  let context: BrowserContext;

  before(async () => {
    // The fake clock starts a little before the browser's clock, so durations on the page read naturally.
    env = await startFakeClockStack({ startMs: Date.now() - 120_000 });
    context = await launchChromium({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await context?.close();
    await env?.stack.close();
  });

  test('the dashboard loads with the admin key (login form or Bearer header) and refuses without it', async () => {
    const page = await context.newPage();
    const scripts: Buffer[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') void response.body().then((body) => scripts.push(body));
    });
    const refused = await page.goto(env.stack.url);
    assert.equal(refused?.status(), 401);
    assert.equal(await page.locator('[data-provider]').count(), 0, 'no dashboard without the key');
    const api = await page.request.get(`${env.stack.url}/admin/api/health`);
    assert.equal(api.status(), 401);

    await page.getByLabel('Admin key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That is not the admin key.').waitFor();
    assert.equal(await page.locator('[data-provider]').count(), 0);

    await signIn(page, env.stack.url);
    const cookie = (await context.cookies()).find((entry) => entry.name === 'outlast_session');
    assert.ok(cookie, 'a session cookie');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.ok(!cookie.value.includes('admin-key') && cookie.value.length >= 40, 'a random id, never the key');
    assert.equal(await page.evaluate(() => document.cookie), '', 'the page script cannot read the cookie');
    await page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    const gzipped = scripts.reduce((sum, body) => sum + gzipSync(body).length, 0);
    assert.ok(scripts.length > 0, 'scripts were loaded');
    assert.ok(gzipped < 200 * 1024, `first-load JavaScript is ${gzipped} bytes gzipped`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin key').waitFor();
    const afterLogout = await page.request.get(`${env.stack.url}/admin/api/health`, {
      headers: { cookie: `outlast_session=${cookie.value}` },
    });
    assert.equal(afterLogout.status(), 401, 'the session ended with the logout');
    await page.close();

    const withHeader = await launchChromium({ extraHTTPHeaders: { authorization: 'Bearer admin-key' } });
    try {
      const headerPage = await withHeader.newPage();
      const loaded = await headerPage.goto(env.stack.url);
      assert.equal(loaded?.status(), 200);
      await headerPage.locator('[data-provider="primary"]').waitFor({ timeout: 15_000 });
    } finally {
      await withHeader.close();
    }
  });

  test('a simulator fault turns the tile to an outage and shows a new incident within 10 s without a reload; recovery shows too', async () => {
    const page = await context.newPage();
    await signIn(page, env.stack.url);
    await page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    await env.run(6);
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const tileState = page.locator('[data-provider="primary"] .tile-head .badge');
    await page.waitForFunction(
      () => document.querySelector('[data-provider="primary"] .tile-head .badge')?.textContent?.includes('Operational'),
      undefined,
      { timeout: 10_000 },
    );

    env.stack.simulator.setFaults([
      { match: { model: 'gpt-primary' }, fault: 'error', status: 503, message: privateErrorText },
    ]);
    await env.run(30, 2, () => env.monitor.incidents({ status: 'open' }).length > 0);
    const shownAt = Date.now();
    await page.waitForFunction(
      () => /outage/i.test(document.querySelector('[data-provider="primary"] .tile-head .badge')?.textContent ?? ''),
      undefined,
      { timeout: 10_000 },
    );
    await page.locator('[data-incident]', { hasText: 'Open' }).first().waitFor({ timeout: 10_000 });
    assert.ok(Date.now() - shownAt < 10_000);
    await page
      .locator('.feed li', { hasText: /requests? moved from primary\/gpt-primary to backup\/gpt-backup/ })
      .first()
      .waitFor({ timeout: 10_000 });
    assert.match((await tileState.textContent()) ?? '', /[✕◆] (Major|Partial) outage/, 'an icon and words, not colour');
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
    await page.screenshot({ path: join(artifactsDir, 'dashboard-outage.png'), fullPage: true });
    if (process.env.OUTLAST_UPDATE_SCREENSHOT === '1') {
      await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'dashboard.png') });
    }

    // The public page during the outage: no key needed, nothing secret.
    const visitor = await launchChromium();
    try {
      const statusPage = await visitor.newPage();
      const answer = await statusPage.goto(`${env.stack.url}/status`);
      assert.equal(answer?.status(), 200);
      await statusPage.getByText('Current incidents').waitFor();
      const html = await statusPage.content();
      assert.match(html, /outage on primary/i);
      assert.match(html, /investigating/);
      assert.match(html, /href="\/status\/feed\.atom"/);
      assert.match(html, /href="\/status\/feed\.rss"/);
      const json = await (await statusPage.request.get(`${env.stack.url}/status.json`)).text();
      for (const text of [html, json]) {
        for (const secret of [...secrets, privateErrorText, env.stack.simUrl, 'db-internal']) {
          assert.ok(!text.includes(secret), `the public status shows no secret (${secret})`);
        }
      }
      const summary = summarySchema.parse(JSON.parse(json));
      assert.notEqual(summary.status.indicator, 'none');
      assert.ok(summary.incidents.some((incident) => incident.name.includes('primary')));
      assert.ok(summary.components.some((component) => component.name === 'gpt-primary' && component.group_id));
      await statusPage.screenshot({ path: join(artifactsDir, 'status-outage.png'), fullPage: true });
    } finally {
      await visitor.close();
    }

    env.stack.simulator.clearFaults();
    const incident = env.monitor.incidents({ status: 'open' }).find((entry) => entry.parentId === undefined)!;
    await env.run(120, 2, () => env.monitor.incident(incident.id)?.status === 'resolved');
    assert.equal(env.monitor.incident(incident.id)?.status, 'resolved');
    await page.waitForFunction(
      () => document.querySelector('[data-provider="primary"] .tile-head .badge')?.textContent?.includes('Operational'),
      undefined,
      { timeout: 10_000 },
    );
    await page.locator(`[data-incident="${incident.id}"]`, { hasText: 'Resolved' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
    await page.screenshot({ path: join(artifactsDir, 'dashboard-recovered.png'), fullPage: true });
    await page.close();
  });

  test('every control has a label, states carry words or icons, and the keyboard reaches and works the controls', async () => {
    const page = await context.newPage();
    await signIn(page, env.stack.url);
    await page.locator('[data-connection="live"]').waitFor({ timeout: 15_000 });
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, a[href], summary')]
        .filter((element) => {
          const aria = element.getAttribute('aria-label') ?? '';
          const labels = (element as HTMLInputElement).labels;
          const text = element.textContent?.trim() ?? '';
          return aria.trim() === '' && (labels === null || labels === undefined || labels.length === 0) && text === '';
        })
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unlabelled, [], 'controls without a label');
    const colourOnly = await page.evaluate(() =>
      [...document.querySelectorAll('[class*="state-"]')]
        .filter((element) => !element.classList.contains('tile') && (element.textContent?.trim() ?? '') === '')
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(colourOnly, [], 'states told by colour alone');

    // Tab through the page: every kind of control is reachable, in order, and works with Enter and Space.
    await page.locator('body').focus();
    const reached: string[] = [];
    for (let step = 0; step < 60; step++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const active = document.activeElement;
          return `${active?.tagName.toLowerCase()}:${active?.getAttribute('aria-label') ?? active?.textContent?.trim().slice(0, 40)}`;
        }),
      );
      if (reached.at(-1)?.startsWith('button:Theme')) break;
    }
    assert.ok(reached.includes('a:Public status page'), reached.join(' | '));
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
    const themeChange = (from: string) =>
      page.waitForFunction((previous) => (document.documentElement.dataset.theme ?? 'system') !== previous, from, {
        timeout: 5000,
      });
    const themeBefore = await theme();
    await page.keyboard.press('Enter');
    await themeChange(themeBefore);
    const themeAfterEnter = await theme();
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /^Theme/);
    await page.keyboard.press(' ');
    await themeChange(themeAfterEnter);
    const themeAfterSpace = await theme();
    await page.screenshot({ path: join(artifactsDir, `dashboard-${themeAfterSpace}.png`), fullPage: true });

    for (let step = 0; step < 40; step++) {
      await page.keyboard.press('Tab');
      const name = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (name.startsWith('Charts for backup/')) break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Charts: backup/gpt-backup' }).waitFor({ timeout: 5000 });
    const chartsButton = page.getByRole('button', { name: 'Charts for backup/gpt-backup' });
    assert.equal(await chartsButton.getAttribute('aria-pressed'), 'true');

    const summary = page.locator('[data-incident] summary').first();
    await summary.focus();
    const wasOpen = await page
      .locator('[data-incident]')
      .first()
      .evaluate((element) => (element as HTMLDetailsElement).open);
    await page.keyboard.press('Enter');
    const isOpen = await page
      .locator('[data-incident]')
      .first()
      .evaluate((element) => (element as HTMLDetailsElement).open);
    assert.notEqual(isOpen, wasOpen, 'Enter opens and closes an incident');
    await page.close();
  });

  test('the dashboard fits a phone screen and the login works from the keyboard', async () => {
    const phone = await launchChromium({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await phone.newPage();
      await page.goto(env.stack.url);
      for (let step = 0; step < 5 && (await page.evaluate(() => document.activeElement?.id)) !== 'admin-key'; step++) {
        await page.keyboard.press('Tab');
      }
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'admin-key');
      await page.keyboard.type('admin-key');
      await page.keyboard.press('Enter');
      await page.locator('[data-provider="primary"]').waitFor({ timeout: 15_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow} px too wide)`);
      await page.screenshot({ path: join(artifactsDir, 'dashboard-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
