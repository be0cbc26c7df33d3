// The admin in Chromium, as an operator uses it: logs in with the token, adds an alias to a
// watched village, sees the stored item it would match in the preview, saves; the YAML file
// holds the alias and, after the reload, the item is matched in the database. An edit with a
// problem writes nothing. Screenshots land in test-results/screenshots.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { hasChromium, launchChromium, SCREENSHOTS } from '../helpers/browser.js';
import { ADMIN_TOKEN, startAdminStack, type AdminStack } from './admin-stack.js';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// Written for the test: a village of the watchlist under a spelling the watchlist lacks.
const GWARI_FEED = (link: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Radio Locale</title><link>${link}</link><description>x</description>
<item><title>Attack on Gwari</title><link>${link}gwari</link><guid>gwari-1</guid><pubDate>Thu, 26 Nov 2026 20:00:00 +0000</pubDate>
<description>Gunmen attacked Gwari, in the Bankass cercle, on Thursday, killing 6 villagers.</description></item>
</channel></rss>`;

describe.skipIf(!hasChromium)('the admin in Chromium', () => {
  let stack: AdminStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startAdminStack([{ name: 'Local radio', path: '/local.xml', publisher: 'Radio Locale' }]);
    stack.feeds.routes.set('/local.xml', { body: GWARI_FEED(stack.feeds.url('/story/')) });
    await runPollCycle({ ...stack.vigil.cycle, baseUrl: stack.baseUrl });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const gouariMatches = async () => {
    const db = stack.vigil.app.db.prisma;
    const gouari = await db.place.findFirstOrThrow({ where: { name: 'Gouari' } });
    return db.match.count({ where: { placeId: gouari.id, item: { guid: 'gwari-1' } } });
  };

  it('logs in with the admin token, refusing a wrong one', async () => {
    await page.goto(`${stack.baseUrl}/admin`);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-login.png') });
    await page.getByLabel('Admin token').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.locator('.problem').textContent()).toBe('That token is not the admin token.');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${stack.baseUrl}/admin`);
    expect(await page.locator('h1').textContent()).toBe('Admin');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'vigil_admin');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
  });

  it('adds an alias after a preview of the item it would match; the file holds it and the item is matched after the reload', async () => {
    expect(await gouariMatches()).toBe(0);
    await page.goto(`${stack.baseUrl}/admin/watchlists`);
    await page.getByLabel('New alias of Gouari').fill('Gwari');
    await page.locator('form.add-alias', { has: page.getByLabel('New alias of Gouari') }).getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/\/preview$/);
    expect(await page.locator('h1').textContent()).toBe('Add “Gwari” to Gouari?');
    const rows = page.locator('table.preview tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Attack on Gwari');
    expect(await rows.first().locator('td').last().textContent()).toBe('yes');
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-alias-preview.png'), fullPage: true });
    // Nothing written before Save.
    expect(readFileSync(stack.watchlistFile, 'utf8')).not.toContain('Gwari');

    await page.getByRole('button', { name: 'Save the alias' }).click();
    await page.waitForURL(/\/admin\/watchlists\?saved=1$/);
    expect(await page.locator('.notice').textContent()).toBe('Saved to the file and reloaded.');
    const text = readFileSync(stack.watchlistFile, 'utf8');
    expect(text).toMatch(/- name: Gouari\n\s+kind: village\n\s+aliases: \[Gwari\]/);
    // Comments of the hand-written file are kept.
    expect(text.split('\n').filter((l) => l.trim().startsWith('#')).length).toBeGreaterThan(0);
    // One match per field: the title and the text both name it.
    expect(await gouariMatches()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-watchlists-saved.png') });
  });

  it('shows every problem of an invalid edit and writes nothing', async () => {
    const before = readFileSync(stack.watchlistFile, 'utf8');
    await page.goto(`${stack.baseUrl}/admin/watchlists`);
    // "Bankass" is already the name of another place: the loader's rules refuse it.
    await page.getByLabel('New alias of Gouari').fill('Bankass');
    await page.locator('form.add-alias', { has: page.getByLabel('New alias of Gouari') }).getByRole('button', { name: 'Preview' }).click();
    expect(await page.locator('h1').textContent()).toBe('Not saved');
    const problems = await page.locator('.problems li').allTextContents();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/central-mali\.yaml:\d+:\d+: .*Bankass/);
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-edit-problems.png'), fullPage: true });
    expect(readFileSync(stack.watchlistFile, 'utf8')).toBe(before);
  });

  it('shows the feeds, subscribers and deliveries pages', async () => {
    for (const [path, heading] of [['/admin/feeds', 'Feeds'], ['/admin/subscribers', 'Subscribers'], ['/admin/deliveries', 'Deliveries']] as const) {
      await page.goto(`${stack.baseUrl}${path}`);
      expect(await page.locator('h1').textContent()).toBe(heading);
      await page.screenshot({ path: join(SCREENSHOTS, `admin-${heading.toLowerCase()}.png`), fullPage: true });
    }
    expect(await page.locator('body').textContent()).toContain('No failed delivery.');
  });

  it('passes axe-core without serious or critical faults on every admin page', async () => {
    // A context that lets the test add axe's script; the operator's session comes along.
    const context = await browser.newContext({ bypassCSP: true });
    await context.addCookies(await page.context().cookies());
    for (const path of ['/admin/watchlists', '/admin/feeds', '/admin/subscribers', '/admin/deliveries']) {
      const checked = await context.newPage();
      await checked.goto(`${stack.baseUrl}${path}`);
      expect(await checked.locator('h1').count(), path).toBe(1);
      await checked.addScriptTag({ path: AXE_SOURCE });
      const violations = await checked.evaluate<string[]>(
        `axe.run().then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ' (' + v.nodes.length + ')'))`,
      );
      expect(violations, path).toEqual([]);
      await checked.close();
    }
    await context.close();
  });
});
