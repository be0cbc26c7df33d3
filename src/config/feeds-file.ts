// Adding feeds to the catalog's file (the feed list of vigil.yaml, or the file it names), the way
// an operator would by hand: appended at the end, every comment and line already there kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { isSeq, parseDocument } from 'yaml';
import { ERROR_CODES, VigilError } from '../errors.js';
import type { VigilConfig } from './load.js';

export interface NewFeed {
  name: string;
  url: string;
  publisher: string;
  language?: string;
}

export interface AddFeedsResult {
  file: string;
  added: NewFeed[];
  /** Feeds whose URL the catalog already has (or that the list repeats). */
  alreadyThere: NewFeed[];
}

/** Appends the feeds whose URLs the config does not have yet to the file holding the list. */
export function addFeedsToConfig(config: VigilConfig, feeds: readonly NewFeed[]): AddFeedsResult {
  const file = config.feedsFile ?? config.file;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const list = config.feedsFile ? doc.contents : doc.get('feeds', true);
  if (!isSeq(list)) throw new VigilError(ERROR_CODES.CONFIG_INVALID, `${file}: the feed list is not a YAML list, so feeds cannot be added to it.`);
  const known = new Set(config.feeds.map((f) => f.url));
  const result: AddFeedsResult = { file, added: [], alreadyThere: [] };
  for (const feed of feeds) {
    if (known.has(feed.url)) {
      result.alreadyThere.push(feed);
      continue;
    }
    known.add(feed.url);
    (list).add(doc.createNode(feed));
    result.added.push(feed);
  }
  if (result.added.length > 0) writeFileSync(file, doc.toString());
  return result;
}
