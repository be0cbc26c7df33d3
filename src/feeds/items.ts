// A feed entry becomes an item: clean title and text, a stable guid, a canonical link and a
// content hash that deduplication across feeds uses. Every value is storable whatever the feed
// sent: no control characters, no half of a surrogate pair, bounded lengths, plausible dates.
import { createHash } from 'node:crypto';
import { htmlToPlainText } from './clean.js';
import { canonicalLink, webLink } from './links.js';
import type { FeedEntry } from './parse.js';

/** An item ready to store. */
export interface ItemDraft {
  guid: string;
  link: string | null;
  /** The link without tracking parameters and in one spelling (see `canonicalLink`). */
  canonicalLink: string | null;
  title: string;
  text: string;
  publishedAt: Date | null;
  contentHash: string;
}

/** A longer title is cut: titles are one line in lists and mail subjects. */
export const MAX_TITLE_LENGTH = 1_000;
/** A longer text is cut: a report's body, not the annexes a feed pastes whole. */
export const MAX_TEXT_LENGTH = 100_000;
/** A longer guid is stored as its sha256: guids are compared and indexed, never shown. */
export const MAX_GUID_LENGTH = 512;
// Earlier dates are placeholders (1970-01-01, 0001-01-01), not when a report was published.
const EARLIEST_PUBLISHED_MS = Date.UTC(1990, 0, 1);

// A title is one line: every run of whitespace becomes one space (a lone space is left alone,
// which is most of the cost otherwise).
const LINE_BREAKS_AND_RUNS = /\s{2,}|[^\S ]/g;

/**
 * Cleans an entry fetched at `fetchedAt`; an entry without guid is identified by its link, else
 * by its content.
 */
export function toItemDraft(entry: FeedEntry, fetchedAt: Date): ItemDraft {
  const title = capLength(plainText(entry.title).replace(LINE_BREAKS_AND_RUNS, ' '), MAX_TITLE_LENGTH);
  const text = capLength(plainText(entry.html), MAX_TEXT_LENGTH);
  const contentHash = sha256(`${title.toLowerCase()}\n${text.toLowerCase()}`);
  const link = entry.link === null ? null : webLink(storable(entry.link));
  return {
    guid: guidOf(entry.guid, link, contentHash),
    link,
    canonicalLink: link === null ? null : canonicalLink(link),
    title,
    text,
    publishedAt: publishedDate(entry.publishedAt, fetchedAt),
    contentHash,
  };
}

// Control characters go before cleaning, so that the whitespace around them is collapsed, and
// after it, for those an entity (&#1;) stood for.
function plainText(html: string): string {
  return storable(htmlToPlainText(storable(html)));
}

function guidOf(guid: string | null, link: string | null, contentHash: string): string {
  const written = guid === null ? '' : storable(guid).trim();
  const id = written || link || `sha256:${contentHash}`;
  return id.length > MAX_GUID_LENGTH ? `sha256:${sha256(id)}` : id;
}

// A date in the future is the publisher's clock or time zone, not news from tomorrow: it would
// keep the item at the top of every list. A date before 1990 says nothing.
function publishedDate(date: Date | null, fetchedAt: Date): Date | null {
  if (date === null || date.getTime() < EARLIEST_PUBLISHED_MS) return null;
  return date > fetchedAt ? new Date(fetchedAt) : date;
}

// Control characters (C0, DEL, C1) other than tab and newline are refused by PostgreSQL (NUL)
// or garble a page and a mail; a lone surrogate makes the jsonb parameter items are stored
// with invalid. Neither is text anybody wrote. The first test is a quick one over code units
// (any surrogate, paired or not, sends the value to the exact replacements): it is three times
// as fast as a Unicode-aware pattern, and most values have nothing to remove.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const MAYBE_UNSTORABLE = /[\0-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]/;
const CONTROL = /[^\P{Cc}\t\n]/gu;
const LONE_SURROGATE = /\p{Cs}/gu;

function storable(value: string): string {
  if (!MAYBE_UNSTORABLE.test(value)) return value;
  return value.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

// Cut after a word that ends in the last tenth of the room (else mid-word, as in a long URL),
// never between the halves of a surrogate pair, and say so with "…".
function capLength(value: string, max: number): string {
  if (value.length <= max) return value;
  const room = max - 1;
  const end = lastSpaceIn(value, room - Math.floor(max / 10), room) ?? (isHighSurrogate(value.charCodeAt(room - 1)) ? room - 1 : room);
  return `${value.slice(0, end).trimEnd()}…`;
}

function lastSpaceIn(value: string, from: number, to: number): number | null {
  for (let i = to; i > from; i--) if (/\s/.test(value[i] ?? '')) return i;
  return null;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
