// A feed entry becomes an item: clean title and text, a stable guid, and a content hash that
// later deduplication across feeds will use.
import { createHash } from 'node:crypto';
import { htmlToPlainText } from './clean.js';
import type { FeedEntry } from './parse.js';

/** An item ready to store. */
export interface ItemDraft {
  guid: string;
  link: string | null;
  title: string;
  text: string;
  publishedAt: Date | null;
  contentHash: string;
}

/** Cleans an entry; an entry without guid is identified by its link, else by its content. */
export function toItemDraft(entry: FeedEntry): ItemDraft {
  const title = htmlToPlainText(entry.title).replace(/\s+/g, ' ');
  const text = htmlToPlainText(entry.html);
  const contentHash = createHash('sha256').update(`${title.toLowerCase()}\n${text.toLowerCase()}`).digest('hex');
  const link = webLink(entry.link);
  return { guid: entry.guid ?? link ?? `sha256:${contentHash}`, link, title, text, publishedAt: entry.publishedAt, contentHash };
}

// Only http(s) links are kept: a feed's javascript: or data: link must never reach a page or
// an email as something to click.
function webLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
