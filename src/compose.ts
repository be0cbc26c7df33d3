// The one wiring of Vigil, used by `vigil run`, every CLI command and the tests: from an open
// app (config, log, database, templates) to the catalog, the mailer, the poll cycle's
// dependencies and the web app, with one close() for all of it. Each stage gets its slice of
// the config. Nothing here listens or schedules: that is `vigil run` (src/main.ts).
import { hostname } from 'node:os';
import { openApp, type App, type OpenAppOptions } from './app.js';
import { followCatalog, hashCatalog, shortHash, syncCatalog, type CatalogSyncReport, type LiveCatalog } from './catalog/index.js';
import type { CycleDeps } from './cycle.js';
import type { Logger } from './log.js';
import { createMailer, type Mailer } from './notify/index.js';
import { TEMPLATES_DIR, VERSION } from './paths.js';
import { compileSignalRules } from './risk/index.js';
import { buildWebApp, type WebApp } from './web/index.js';

/** Whether this process writes its config's catalog into the database, or reads what is there. */
export type CatalogMode = 'sync' | 'read';

/** Everything a command needs, built and ready; `close()` closes all of it. */
export interface Vigil {
  app: App;
  catalog: LiveCatalog;
  /** What this process's sync did; null when it only reads the catalog. */
  synced: CatalogSyncReport | null;
  mailer: Mailer;
  cycle: CycleDeps;
  web: WebApp;
  close(): Promise<void>;
}

export interface OpenVigilOptions extends OpenAppOptions {
  catalog: CatalogMode;
}

/** Opens the app and composes Vigil on it; whatever fails, what was opened is closed again. */
export async function openVigil(options: OpenVigilOptions): Promise<Vigil> {
  const app = await openApp(options);
  try {
    return await composeVigil(app, options.catalog);
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** Composes Vigil on an open app (which `close()` closes too). */
export async function composeVigil(app: App, mode: CatalogMode): Promise<Vigil> {
  const { config, log, db, templates, now } = app;
  const catalogConfig = { feeds: config.feeds, watchlists: config.watchlists };
  const synced = mode === 'sync' ? await syncAndReport(app, log) : null;
  const catalog = followCatalog({ db: db.prisma, log, location: db.location }, synced?.hash ?? hashCatalog(catalogConfig));
  const mailer = createMailer(config.mail);
  const baseUrl = config.web.baseUrl;
  const cycle: CycleDeps = {
    db: db.prisma,
    log,
    now,
    polling: config.polling,
    catalog,
    risk: config.risk,
    signalRules: compileSignalRules(config.risk),
    sendMail: mailer.send,
    templates,
    baseUrl,
  };
  const web = buildWebApp({ db: db.prisma, log, templates, templatesDir: TEMPLATES_DIR, now });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await web.close();
      mailer.close();
      await app.close();
    })());
  return { app, catalog, synced, mailer, cycle, web, close };
}

// Writes this config's feeds and watchlists into the database (nothing when unchanged) and
// says so, naming the version it replaced when another config had been synced.
async function syncAndReport(app: App, log: Logger): Promise<CatalogSyncReport> {
  const { config, db } = app;
  const report = await syncCatalog(db.prisma, { feeds: config.feeds, watchlists: config.watchlists }, { now: app.now(), syncedBy: `${hostname()} pid ${process.pid}`, vigilVersion: VERSION });
  const previous = report.previous;
  if (!report.changed) log.debug({ config: shortHash(report.hash) }, 'catalog unchanged');
  else if (previous && previous.hash !== report.hash) {
    log.info({ ...report, config: shortHash(report.hash), replaced: shortHash(previous.hash), replacedSyncedBy: previous.syncedBy, replacedSyncedAt: previous.syncedAt, previous: undefined }, 'catalog synced from this config, replacing another');
  } else log.info({ ...report, config: shortHash(report.hash), previous: undefined }, 'catalog synced from this config');
  return report;
}
