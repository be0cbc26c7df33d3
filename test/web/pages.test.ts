// The web app in a real browser: the alert list shows what a poll found, text from feeds never
// becomes markup or script, and the unsubscribe link of a received email works by its button.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.js';
import { cycleDeps, prepareCatalog, runPollCycle } from '../../src/cycle.js';
import { silentLogger } from '../../src/log.js';
import { createMailer, upsertSubscription, type Mailer } from '../../src/notify/index.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { buildWebApp, type WebApp } from '../../src/web/index.js';
import { hasChromium, launchChromium, SCREENSHOTS } from '../helpers/browser.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startFeedServer, startMailCatcher, type FeedServer, type MailCatcher } from '../helpers/servers.js';

// Written for the test: an item about a watched village whose title, text and link carry
// markup and script, as a compromised or careless feed might.
const HOSTILE_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example</link><description>x</description>
<item>
  <title>Ogota: gunmen attack &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &lt;img src=x onerror=alert(2)&gt;</title>
  <link>javascript:alert(3)</link>
  <guid>hostile-1</guid>
  <pubDate>Wed, 25 Nov 2026 10:00:00 +0000</pubDate>
  <description>&lt;p&gt;Gunmen attacked Ogota, in the cercle de Bankass.&lt;img src=x onerror="alert(4)"&gt;&lt;script&gt;alert(5)&lt;/script&gt;&lt;/p&gt;</description>
</item>
</channel></rss>`;

describe.skipIf(!hasChromium)('the web app in Chromium', () => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let mail: MailCatcher;
  let app: App;
  let web: WebApp;
  let mailer: Mailer;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('embedded');
    feeds = await startFeedServer({
      '/hrw.atom': { body: readFileSync(join(import.meta.dirname, '../fixtures/feeds/hrw-mali.atom.xml'), 'utf8'), contentType: 'application/atom+xml' },
      '/hostile.xml': { body: HOSTILE_FEED },
    });
    mail = await startMailCatcher();
    const configPath = writeTestConfig({
      dir: db.dataDir,
      smtpUrl: mail.url,
      feeds: [
        { name: 'HRW — Mali', url: feeds.url('/hrw.atom'), publisher: 'Human Rights Watch' },
        { name: 'Hostile', url: feeds.url('/hostile.xml'), publisher: 'Hostile <b>Publisher</b>' },
      ],
    });
    app = await openApp({ configPath, env: {}, log: silentLogger(), migrations: 'apply' });
    web = buildWebApp({ db: app.db.prisma, log: app.log, templates: app.templates, templatesDir: TEMPLATES_DIR, now: app.now });
    baseUrl = (await web.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    const catalog = await prepareCatalog(app.db.prisma, app.config);
    const watchlistId = catalog.watchlists[0]?.id ?? -1;
    await upsertSubscription(app.db.prisma, { email: 'officer@ngo.example', watchlistId, minLevel: 'serious-concern', confirmed: true, now: new Date() });
    mailer = createMailer(app.config.mail);
    await runPollCycle({ ...cycleDeps(app, catalog, mailer.send), baseUrl });
    await mail.waitFor(2);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    mailer?.close();
    await web?.close();
    await app?.close();
    await Promise.all([feeds?.close(), mail?.close()]);
    await db?.drop();
  });

  it('lists the alerts newest first, each with its level, places, reasons and source links', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${baseUrl}/alerts`);
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
    await page.goto(`${baseUrl}/alerts`);
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
    const received = mail.messages.find((m: ParsedMail) => m.subject?.includes('Ogossagou')) as ParsedMail;
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
    const received = mail.messages.find((m: ParsedMail) => m.subject?.includes('Ogossagou')) as ParsedMail;
    const link = /Unsubscribe: (\S+)/.exec(received.text ?? '')?.[1] ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\//);

    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Unsubscribe');
    const subscription = async () => app.db.prisma.subscription.findFirstOrThrow({ where: { subscriber: { email: 'officer@ngo.example' } } });
    expect((await subscription()).unsubscribedAt).toBeNull();
    await page.screenshot({ path: join(SCREENSHOTS, 'unsubscribe.png') });

    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.waitForURL(link);
    expect(await page.locator('h1').textContent()).toBe('Unsubscribed');
    expect((await subscription()).unsubscribedAt).toBeInstanceOf(Date);
    await page.close();
  });
});
