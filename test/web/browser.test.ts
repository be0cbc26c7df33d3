// The history in Chromium as a reader uses it: filter by level and place with the form, open an
// event, follow a source link; hostile feed text inert on every page and in the Atom feed (CAP
// downloads in a browser; test/web/history.test.ts checks its text); axe-core finds no serious
// accessibility fault. Screenshots land in test-results/screenshots to be looked at.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, SCREENSHOTS } from '../helpers/browser.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { WEB_FEEDS, pollWebFeeds } from './fixtures.js';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe.skipIf(!hasChromium)('the alert history in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  const dialogs: string[] = [];
  const watch = (page: Page) => {
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    return page;
  };

  beforeAll(async () => {
    stack = await startStack(process.env.DATABASE_URL ? 'postgres' : 'embedded', WEB_FEEDS, {});
    await pollWebFeeds(stack);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('filters by level and place with the form, opens the event, and follows a source link', async () => {
    const page = watch(await browser.newPage());
    await page.goto(`${stack.baseUrl}/alerts`);
    await page.getByLabel('Level').selectOption('current-crisis');
    await page.getByRole('button', { name: 'Show alerts' }).click();
    await page.waitForURL(/level=current-crisis/);
    const badges = await page.locator('li.alert .badge').allTextContents();
    expect(badges.length).toBeGreaterThan(1);
    expect(new Set(badges)).toEqual(new Set(['Current crisis']));

    await page.getByLabel('Place').selectOption({ label: 'Bankass (town)' });
    await page.getByRole('button', { name: 'Show alerts' }).click();
    await page.waitForURL(/place=\d+/);
    expect(await page.locator('li.alert h2').allTextContents()).toEqual(['Bankass — killing, attack, displacement: 14 killed']);
    await page.screenshot({ path: join(SCREENSHOTS, 'history-filtered.png'), fullPage: true });

    // The URL is the permalink: opened afresh, it shows the same.
    const again = watch(await browser.newPage());
    await again.goto(page.url());
    expect(await again.locator('li.alert h2').allTextContents()).toEqual(['Bankass — killing, attack, displacement: 14 killed']);
    await again.close();

    await page.getByRole('link', { name: 'Bankass — killing, attack, displacement: 14 killed' }).click();
    await page.waitForURL(/\/alerts\/\d+$/);
    expect(await page.locator('h1').textContent()).toBe('Bankass — killing, attack, displacement: 14 killed');
    expect(await page.locator('.evidence mark').first().textContent()).toBe('Bankass');
    await page.screenshot({ path: join(SCREENSHOTS, 'event.png'), fullPage: true });

    await page.locator('.source-list a').first().click();
    await page.waitForURL(/\/story\/bankass-1$/);
    expect(await page.title()).toBe('Radio Locale — Bankass');
    await page.close();
  });

  it('shows the place page with its chart and the map with its marks', async () => {
    const page = watch(await browser.newPage());
    await page.goto(`${stack.baseUrl}/map`);
    const bankass = page.locator('svg a.place').filter({ hasText: 'Bankass' });
    expect(await bankass.getAttribute('class')).toBe('place level-current-crisis');
    await page.screenshot({ path: join(SCREENSHOTS, 'map.png'), fullPage: true });
    await page.locator('.map-list a', { hasText: 'Bankass' }).click();
    await page.waitForURL(/\/places\/\d+$/);
    expect(await page.locator('h1').textContent()).toBe('Bankass');
    await page.goto(`${stack.baseUrl}/places/${(await stack.app.db.prisma.place.findFirstOrThrow({ where: { name: 'Bankass cercle' } })).id}`);
    expect(await page.locator('figure.chart svg rect').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'place.png'), fullPage: true });
    await page.close();
  });

  it('keeps hostile feed text inert on every page: no script, no handler, no javascript: link, no dialog', async () => {
    const ogota = await stack.app.db.prisma.alert.findFirstOrThrow({ where: { places: { some: { place: { name: 'Ogota' } } } } });
    const ogotaPlace = await stack.app.db.prisma.place.findFirstOrThrow({ where: { name: 'Ogota' } });
    for (const path of ['/alerts', `/alerts/${ogota.id}`, `/places/${ogotaPlace.id}`, '/map', '/alerts.atom']) {
      const page = watch(await browser.newPage());
      await page.goto(`${stack.baseUrl}${path}`);
      expect(await page.locator('script').count(), path).toBe(0);
      expect(await page.locator('img').count(), path).toBe(0);
      expect(await page.locator('a[href^="javascript:" i]').count(), path).toBe(0);
      // Scripts for the page are strings: the test's TypeScript has no DOM types.
      const handlers = await page.evaluate<string[]>(`[...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name).filter((n) => n.startsWith('on')))`);
      expect(handlers, path).toEqual([]);
      if (path === `/alerts/${ogota.id}`) {
        expect(await page.locator('.source-list').textContent()).toContain('<script>alert(1)</script>');
        await page.screenshot({ path: join(SCREENSHOTS, 'event-hostile.png'), fullPage: true });
      }
      await page.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dialogs).toEqual([]);
  });

  it('passes axe-core without serious or critical faults, and reads on a phone', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const bankass = await stack.app.db.prisma.alert.findFirstOrThrow({ where: { places: { some: { place: { name: 'Bankass' } } } } });
    const place = await stack.app.db.prisma.place.findFirstOrThrow({ where: { name: 'Bankass cercle' } });
    for (const [path, name] of [['/alerts', 'phone-alerts'], [`/alerts/${bankass.id}`, 'phone-event'], [`/places/${place.id}`, 'phone-place'], ['/map', 'phone-map'], ['/nowhere', 'phone-404']] as const) {
      const page = await context.newPage();
      await page.goto(`${stack.baseUrl}${path}`);
      await page.addScriptTag({ path: AXE_SOURCE });
      const violations = await page.evaluate<string[]>(
        `axe.run().then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ' (' + v.nodes.length + ')'))`,
      );
      expect(violations, path).toEqual([]);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
      await page.close();
    }
    await context.close();
  });
});
