// A poll cycle, the story of Vigil in one function: take the catalog as the database holds it,
// poll every enabled feed (a few at a time), ingest each new item, then send the emails that
// are due. A lost database ends the cycle at once (the next cycle starts over); any other
// failure is one feed's or one item's, logged, and the rest go on.
import pLimit from 'p-limit';
import type { LiveCatalog } from './catalog/index.js';
import type { PollingConfig, RiskConfig } from './config/index.js';
import { isDatabaseLost } from './db/index.js';
import { ERROR_CODES, VigilError, errorFields, messageOf } from './errors.js';
import { listEnabledFeeds, pollFeed, userAgent, type FeedRef, type ItemDraft } from './feeds/index.js';
import { ingestItem, ingestItems, type IngestDeps, type IngestResult } from './ingest.js';
import type { Logger } from './log.js';
import { sendDueDeliveries, type SendDeps, type SendReport } from './notify/index.js';
import { VERSION } from './paths.js';
import type { SignalRules } from './risk/index.js';

export interface CycleDeps extends SendDeps {
  log: Logger;
  polling: PollingConfig;
  catalog: LiveCatalog;
  risk: RiskConfig;
  signalRules: SignalRules;
}

/** The counts of one cycle. */
export interface CycleReport {
  feedsPolled: number;
  feedsFailed: number;
  newItems: number;
  matches: number;
  alertsCreated: number;
  /** Events that got a further report. */
  alertsRevised: number;
  emailsQueued: number;
  emails: SendReport;
  durationMs: number;
}

interface FeedCounts {
  failed: boolean;
  newItems: number;
  matches: number;
  alerts: number;
  revised: number;
  deliveries: number;
}

/** Runs one cycle; throws VIGIL_DB_UNAVAILABLE when the database is lost on the way. */
export async function runPollCycle(deps: CycleDeps): Promise<CycleReport> {
  const started = Date.now();
  const { matcher } = await deps.catalog.current();
  const ingest: IngestDeps = { db: deps.db, now: deps.now, risk: deps.risk, signalRules: deps.signalRules, matcher };
  const feeds = await listEnabledFeeds(deps.db);
  const report = { feedsPolled: feeds.length, feedsFailed: 0, newItems: 0, matches: 0, alertsCreated: 0, alertsRevised: 0, emailsQueued: 0 };
  const limit = pLimit(deps.polling.concurrency);
  let lost: unknown = null;
  await Promise.all(
    feeds.map((feed) =>
      limit(async () => {
        if (lost !== null) return;
        try {
          add(report, await pollAndIngest(deps, ingest, feed));
        } catch (error) {
          if (isDatabaseLost(error)) {
            lost ??= error;
            limit.clearQueue();
            return;
          }
          // Not the database as a whole: this feed fails for this cycle, the next one retries it.
          deps.log.error({ feedId: feed.id, feed: feed.name, ...errorFields(error) }, 'feed not handled');
          report.feedsFailed += 1;
        }
      }),
    ),
  );
  if (lost !== null) throw databaseLost(lost);
  const emails = await sendDueDeliveries(deps);
  return { ...report, emails, durationMs: Date.now() - started };
}

function add(report: Omit<CycleReport, 'emails' | 'durationMs'>, counts: FeedCounts): void {
  report.feedsFailed += counts.failed ? 1 : 0;
  report.newItems += counts.newItems;
  report.matches += counts.matches;
  report.alertsCreated += counts.alerts;
  report.alertsRevised += counts.revised;
  report.emailsQueued += counts.deliveries;
}

async function pollAndIngest(deps: CycleDeps, ingest: IngestDeps, feed: FeedRef): Promise<FeedCounts> {
  const counts: FeedCounts = { failed: false, newItems: 0, matches: 0, alerts: 0, revised: 0, deliveries: 0 };
  const { timeoutMs, maxBytes, contact, allowPrivateNetworks } = deps.polling;
  const outcome = await pollFeed({ ...deps, fetch: { timeoutMs, maxBytes, allowPrivateNetworks, userAgent: userAgent(VERSION, contact) } }, feed);
  if (!outcome.ok) return { ...counts, failed: true };
  for (let i = 0; i < outcome.newItems.length; i += BATCH_SIZE) {
    const batch = outcome.newItems.slice(i, i + BATCH_SIZE);
    for (const result of await ingestBatch(deps, ingest, feed, batch)) {
      if (!result) continue;
      counts.newItems += 1;
      counts.matches += result.matches;
      counts.alerts += result.alertIds.length;
      counts.revised += result.revisedIds.length;
      counts.deliveries += result.deliveries;
    }
  }
  return counts;
}

// Items are stored a batch at a time; a batch that fails is stored again item by item, so that
// one item the database refuses keeps only itself out.
const BATCH_SIZE = 200;

async function ingestBatch(deps: CycleDeps, ingest: IngestDeps, feed: FeedRef, batch: ItemDraft[]): Promise<(IngestResult | null)[]> {
  try {
    return await ingestItems(ingest, feed, batch);
  } catch (error) {
    if (isDatabaseLost(error)) throw error;
    if (batch.length === 1) return [notStored(deps, feed, batch[0] as ItemDraft, error)];
  }
  const results: (IngestResult | null)[] = [];
  for (const item of batch) results.push(await ingestAlone(deps, ingest, feed, item));
  return results;
}

async function ingestAlone(deps: CycleDeps, ingest: IngestDeps, feed: FeedRef, item: ItemDraft): Promise<IngestResult | null> {
  try {
    return await ingestItem(ingest, feed, item);
  } catch (error) {
    if (isDatabaseLost(error)) throw error;
    return notStored(deps, feed, item, error);
  }
}

// Not stored, so the next poll sees it again; the other items go on.
function notStored(deps: CycleDeps, feed: FeedRef, item: ItemDraft, error: unknown): null {
  deps.log.error({ feedId: feed.id, guid: item.guid, ...errorFields(error) }, 'item not stored');
  return null;
}

function databaseLost(error: unknown): VigilError {
  return new VigilError(
    ERROR_CODES.DB_UNAVAILABLE,
    `Lost the database during the poll cycle (${messageOf(error)}): the cycle stopped there. Every item stored so far is kept whole; the next cycle polls the rest again.`,
    { cause: error },
  );
}
