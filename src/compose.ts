// The one wiring of Vigil, used by `vigil run`, every CLI command and the tests: from an open
// app (config, log, database, templates) to the catalog, the mailer, the poll cycle's
// dependencies and the web app, with one close() for all of it. Each stage gets its slice of
// the config. Nothing here listens or schedules: that is `vigil run` (src/main.ts).
import { hostname } from 'node:os';
import { openApp, type App, type OpenAppOptions } from './app.js';
import { followCatalog, hashCatalog, shortHash, syncCatalog, type CatalogConfig, type CatalogSyncReport, type LiveCatalog } from './catalog/index.js';
import { loadConfig, type VigilConfig } from './config/index.js';
import { ingestDeps, type CycleDeps } from './cycle.js';
import { isDatabaseLost } from './db/index.js';
import { ERROR_CODES, VigilError, messageOf } from './errors.js';
import { createMailer, type Mailer } from './notify/index.js';
import { TEMPLATES_DIR, VERSION } from './paths.js';
import { rematchItems } from './rematch.js';
import { compileSignalRules } from './risk/index.js';
import { buildWebApp, createMetrics, type Metrics, type WebApp } from './web/index.js';

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
  /** The process's metrics: /metrics serves them, `vigil run` reports its cycles to them. */
  metrics: Metrics;
  /** Applies the config files' feeds and watchlists (what an admin edit does after writing them). */
  configFiles: { apply: () => Promise<void> };
  close(): Promise<void>;
}

export interface OpenVigilOptions extends OpenAppOptions {
  catalog: CatalogMode;
}

/** Opens the app and composes Vigil on it; whatever fails, what was opened is closed again. */
export async function openVigil(options: OpenVigilOptions): Promise<Vigil> {
  const app = await openApp(options);
  try {
    return await composeVigil(app, options.catalog, options.env);
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** Composes Vigil on an open app (which `close()` closes too). */
export async function composeVigil(app: App, mode: CatalogMode, env: Record<string, string | undefined> = {}): Promise<Vigil> {
  const { config, log, db, templates, now } = app;
  const catalogConfig = { feeds: config.feeds, watchlists: config.watchlists };
  const synced = mode === 'sync' ? await syncAndReport(app, catalogConfig) : null;
  const catalog = followCatalog({ db: db.prisma, log, location: db.location, contextRadiusKm: config.matching.contextRadiusKm }, hashCatalog(catalogConfig));
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
    mailFrom: config.mail.from,
    mailPolicy: config.mail,
    webhooks: { allowPrivate: config.mail.allowPrivateWebhooks },
    concurrency: mailer.concurrency,
    templates,
    baseUrl,
    historyDays: config.risk.historyDays,
  };
  const metrics = createMetrics(db.prisma);
  // The admin edits the config's files; a change is applied as a reload applies it.
  const loadCurrentConfig = () => loadConfig({ path: config.file, env, allowFastSchedule: true });
  const reload = async () => {
    await adoptCatalog({ app, catalog }, loadCurrentConfig());
    await rematchItems(await ingestDeps(cycle), { days: config.matching.rematchDays });
  };
  // `vigil run` replaces `apply` with its reloader's, which also waits for the cycles in flight
  // before re-matching, so that no item stored meanwhile keeps the old watchlists' matches.
  const configFiles = { apply: reload };
  const admin = { token: config.web.adminToken, loadConfig: loadCurrentConfig, reload: () => configFiles.apply() };
  const web = buildWebApp({ db: db.prisma, log, templates, templatesDir: TEMPLATES_DIR, now, baseUrl, historyDays: config.risk.historyDays, trustProxy: config.web.trustProxy, admin, metrics });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await web.close();
      mailer.close();
      await app.close();
    })());
  return { app, catalog, synced, mailer, cycle, web, metrics, configFiles, close };
}

/**
 * Writes a reloaded config's feeds and watchlists into the database and follows them from now
 * on: the next `catalog.current()` gives the new matcher, whole, to the work that asks for it.
 */
export async function adoptCatalog(vigil: Pick<Vigil, 'app' | 'catalog'>, config: VigilConfig): Promise<CatalogSyncReport> {
  const catalogConfig = { feeds: config.feeds, watchlists: config.watchlists };
  const report = await syncAndReport(vigil.app, catalogConfig);
  vigil.catalog.adopt(report.hash);
  return report;
}

// Writes this config's feeds and watchlists into the database (nothing when the stored hash
// says it holds them already) and says so, naming the version it replaced.
async function syncAndReport(app: App, catalog: CatalogConfig): Promise<CatalogSyncReport> {
  const { db, log } = app;
  let report: CatalogSyncReport;
  try {
    report = await syncCatalog(db.prisma, catalog, { now: app.now(), syncedBy: `${hostname()} pid ${process.pid}`, vigilVersion: VERSION });
  } catch (error) {
    if (!isDatabaseLost(error)) throw error;
    throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Lost the ${db.location} while writing the catalog (${messageOf(error)}); nothing was written. Start again once it is back.`, { cause: error });
  }
  const { previous, skipped, hash, durationMs, feeds, watchlists, places, actors } = report;
  const fields = { config: shortHash(hash), durationMs, feeds, watchlists, places, actors };
  if (skipped) log.debug({ config: shortHash(hash) }, 'catalog unchanged');
  else if (previous && previous.hash !== hash) {
    log.info({ ...fields, replaced: shortHash(previous.hash), replacedSyncedBy: previous.syncedBy, replacedSyncedAt: previous.syncedAt }, 'catalog synced from this config, replacing another');
  } else log.info(fields, 'catalog synced from this config');
  return report;
}
