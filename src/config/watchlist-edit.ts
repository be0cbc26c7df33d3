// One edit of a watchlist file as the admin pages make it (an alias added or removed, a place or
// an actor added or removed), applied to the YAML text with every comment and hand-written line kept
// (yaml's Document API, as watchlist-file.ts does for imports), then checked exactly as
// loadConfig checks the file. An edit with any problem writes nothing.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { normalizeKey } from '../text/index.js';
import { checkWatchlistText, type VigilConfig, type WatchlistConfig } from './load.js';
import { watchlistSchema } from './schema.js';
import { parseYaml } from './yaml.js';

export type WatchlistEntity = 'place' | 'actor';

export type WatchlistEdit =
  | { action: 'add-alias' | 'remove-alias'; entity: WatchlistEntity; name: string; alias: string }
  | { action: 'remove-entry'; entity: WatchlistEntity; name: string }
  | { action: 'add-place'; place: { name: string; kind: string; aliases: string[]; within: string[]; ambiguous: boolean } }
  | { action: 'add-actor'; actor: { name: string; type: string; aliases: string[]; ambiguous: boolean } };

/** An edit worked out but not written: the new text, its problems, the watchlist it makes. */
export interface PlannedEdit {
  file: string;
  previousText: string;
  text: string;
  problems: string[];
  /** The watchlist as the edited file reads (null when it has problems). */
  watchlist: WatchlistConfig | null;
}

const TO_STRING = { flowCollectionPadding: false, lineWidth: 0 } as const;
const SECTION = { place: 'places', actor: 'actors' } as const;

/** Applies `edit` to the watchlist `slug` of the config, in memory, and checks the result. */
export function planWatchlistEdit(config: VigilConfig, slug: string, edit: WatchlistEdit): PlannedEdit {
  const current = config.watchlists.find((w) => w.slug === slug);
  if (!current) return { file: '', previousText: '', text: '', problems: [`No watchlist "${slug}" in the config.`], watchlist: null };
  const previousText = readFileSync(current.file, 'utf8');
  const doc = parseDocument(previousText);
  const problems = applyEdit(doc, edit);
  const text = problems.length > 0 ? previousText : doc.toString(TO_STRING);
  if (problems.length === 0) problems.push(...checkWatchlistText(current.file, text).problems);
  const parsed = problems.length === 0 ? parseYaml(current.file, text, watchlistSchema) : null;
  const watchlist = parsed?.ok ? { ...parsed.value, file: current.file } : null;
  return { file: current.file, previousText, text, problems, watchlist };
}

/** Writes a planned edit whole (a temporary file renamed over the old one). */
export function writeConfigText(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function applyEdit(doc: Document, edit: WatchlistEdit): string[] {
  if (edit.action === 'add-place') return addEntry(doc, 'places', compact({ ...edit.place, ambiguous: edit.place.ambiguous || undefined }));
  if (edit.action === 'add-actor') return addEntry(doc, 'actors', compact({ ...edit.actor, ambiguous: edit.actor.ambiguous || undefined }));
  const entry = findEntry(doc, SECTION[edit.entity], edit.name);
  if (!entry) return [`No ${edit.entity} named "${edit.name}" in this watchlist.`];
  if (edit.action === 'remove-entry') return removeEntry(doc, SECTION[edit.entity], entry);
  const alias = edit.alias.trim();
  if (!alias) return ['alias: must not be empty'];
  return edit.action === 'add-alias' ? addAlias(doc, entry, alias) : removeAlias(entry, alias);
}

function findEntry(doc: Document, section: string, name: string): YAMLMap | null {
  const list = doc.get(section, true);
  if (!isSeq(list)) return null;
  return (list.items.find((item) => isMap(item) && item.get('name') === name) as YAMLMap | undefined) ?? null;
}

function addAlias(doc: Document, entry: YAMLMap, alias: string): string[] {
  const known = [entry.get('name'), ...aliasesOf(entry)].map((v) => normalizeKey(String(v)));
  if (known.includes(normalizeKey(alias))) return [`"${alias}" is already a name or alias of ${String(entry.get('name'))}.`];
  const aliases = entry.get('aliases', true);
  if (isSeq(aliases)) aliases.add(doc.createNode(alias));
  else entry.set('aliases', flow(doc, [alias]));
  return [];
}

function removeAlias(entry: YAMLMap, alias: string): string[] {
  const aliases = entry.get('aliases', true);
  const index = isSeq(aliases) ? aliases.items.findIndex((item) => isScalar(item) && item.value === alias) : -1;
  if (!isSeq(aliases) || index < 0) return [`"${alias}" is not an alias of ${String(entry.get('name'))}.`];
  aliases.items.splice(index, 1);
  return [];
}

// The entry goes; a place other entries still name in `within` is refused by the check after.
function removeEntry(doc: Document, section: string, entry: YAMLMap): string[] {
  const list = doc.get(section, true);
  if (isSeq(list)) list.items.splice(list.items.indexOf(entry), 1);
  return [];
}

function aliasesOf(entry: YAMLMap): unknown[] {
  const aliases = entry.get('aliases', true);
  return isSeq(aliases) ? aliases.items.map((item) => (isScalar(item) ? item.value : item)) : [];
}

function addEntry(doc: Document, section: 'places' | 'actors', value: Record<string, unknown>): string[] {
  let list = doc.get(section, true);
  if (!isSeq(list)) {
    list = doc.createNode([]);
    doc.set(section, list);
  }
  const node = doc.createNode(value) as YAMLMap;
  for (const pair of node.items) if (isSeq(pair.value)) pair.value.flow = true;
  (list as { add(node: unknown): void }).add(node);
  return [];
}

function flow(doc: Document, values: string[]) {
  const node = doc.createNode(values);
  if (isSeq(node)) node.flow = true;
  return node;
}

// Empty lists and absent flags left out, as a person writes an entry.
function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
}
