// A feed added, or turned off or on, from the admin pages: `enabled: false` written into the feed's entry
// of the file holding the list (vigil.yaml or the file it names), every other line kept, so
// the file stays the source of truth and the next reload applies it.
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { VigilConfig } from './load.js';
import { feedSchema } from './schema.js';
import { writeConfigText } from './watchlist-edit.js';

/** Sets the feed's `enabled` in its file; returns the problem, or null when written. */
export function setFeedEnabled(config: VigilConfig, url: string, enabled: boolean): string | null {
  const file = config.feedsFile ?? config.file;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const list = config.feedsFile ? doc.contents : doc.get('feeds', true);
  if (!isSeq(list)) return `${file}: the feed list is not a YAML list, so it cannot be edited here.`;
  const entry = list.items.find((item) => isMap(item) && item.get('url') === url);
  if (!isMap(entry)) return `No feed with the URL ${url} in ${file}.`;
  // Enabled is the default: an enabled feed's entry does not say so.
  if (enabled) entry.delete('enabled');
  else entry.set('enabled', false);
  writeConfigText(file, doc.toString({ lineWidth: 0 }));
  return null;
}

/** A feed to add, as the admin's form gives it. */
export interface FeedForm {
  name?: string;
  url?: string;
  publisher?: string;
  language?: string;
}

/** The planned text of the feed file with the feed added, or the problems, each naming its field. */
export function planFeedAddition(config: VigilConfig, form: FeedForm): { problems: string[]; file: string; text: string; previousText: string } {
  const file = config.feedsFile ?? config.file;
  const previousText = readFileSync(file, 'utf8');
  // Only the form's fields (a form also carries its CSRF token), blank ones left out.
  const entry: Record<string, string> = {};
  for (const key of ['name', 'url', 'publisher', 'language'] as const) {
    const value = typeof form[key] === 'string' ? form[key].trim() : '';
    if (value !== '') entry[key] = value;
  }
  const parsed = feedSchema.safeParse(entry);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'feed'}: ${i.message}`), file, text: previousText, previousText };
  const feed = { name: parsed.data.name, url: parsed.data.url, publisher: parsed.data.publisher, ...(parsed.data.language ? { language: parsed.data.language } : {}) };
  const taken = config.feeds.find((f) => f.url === feed.url || f.name === feed.name);
  if (taken) return { problems: [`${taken.url === feed.url ? 'url' : 'name'}: the feed "${taken.name}" (${taken.url}) already has it`], file, text: previousText, previousText };
  const doc = parseDocument(previousText);
  const list = config.feedsFile ? doc.contents : doc.get('feeds', true);
  if (!isSeq(list)) return { problems: [`${file}: the feed list is not a YAML list, so it cannot be edited here.`], file, text: previousText, previousText };
  list.add(doc.createNode(feed));
  return { problems: [], file, text: doc.toString({ lineWidth: 0 }), previousText };
}
