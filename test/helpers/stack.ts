// A whole Vigil for a test file, on real parts: a fresh database (embedded or PostgreSQL), feeds
// served over HTTP, a mail catcher on SMTP, the app opened on a config naming them, the web app
// listening on a free port, and the cycle's dependencies with links pointing at it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type App } from '../../src/app.js';
import { cycleDeps, prepareCatalog, type CycleDeps } from '../../src/cycle.js';
import { silentLogger } from '../../src/log.js';
import { createMailer, upsertSubscription, type Mailer } from '../../src/notify/index.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import type { AlertLevel } from '../../src/risk/index.js';
import { buildWebApp, type WebApp } from '../../src/web/index.js';
import { writeTestConfig } from './config.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './db.js';
import { startFeedServer, startMailCatcher, type FeedServer, type MailCatcher, type MailCatcherOptions, type Route } from './servers.js';

/** A feed file of test/fixtures/feeds. */
export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, '../fixtures/feeds', name), 'utf8');
}

export interface StackFeed {
  name: string;
  publisher: string;
  /** Path on the feed server; served only if `routes` has it (a feed may start missing). */
  path: string;
}

export interface Stack {
  db: TestDatabase;
  feeds: FeedServer;
  mail: MailCatcher;
  app: App;
  web: WebApp;
  baseUrl: string;
  deps: CycleDeps;
  /** Subscribes an address to the central-Mali watchlist; returns the subscriber id. */
  subscribe(email: string, minLevel: AlertLevel, confirmed: boolean): Promise<number>;
  close(): Promise<void>;
}

export async function startStack(kind: DatabaseKind, feeds: StackFeed[], routes: Record<string, Route>, mailOptions: MailCatcherOptions = {}): Promise<Stack> {
  const db = await createTestDatabase(kind);
  const server = await startFeedServer(routes);
  const mail = await startMailCatcher(mailOptions);
  const configPath = writeTestConfig({
    dir: db.dataDir,
    smtpUrl: mail.url,
    feeds: feeds.map((f) => ({ name: f.name, url: server.url(f.path), publisher: f.publisher })),
  });
  const app = await openApp({ configPath, env: db.url ? { DATABASE_URL: db.url } : {}, log: silentLogger(), migrations: 'apply' });
  const web = buildWebApp({ db: app.db.prisma, log: app.log, templates: app.templates, templatesDir: TEMPLATES_DIR, now: app.now });
  const baseUrl = (await web.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  const catalog = await prepareCatalog(app);
  const mailer: Mailer = createMailer(app.config.mail);
  const watchlistId = catalog.watchlists.find((w) => w.slug === 'central-mali')?.id ?? -1;
  return {
    db,
    feeds: server,
    mail,
    app,
    web,
    baseUrl,
    deps: { ...cycleDeps(app, catalog, mailer.send), baseUrl },
    subscribe: async (email, minLevel, confirmed) =>
      (await upsertSubscription(app.db.prisma, { email, watchlistId, minLevel, confirmed, now: new Date() })).subscriberId,
    close: async () => {
      mailer.close();
      await web.close();
      await app.close();
      await Promise.all([server.close(), mail.close()]);
      await db.drop();
    },
  };
}
