// The walking skeleton end to end: feeds served over HTTP on 127.0.0.1 → poll → items,
// matches, alert → one email per confirmed subscriber through a real SMTP server → the
// one-click unsubscribe link in that email works → a later alert reaches only those still
// subscribed. Runs on the embedded database and on PostgreSQL (DATABASE_URL).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../../src/alerts/index.js';
import { openApp, type App } from '../../src/app.js';
import { cycleDeps, prepareCatalog, runPollCycle, type CycleDeps } from '../../src/cycle.js';
import { listItems } from '../../src/feeds/index.js';
import { silentLogger } from '../../src/log.js';
import { createMailer, upsertSubscription, type Mailer } from '../../src/notify/index.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { buildWebApp, type WebApp } from '../../src/web/index.js';
import { writeTestConfig } from '../helpers/config.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/db.js';
import { startFeedServer, startMailCatcher, type FeedServer, type MailCatcher } from '../helpers/servers.js';

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, '../fixtures/feeds', name), 'utf8');

describe.each(DATABASE_KINDS)('from a feed item to an alert email, on the $kind database', ({ kind, skip }) => {
  let db: TestDatabase;
  let feeds: FeedServer;
  let mail: MailCatcher;
  let app: App;
  let web: WebApp;
  let mailer: Mailer;
  let deps: CycleDeps;
  let subscriberIds: Record<string, number>;

  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(kind);
    feeds = await startFeedServer({
      '/un-news-africa.xml': { body: fixture('un-news-africa.rss.xml') },
      '/hrw-mali.atom': { body: fixture('hrw-mali.atom.xml'), contentType: 'application/atom+xml' },
    });
    mail = await startMailCatcher();
    const configPath = writeTestConfig({
      dir: db.dataDir,
      smtpUrl: mail.url,
      feeds: [
        { name: 'UN News — Africa', url: feeds.url('/un-news-africa.xml'), publisher: 'UN News' },
        { name: 'HRW — Mali', url: feeds.url('/hrw-mali.atom'), publisher: 'Human Rights Watch' },
        { name: 'ReliefWeb — Mali', url: feeds.url('/reliefweb-mali.xml'), publisher: 'ReliefWeb' },
      ],
    });
    app = await openApp({ configPath, env: db.url ? { DATABASE_URL: db.url } : {}, log: silentLogger(), migrations: 'apply' });
    web = buildWebApp({ db: app.db.prisma, log: app.log, templates: app.templates, templatesDir: TEMPLATES_DIR, now: app.now });
    const baseUrl = (await web.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    const catalog = await prepareCatalog(app.db.prisma, app.config);
    mailer = createMailer(app.config.mail);
    deps = { ...cycleDeps(app, catalog, mailer.send), baseUrl };
    const watchlistId = catalog.watchlists.find((w) => w.slug === 'central-mali')?.id ?? -1;
    const subscribe = async (email: string, minLevel: 'serious-concern' | 'current-crisis', confirmed: boolean) =>
      (await upsertSubscription(app.db.prisma, { email, watchlistId, minLevel, confirmed, now: new Date() })).subscriberId;
    subscriberIds = {
      officer: await subscribe('officer@ngo.example', 'serious-concern', true),
      analyst: await subscribe('analyst@ngo.example', 'serious-concern', true),
      director: await subscribe('director@ngo.example', 'current-crisis', true),
      unconfirmed: await subscribe('pending@ngo.example', 'serious-concern', false),
    };
  });

  afterAll(async () => {
    if (skip) return;
    mailer?.close();
    await web?.close();
    await app?.close();
    await Promise.all([feeds?.close(), mail?.close()]);
    await db?.drop();
  });

  it.skipIf(skip)('polls both feeds, stores every item once, and raises one alert for the attack on Ogossagou', async () => {
    const report = await runPollCycle(deps);

    expect(report).toMatchObject({ feedsPolled: 3, feedsFailed: 1, newItems: 5, alertsCreated: 1, emailsQueued: 3 });
    const alerts = await listAlerts(app.db.prisma, { limit: 10 });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      level: 'current-crisis',
      places: ['Ogossagou', 'Bankass'],
      actors: ['Dozo militias'],
      killed: { min: 37, max: 37 },
      revision: 1,
      sources: [
        {
          guid: 'tag:hrw.example.org,2026:news/2026/11/26/mali-ogossagou',
          link: 'https://www.hrw.org/news/2026/11/26/mali-dozo-militia-kills-dozens-fulani-villagers-ogossagou',
          publisher: 'Human Rights Watch',
          publishedAt: '2026-11-26T07:45:00.000Z',
        },
      ],
    });
    expect(alerts[0]?.reasons.join('\n')).toContain('37 killed');

    const items = await listItems(app.db.prisma, { limit: 10 });
    const mopti = items.find((i) => i.title.startsWith('Mali: new maternity ward'));
    expect(mopti?.matches.map((m) => m.name)).toContain('Mopti');
    expect(mopti?.signals.killed).toBeNull();
    const hrw = items.find((i) => i.guid.endsWith('mali-ogossagou'));
    expect(hrw?.signals).toMatchObject({ killed: 37, displaced: 600 });
  });

  it.skipIf(skip)('sends the alert once to each confirmed subscriber whose level it reaches, never to an unconfirmed one', async () => {
    const messages = await mail.waitFor(3);
    const to = mail.recipients.map((r) => r.join(',')).sort();
    expect(to).toEqual(['analyst@ngo.example', 'director@ngo.example', 'officer@ngo.example']);

    const message = messages.find((m) => addressOf(m) === 'officer@ngo.example') as ParsedMail;
    expect(message.subject).toMatch(/^\[Vigil\] CURRENT CRISIS: Ogossagou, Bankass — /);
    expect(message.subject).toContain('37 killed');
    expect(message.text).toContain('CURRENT CRISIS');
    expect(message.text).toContain('Where: Ogossagou (Bankass cercle, Bandiagara region, Mopti region, Mali)');
    expect(message.text).toContain('Killed: 37, according to Human Rights Watch');
    expect(message.text).toContain('https://www.hrw.org/news/2026/11/26/mali-dozo-militia-kills-dozens-fulani-villagers-ogossagou');
    expect(message.text).toContain('not independently verified');
    expect(message.html).toContain('href="https://www.hrw.org/news/2026/11/26/mali-dozo-militia-kills-dozens-fulani-villagers-ogossagou"');
    expect(message.html).not.toContain('<script');
    expect(message.messageId).toMatch(new RegExp(`^<alert-\\d+\\.r1\\.s${subscriberIds.officer}@127\\.0\\.0\\.1>$`));
    expect(header(message, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header(message, 'list-id')).toContain('<central-mali.127.0.0.1>');
  });

  it.skipIf(skip)('sends nothing new when the same feeds are polled again', async () => {
    const report = await runPollCycle(deps);

    expect(report).toMatchObject({ newItems: 0, alertsCreated: 0, emailsQueued: 0, emails: { sent: 0 } });
    expect(mail.messages).toHaveLength(3);
  });

  it.skipIf(skip)('unsubscribes in one click from the List-Unsubscribe header, and a later alert skips that address', async () => {
    const officerMail = mail.messages.find((m) => addressOf(m) === 'officer@ngo.example') as ParsedMail;
    const unsubscribeUrl = /<([^>]+)>/.exec(header(officerMail, 'list-unsubscribe'))?.[1] ?? '';
    expect(unsubscribeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[\w-]{32}$/);

    const confirmPage = await fetch(unsubscribeUrl);
    expect(confirmPage.status).toBe(200);
    expect(await confirmPage.text()).toContain('<button type="submit">Unsubscribe</button>');
    // What a mail provider sends for RFC 8058 one-click: a POST with this exact body.
    const oneClick = await fetch(unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);

    feeds.routes.set('/reliefweb-mali.xml', { body: fixture('reliefweb-ouembe.rss.xml') });
    const report = await runPollCycle(deps);

    expect(report).toMatchObject({ feedsFailed: 0, newItems: 1, alertsCreated: 1, emailsQueued: 1 });
    await mail.waitFor(4);
    expect(mail.recipients[3]).toEqual(['analyst@ngo.example']);
    const second = mail.messages[3] as ParsedMail;
    expect(second.subject).toMatch(/^\[Vigil\] SERIOUS CONCERN: Ouémbé — /);
    expect(second.text).toContain('Killed: 4, according to ReliefWeb');
    expect(second.text).toContain('RECENT HISTORY (90 DAYS)');
  });
});

function addressOf(message: ParsedMail): string {
  const to = Array.isArray(message.to) ? message.to[0] : message.to;
  return to?.value[0]?.address ?? '';
}

function header(message: ParsedMail, name: string): string {
  const line = message.headerLines.find((h) => h.key === name)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).trim();
}
