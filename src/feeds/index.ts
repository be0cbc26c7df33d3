// Feeds: polls the feeds of the catalog that are due (src/catalog keeps the feed table in step
// with config), politely and safely over HTTP, and hands their new entries, as clean items, to
// an ingest port; each feed's outcome, health and schedule are recorded on its row. A broken
// feed never stops the others.
export { pollDueFeeds } from './poller.js';
export type { FeedPollOutcome, FeedPollReport, IngestPort, PollerDeps } from './poller.js';
export { reenableFeed } from './claims.js';
export type { FeedStatus } from './schedule.js';
export { toItemDraft } from './items.js';
export type { ItemDraft } from './items.js';
export { parseOpml } from './opml.js';
export type { OpmlFeed, OpmlOutcome } from './opml.js';
export { parseFeed } from './parse.js';
export type { ParseOutcome } from './parse.js';
export { feedHealth, insertItems, listFeeds, listItems, readStoredItems } from './store.js';
export type { FeedRef, FeedView, ItemView, StoredItem } from './store.js';
export { fetchFeed, userAgent } from './fetch.js';
export type { FetchOptions, FetchOutcome, Network, Resolver, Validators } from './fetch.js';
