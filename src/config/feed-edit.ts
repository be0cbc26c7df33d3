// A feed turned off or on from the admin pages: `enabled: false` written into the feed's entry
// of the file holding the list (vigil.yaml or the file it names), every other line kept, so
// the file stays the source of truth and the next reload applies it.
import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { VigilConfig } from './load.js';
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
