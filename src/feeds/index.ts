// Feeds: polls a feed of the catalog (src/catalog keeps the feed table in step with config) over
// HTTP (timeout, byte cap) and returns its entries not stored yet as clean items. A broken feed is
// recorded on its row and never stops the others.
export { pollFeed } from './poll.js';
export type { PollDeps, PollOutcome } from './poll.js';
export type { ItemDraft } from './items.js';
export { feedHealth, insertItems, listEnabledFeeds, listItems } from './store.js';
export type { FeedRef, ItemView } from './store.js';
export { fetchFeed, userAgent } from './fetch.js';
export type { FetchOptions, FetchOutcome, Validators } from './fetch.js';
