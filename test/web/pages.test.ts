// The web app in a real browser: the alert list shows what a poll found, text from feeds never
// becomes markup or script, and the unsubscribe link of a received email works by its button.
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { hasChromium, launchChromium, SCREENSHOTS } from '../helpers/browser.js';
import { fixture, startStack, type Stack } from '../helpers/stack.js';

// Written for the test: an item about a watched village whose title, text and link carry
// markup and script, as a compromised or careless feed might.
const HOSTILE_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example</link><description>x</description>
<item>
  <title>Ogota: gunmen attack &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &lt;img src=x onerror=alert(2)&gt;</title>
  <link>javascript:alert(3)</link>
  <guid>hostile-1</guid>
  <pubDate>Tue, 24 Nov 2026 10:00:00 +0000</pubDate>
  <description>&lt;p&gt;Gunmen attacked Ogota, in the cercle de Bankass.&lt;img src=x onerror="alert(4)"&gt;&lt;script&gt;alert(5)&lt;/script&gt;&lt;/p&gt;</description>
</item>
</channel></rss>`;

describe.skipIf(!hasChromium)('the web app in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack(
      'embedded',
      [
        { name: 'HRW — Mali', path: '/hrw.atom', publisher: 'Human Rights Watch' },
        { name: 'Hostile', path: '/hostile.xml', publisher: 'Hostile <b>Publisher</b>' },
      ],
      { '/hrw.atom': { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' }, '/hostile.xml': { body: HOSTILE_FEED } },
    );
    await stack.subscribe('officer@ngo.example', 'serious-concern', true);
    await runPollCycle(stack.deps);
    await stack.mail.waitFor(2);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('lists the alerts newest first, each with its level, places, reasons and source links', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${stack.baseUrl}/alerts`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");

    await expect(page.locator('h1').textContent()).resolves.toBe('Alerts');
    const alerts = page.locator('li.alert');
    expect(await alerts.count()).toBe(2);
    expect(await alerts.first().locator('h2').textContent()).toMatch(/^Ogossagou/);
    const ogossagou = alerts.filter({ hasText: 'Ogossagou' });
    expect(await ogossagou.locator('.badge').textContent()).toBe('Current crisis');
    expect(await ogossagou.locator('.reasons li').first().textContent()).toContain('37 killed reported');
    expect(await ogossagou.locator('.sources a').getAttribute('href')).toBe(
      'https://www.hrw.org/news/2026/11/26/mali-dozo-militia-kills-dozens-fulani-villagers-ogossagou',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts.png'), fullPage: true });
    await page.close();
  });

  it('shows text from a hostile feed as text: no script runs, no handler or javascript: link exists', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${stack.baseUrl}/alerts`);
    const hostile = page.locator('li.alert').filter({ hasText: 'Ogota' });
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts-hostile.png'), fullPage: true });

    expect(await hostile.locator('h2').textContent()).toContain('Ogota');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('[onerror], [onload], img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await hostile.locator('.sources').textContent()).toContain('Hostile <b>Publisher</b>');
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('renders the received alert email as a mail client shows it, without script', async () => {
    const received = stack.mail.messages.find((m: ParsedMail) => m.subject?.includes('Ogossagou')) as ParsedMail;
    const page = await browser.newPage({ javaScriptEnabled: false, viewport: { width: 720, height: 900 } });
    await page.setContent(String(received.html));

    expect(await page.locator('h1').textContent()).toBe(received.subject?.replace(/^\[Vigil\] CURRENT CRISIS: /, ''));
    const body = await page.locator('body').innerText();
    for (const heading of ['CURRENT CRISIS', 'KEY FIGURES (REPORTED)', 'WHY THIS LEVEL', 'SOURCES', 'RECOMMENDED ACTIONS']) expect(body.toUpperCase()).toContain(heading);
    expect(body).toContain('Figures are reported figures, not independently verified.');
    await page.screenshot({ path: join(SCREENSHOTS, 'alert-email.png'), fullPage: true });
    await page.close();
  });

  it('unsubscribes from the link in a received email: the page asks first, the button confirms', async () => {
    const received = stack.mail.messages.find((m: ParsedMail) => m.subject?.includes('Ogossagou')) as ParsedMail;
    const link = /Unsubscribe: (\S+)/.exec(received.text ?? '')?.[1] ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\//);

    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Unsubscribe');
    const subscription = async () => stack.app.db.prisma.subscription.findFirstOrThrow({ where: { subscriber: { email: 'officer@ngo.example' } } });
    expect((await subscription()).unsubscribedAt).toBeNull();
    await page.screenshot({ path: join(SCREENSHOTS, 'unsubscribe.png') });

    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.waitForURL(link);
    expect(await page.locator('h1').textContent()).toBe('Unsubscribed');
    expect((await subscription()).unsubscribedAt).toBeInstanceOf(Date);
    await page.close();
  });
});
