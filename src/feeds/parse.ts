// XML to feed entries with rss-parser (RSS 0.9x/1.0/2.0 and Atom), from a body fetch.ts
// returned; never from a URL. Pure apart from rss-parser's own work.
import Parser from 'rss-parser';

/** One entry of a feed as published, before cleaning. */
export interface FeedEntry {
  guid: string | null;
  link: string | null;
  title: string;
  /** The fullest body the feed gives: content:encoded, then content, then summary. */
  html: string;
  publishedAt: Date | null;
}

type RawItem = Parser.Item & { id?: string; 'content:encoded'?: string; description?: string };

const parser: Parser<Record<string, unknown>, RawItem> = new Parser({ customFields: { item: ['content:encoded', 'description', 'id'] } });

export type ParseOutcome = { ok: true; entries: FeedEntry[] } | { ok: false; error: string };

/** Parses a feed document; a body that is not a feed is an error value, never a throw. */
export async function parseFeed(xml: string): Promise<ParseOutcome> {
  if (xml.trim() === '') return { ok: false, error: 'empty response body' };
  try {
    const feed = await parser.parseString(xml);
    return { ok: true, entries: feed.items.map(toEntry) };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, error: `not a readable RSS or Atom feed: ${message}` };
  }
}

function toEntry(item: RawItem): FeedEntry {
  const date = item.isoDate ? new Date(item.isoDate) : item.pubDate ? new Date(item.pubDate) : null;
  return {
    guid: text(item.guid) ?? text(item.id),
    link: text(item.link),
    title: text(item.title) ?? '',
    html: text(item['content:encoded']) ?? text(item.content) ?? text(item.summary) ?? text(item.description) ?? '',
    publishedAt: date && !Number.isNaN(date.getTime()) ? date : null,
  };
}

// rss-parser passes through whatever xml2js made of an element: a string, or an object for
// elements with attributes (<guid isPermaLink="false">).
function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (value && typeof value === 'object' && '_' in value && typeof value._ === 'string') return value._.trim() || null;
  return null;
}
