// XML to feed entries with rss-parser (RSS 0.9x/1.0/2.0 and Atom), from a body fetch.ts
// returned; never from a URL. Pure apart from rss-parser's own work. A feed with a publisher's
// bug (a bare &, an HTML entity) is repaired and read; a body that is no feed is refused with
// one line saying why. A DOCTYPE is never read: no entity it declares is expanded.
import Parser from 'rss-parser';
import { readProlog, repairXml, withoutDoctype } from './repair.js';

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
type RawFeed = { ttl?: unknown };

// A parser per document: after an error, xml2js goes on reading the rest of the document with
// its old sax parser, whose next error marks the *new* one as having failed already, so that
// the next document's first error would pass unseen.
const newParser = (): Parser<RawFeed, RawItem> =>
  new Parser({
    customFields: { item: ['content:encoded', 'description', 'id'] },
    // An <rss> root without its version attribute is read as RSS 2.0 rather than refused.
    defaultRSS: 2,
  });

/** A feed's entries and the minutes its channel may be cached (`<ttl>`), or why the body is no feed. */
export type ParseOutcome = { ok: true; entries: FeedEntry[]; ttlMinutes: number | null } | { ok: false; error: string };

/** Parses a feed document; a body that is not a feed is an error value, never a throw. */
export async function parseFeed(xml: string): Promise<ParseOutcome> {
  const prolog = readProlog(xml);
  const refusal = refusalOf(xml, prolog.root);
  if (refusal !== null) return { ok: false, error: refusal };
  const safe = withoutDoctype(xml, prolog);
  const first = await readFeed(safe);
  if (first.ok) return first;
  // Only a document the parser refused is repaired: a well-formed feed is read as published.
  const repaired = repairXml(safe);
  if (repaired === safe) return { ok: false, error: describeFailure(safe, prolog.root, first.error, true) };
  const second = await readFeed(repaired);
  // The repairs change columns but never lines: only the line is worth quoting.
  return second.ok ? second : { ok: false, error: describeFailure(safe, prolog.root, second.error, false) };
}

type ReadOutcome = Extract<ParseOutcome, { ok: true }> | { ok: false; error: Error };

async function readFeed(xml: string): Promise<ReadOutcome> {
  try {
    const feed = await newParser().parseString(xml);
    return { ok: true, entries: feed.items.map(toEntry), ttlMinutes: minutesOf(feed.ttl) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

// Bodies that need no parser to be refused: nothing, something that is not XML, a web page
// (some sites serve HTML at their feed URL).
function refusalOf(xml: string, root: string | null): string | null {
  if (root === null) return /\S/.test(xml) ? `not XML: the body starts with ${quote(xml)}` : 'empty response body';
  if (root.toLowerCase() === 'html') return 'an HTML page, not an RSS or Atom feed';
  return null;
}

const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:RDF']);

function describeFailure(xml: string, root: string | null, error: Error, withColumn: boolean): string {
  if (root !== null && !FEED_ROOTS.has(root)) return `not an RSS or Atom feed: its root element is <${root}>`;
  if (root !== null && !xml.includes(`</${root}`)) return `truncated feed: the document ends before </${root}>`;
  return `not a readable RSS or Atom feed: ${saxMessage(error.message, withColumn)}`;
}

// sax says "Unexpected close tag\nLine: 0\nColumn: 28\nChar: >", lines counted from 0.
function saxMessage(message: string, withColumn: boolean): string {
  // xml2js quotes the text it choked on, which may be any length and hold any byte.
  const [summary = message] = message.split('\n', 1).map(printable);
  const line = /\nLine: (\d+)/.exec(message)?.[1];
  const column = /\nColumn: (\d+)/.exec(message)?.[1];
  if (line === undefined) return summary;
  const where = `line ${Number(line) + 1}${withColumn && column !== undefined ? `, column ${column}` : ''}`;
  return `${summary.replace(/\.$/, '')} (${where})`;
}

// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\0-\x08\x0b-\x1f\x7f-\x9f]/g;

function printable(text: string): string {
  const clean = text.replace(CONTROL, '').replace(/\s+/g, ' ');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

function quote(body: string): string {
  const start = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
  return JSON.stringify(start.length === 40 ? `${start}…` : start);
}

// <ttl> is how many minutes a reader may cache the channel; anything but a positive whole
// number of minutes says nothing.
function minutesOf(ttl: unknown): number | null {
  const value = text(ttl);
  if (value === null || !/^\d{1,9}$/.test(value)) return null;
  const minutes = Number(value);
  return minutes > 0 ? minutes : null;
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
