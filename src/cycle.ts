// A poll cycle, the story of Vigil in one function: take the catalog as the database holds it,
// poll every feed due at this tick (src/feeds, which claims, fetches and records each feed) with
// new items going through ingest (match, signals, events, outbox), then send the emails that are
// due. A lost database ends the cycle at once (the next cycle starts over); any other failure is
// one feed's or one item's, recorded, and the rest go on.
import { hostname } from 'node:os';
import type { LiveCatalog } from './catalog/index.js';
import type { PollingConfig, RiskConfig } from './config/index.js';
import { isDatabaseLost } from './db/index.js';
import { ERROR_CODES, VigilError, messageOf } from './errors.js';
import { pollDueFeeds, userAgent, type FeedPollReport, type IngestPort, type Network } from './feeds/index.js';
import { ingestItems, type IngestDeps, type IngestResult } from './ingest.js';
import type { Logger } from './log.js';
import { sendDueDeliveries, type SendDeps, type SendReport, type Sender } from './notify/index.js';
import { VERSION } from './paths.js';
import type { SignalRules } from './risk/index.js';

export interface CycleDeps extends SendDeps {
  log: Logger;
  polling: PollingConfig;
  catalog: LiveCatalog;
  risk: RiskConfig;
  signalRules: SignalRules;
  /** `vigil run`'s one sender loop: the cycle wakes it instead of sending itself. */
  sender?: Sender;
  /** How feeds' servers are reached; the system's resolver and Node's certificate authorities when left out. */
  network?: Network;
}

/** The counts of one cycle. */
export interface CycleReport {
  /** The schedule's time this cycle ran for: feeds are due by it. */
  tick: string;
  /** Feeds due and polled this cycle (a feed not due is left alone). */
  feedsPolled: number;
  feedsFailed: number;
  /** Answered 304, or served the same body again: nothing to parse. */
  feedsUnchanged: number;
  newItems: number;
  /** New entries that were another feed's story, recorded as sightings of it. */
  duplicates: number;
  /** Entries the database refused even alone, kept aside with their error. */
  quarantined: number;
  matches: number;
  alertsCreated: number;
  /** Events that got a further report. */
  alertsRevised: number;
  emailsQueued: number;
  emails: SendReport;
  durationMs: number;
}

/**
 * Runs one cycle for the schedule's `tick` (default: now); throws VIGIL_DB_UNAVAILABLE when the
 * database is lost on the way.
 */
export async function runPollCycle(deps: CycleDeps, tick: Date = deps.now()): Promise<CycleReport> {
  const started = Date.now();
  const ingest = await ingestDeps(deps);
  const port: IngestPort<IngestResult> = { store: (feed, drafts) => ingestItems(ingest, feed, drafts) };
  let feeds: FeedPollReport<IngestResult>[];
  try {
    feeds = await pollDueFeeds({ ...deps, userAgent: userAgent(VERSION, deps.polling.contact), claimer: `${hostname()} pid ${process.pid}` }, port, tick);
  } catch (error) {
    if (isDatabaseLost(error)) throw databaseLost(error);
    throw error;
  }
  const emails = deps.sender ? wakeSender(deps.sender) : await sendDueDeliveries(deps);
  return { tick: tick.toISOString(), ...summarize(feeds), emails, durationMs: Date.now() - started };
}

function wakeSender(sender: Sender): SendReport {
  sender.wake();
  return { sent: 0, retrying: 0, failed: 0, cancelled: 0, held: 0, transportDown: false, pausedUntil: null, webhooks: { sent: 0, failed: 0, retrying: 0, cancelled: 0 } };
}

/** What storing items needs, with the catalog's matcher as the database holds it now. */
export async function ingestDeps(deps: CycleDeps): Promise<IngestDeps> {
  const { matcher } = await deps.catalog.current();
  return { db: deps.db, now: deps.now, risk: deps.risk, signalRules: deps.signalRules, matcher, backfillDays: deps.polling.backfillDays };
}

function summarize(feeds: readonly FeedPollReport<IngestResult>[]): Omit<CycleReport, 'tick' | 'emails' | 'durationMs'> {
  const results = feeds.flatMap((f) => f.results);
  const sum = (count: (r: IngestResult) => number) => results.reduce((n, r) => n + count(r), 0);
  return {
    feedsPolled: feeds.length,
    feedsFailed: feeds.filter((f) => f.outcome === 'failed' || f.outcome === 'gone').length,
    feedsUnchanged: feeds.filter((f) => f.outcome === 'not-modified' || f.outcome === 'unchanged').length,
    newItems: results.length,
    duplicates: feeds.reduce((n, f) => n + f.duplicates, 0),
    quarantined: feeds.reduce((n, f) => n + f.quarantined, 0),
    matches: sum((r) => r.matches),
    alertsCreated: sum((r) => r.alertIds.length),
    alertsRevised: sum((r) => r.revisedIds.length),
    emailsQueued: sum((r) => r.deliveries),
  };
}

function databaseLost(error: unknown): VigilError {
  return new VigilError(
    ERROR_CODES.DB_UNAVAILABLE,
    `Lost the database during the poll cycle (${messageOf(error)}): the cycle stopped there. Every item stored so far is kept whole; the next cycle polls the rest again.`,
    { cause: error },
  );
}
