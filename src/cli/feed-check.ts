// `vigil feeds check <url>`: one URL fetched and parsed exactly as a poll would, its entries
// matched against the config's watchlists, nothing stored: what an operator runs before adding
// a feed, or to see why one fails.
import { offlineWatchlists } from '../catalog/index.js';
import type { VigilConfig } from '../config/index.js';
import { fetchFeed, parseFeed, toItemDraft, userAgent } from '../feeds/index.js';
import { compileMatcher, matchItem } from '../matching/index.js';
import { VERSION } from '../paths.js';

/** What `vigil feeds check` found at a URL: what a poll would store, without storing it. */
export interface FeedCheck {
  url: string;
  ok: boolean;
  error: string | null;
  status: number | null;
  entries: { guid: string; publishedAt: string | null; title: string; link: string | null; matches: string[] }[];
}

export async function checkFeed(config: VigilConfig, url: string): Promise<FeedCheck> {
  const now = new Date();
  const { timeoutMs, maxBytes, allowPrivateNetworks, contact } = config.polling;
  const fetched = await fetchFeed(url, { etag: null, lastModified: null }, { timeoutMs, maxBytes, allowPrivateNetworks, userAgent: userAgent(VERSION, contact) }, now);
  const failed = (error: string, status: number | null): FeedCheck => ({ url, ok: false, error, status, entries: [] });
  if (fetched.kind !== 'ok') return failed(fetched.kind === 'not-modified' ? 'answered 304 to a request without validators' : fetched.error, fetched.status);
  const parsed = await parseFeed(fetched.body);
  if (!parsed.ok) return failed(parsed.error, fetched.status);
  // The config's watchlists, compiled here: a check needs no database.
  const matcher = compileMatcher(offlineWatchlists(config.watchlists), { contextRadiusKm: config.matching.contextRadiusKm });
  const entries = parsed.entries.map((entry) => {
    const draft = toItemDraft(entry, now);
    const matches = [...new Set(matchItem(matcher, draft).map((m) => m.name))];
    return { guid: draft.guid, publishedAt: draft.publishedAt?.toISOString() ?? null, title: draft.title, link: draft.link, matches };
  });
  return { url, ok: true, error: null, status: fetched.status, entries };
}

