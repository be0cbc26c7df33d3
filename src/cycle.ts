// A poll cycle, the story of Vigil in one function: poll every enabled feed (a few at a time),
// ingest each new item, then send the emails that are due. Returns the counts the CLI prints
// and the log records.
import { hostname } from 'node:os';
import pLimit from 'p-limit';
import type { App } from './app.js';
import { loadCatalogWatchlists, syncCatalog, type CatalogWatchlist } from './catalog/index.js';
import type { VigilConfig } from './config/index.js';
import { messageOf } from './errors.js';
import { listEnabledFeeds, pollFeed, userAgent, type FeedRef } from './feeds/index.js';
import { ingestItem, type IngestDeps } from './ingest.js';
import type { Logger } from './log.js';
import { compileMatcher } from './matching/index.js';
import { sendDueDeliveries, type SendDeps, type SendMail, type SendReport } from './notify/index.js';
import { VERSION } from './paths.js';
import { compileSignalRules } from './risk/index.js';

export interface CycleDeps extends IngestDeps, SendDeps {
  log: Logger;
  config: VigilConfig;
}

/** The counts of one cycle. */
export interface CycleReport {
  feedsPolled: number;
  feedsFailed: number;
  newItems: number;
  matches: number;
  alertsCreated: number;
  emailsQueued: number;
  emails: SendReport;
  durationMs: number;
}

/** The dependencies of a cycle, from an open app, its compiled catalog and a mail sender. */
export function cycleDeps(app: App, catalog: Pick<IngestDeps, 'matcher' | 'signalRules'>, sendMail: SendMail): CycleDeps {
  const { config } = app;
  return { ...catalog, db: app.db.prisma, log: app.log, now: app.now, config, risk: config.risk, sendMail, templates: app.templates, baseUrl: config.web.baseUrl };
}

/** Syncs feeds and watchlists from config and compiles them: done at start and on config change. */
export async function prepareCatalog(app: App): Promise<Pick<IngestDeps, 'matcher' | 'signalRules'> & { watchlists: CatalogWatchlist[] }> {
  const { config, log } = app;
  const db = app.db.prisma;
  const catalog = { feeds: config.feeds, watchlists: config.watchlists };
  const { skipped, ...sync } = await syncCatalog(db, catalog, { now: app.now(), syncedBy: `${hostname()} pid ${process.pid}`, vigilVersion: VERSION });
  if (skipped) log.debug(sync, 'catalog already in the database');
  else log.info(sync, 'catalog synced');
  const watchlists = await loadCatalogWatchlists(db);
  return { watchlists, matcher: compileMatcher(watchlists), signalRules: compileSignalRules(config.risk) };
}

export async function runPollCycle(deps: CycleDeps): Promise<CycleReport> {
  const started = Date.now();
  const feeds = await listEnabledFeeds(deps.db);
  const report = { feedsPolled: feeds.length, feedsFailed: 0, newItems: 0, matches: 0, alertsCreated: 0, emailsQueued: 0 };
  const limit = pLimit(deps.config.polling.concurrency);
  await Promise.all(
    feeds.map((feed) =>
      limit(async () => {
        const counts = await pollAndIngest(deps, feed).catch((error: unknown) => {
          // A database error while handling one feed (a restart, a lost connection) is that
          // feed's failure for this cycle; the other feeds go on and the next cycle retries.
          deps.log.error({ feedId: feed.id, feed: feed.name, err: error }, `feed not handled: ${messageOf(error)}`);
          return { failed: true, newItems: 0, matches: 0, alerts: 0, deliveries: 0 };
        });
        report.feedsFailed += counts.failed ? 1 : 0;
        report.newItems += counts.newItems;
        report.matches += counts.matches;
        report.alertsCreated += counts.alerts;
        report.emailsQueued += counts.deliveries;
      }),
    ),
  );
  const emails = await sendDueDeliveries(deps);
  return { ...report, emails, durationMs: Date.now() - started };
}

async function pollAndIngest(deps: CycleDeps, feed: FeedRef) {
  const counts = { failed: false, newItems: 0, matches: 0, alerts: 0, deliveries: 0 };
  const { timeoutMs, maxBytes, contact } = deps.config.polling;
  const outcome = await pollFeed({ ...deps, fetch: { timeoutMs, maxBytes, userAgent: userAgent(VERSION, contact) } }, feed);
  if (!outcome.ok) return { ...counts, failed: true };
  for (const item of outcome.newItems) {
    try {
      const result = await ingestItem(deps, feed, item);
      if (!result) continue;
      counts.newItems += 1;
      counts.matches += result.matches;
      counts.alerts += result.alertIds.length;
      counts.deliveries += result.deliveries;
    } catch (error) {
      // Not stored, so the next poll sees it again; the other items go on.
      deps.log.error({ feedId: feed.id, guid: item.guid, err: error }, `item not stored: ${messageOf(error)}`);
    }
  }
  return counts;
}
