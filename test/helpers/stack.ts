// A whole Vigil for a test file, on real parts: a fresh database (embedded or PostgreSQL), feeds
// served over HTTP, a mail catcher on SMTP, the app opened on a config naming them, the web app
// listening on a free port, and the cycle's dependencies with links pointing at it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../src/app.js';
import { openVigil } from '../../src/compose.js';
import type { CycleDeps } from '../../src/cycle.js';
import { silentLogger } from '../../src/log.js';
import { upsertSubscription } from '../../src/notify/index.js';
import type { AlertLevel } from '../../src/risk/index.js';
import type { WebApp } from '../../src/web/index.js';
import { writeTestConfig, type TestConfigOptions } from './config.js';
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
  /** The feed's whole URL instead, when another server serves it (an HTTPS one). */
  url?: string;
}

export interface Stack {
  db: TestDatabase;
  feeds: FeedServer;
  mail: MailCatcher;
  app: App;
  web: WebApp;
  baseUrl: string;
  deps: CycleDeps;
  /**
   * The cycle's dependencies with the clock `minutes` ahead: a feed that failed is backed off, so
   * a test that serves it again polls it as a later tick would.
   */
  later(minutes: number): CycleDeps;
  /** Subscribes an address to the central-Mali watchlist; returns the subscriber id. */
  subscribe(email: string, minLevel: AlertLevel, confirmed: boolean): Promise<number>;
  close(): Promise<void>;
}

export interface StackOptions {
  mail?: MailCatcherOptions;
  /** As writeTestConfig: 'built-in' for tests that drive the clock through the windows. */
  risk?: TestConfigOptions['risk'];
  polling?: TestConfigOptions['polling'];
  /** Globs of watchlist files, when not the shipped ones. */
  watchlists?: string[];
}

export async function startStack(kind: DatabaseKind, feeds: StackFeed[], routes: Record<string, Route>, options: StackOptions = {}): Promise<Stack> {
  const db = await createTestDatabase(kind);
  const server = await startFeedServer(routes);
  const mail = await startMailCatcher(options.mail ?? {});
  const configPath = writeTestConfig({
    dir: db.dataDir,
    smtpUrl: mail.url,
    feeds: feeds.map((f) => ({ name: f.name, url: f.url ?? server.url(f.path), publisher: f.publisher })),
    ...(options.risk ? { risk: options.risk } : {}),
    ...(options.polling ? { polling: options.polling } : {}),
    ...(options.watchlists ? { watchlists: options.watchlists } : {}),
  });
  const vigil = await openVigil({ configPath, env: db.url ? { DATABASE_URL: db.url } : {}, log: silentLogger(), migrations: 'apply', catalog: 'sync' });
  const { app, web } = vigil;
  const baseUrl = (await web.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  const { watchlists } = await vigil.catalog.current();
  const watchlistId = watchlists.find((w) => w.slug === 'central-mali')?.id ?? -1;
  return {
    db,
    feeds: server,
    mail,
    app,
    web,
    baseUrl,
    deps: { ...vigil.cycle, baseUrl },
    later: (minutes) => ({ ...vigil.cycle, baseUrl, now: () => new Date(Date.now() + minutes * 60_000) }),
    subscribe: async (email, minLevel, confirmed) =>
      (await upsertSubscription(app.db.prisma, { email, watchlistId, minLevel, confirmed, now: new Date() })).subscriberId,
    close: async () => {
      await vigil.close();
      await Promise.all([server.close(), mail.close()]);
      await db.drop();
    },
  };
}
