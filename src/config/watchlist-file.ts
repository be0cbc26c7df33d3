// Writing imported places into a watchlist file: a new file beside the other watchlists, or the
// slug's own file merged in place, with every comment and hand-written line kept (yaml's
// Document API, as src/config/feeds-file.ts does for feeds). The text is checked as loadConfig
// checks it before anything is written, and written whole (a temporary file renamed over it).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { ERROR_CODES, VigilError } from '../errors.js';
import type { DroppedAlias, GazetteerPlaces, PlaceFile, SkippedRecord } from './gazetteer.js';
import { checkWatchlistText, type ConfigWarning, type VigilConfig } from './load.js';
import { mergePlaces, type MergeConflict, type PlacesMerge } from './watchlist-merge.js';

// As the shipped watchlists are written: `[Bankass, Mopti, Mali]`, long lists kept on one line.
const TO_STRING = { flowCollectionPadding: false, lineWidth: 0 } as const;

/** What an import did, or would do (`--dry-run`), to a watchlist file. */
export interface WatchlistImportReport {
  slug: string;
  file: string;
  /** True when the slug had no file: a new one is written. */
  created: boolean;
  written: boolean;
  added: number;
  merged: number;
  unchanged: number;
  duplicates: number;
  conflicts: MergeConflict[];
  skipped: SkippedRecord[];
  droppedAliases: DroppedAlias[];
  /** Problems of the resulting file: when there are any, nothing is written. */
  problems: string[];
  warnings: ConfigWarning[];
}

export interface ImportOptions {
  dryRun: boolean;
  /** The watchlist's name when the file is new. */
  watchlistName?: string;
  /** The gazetteer file, named in a new file's header comment. */
  source: string;
}

/** Merges `imported` into the watchlist `slug` (or a new file for it), checks the result, and writes it unless told not to. */
export function importIntoWatchlist(config: VigilConfig, slug: string, imported: GazetteerPlaces, options: ImportOptions): WatchlistImportReport & { previousText: string | null } {
  const existing = config.watchlists.find((w) => w.slug === slug);
  const file = existing?.file ?? join(watchlistDir(config), `${slug}.yaml`);
  if (!existing && existsSync(file)) {
    throw new VigilError(ERROR_CODES.INVALID_INPUT, `${file} exists but holds no watchlist "${slug}"; choose another slug or fix that file.`);
  }
  const merge = mergePlaces(existing?.places ?? [], imported.places, existing?.actors ?? []);
  const previousText = existing ? readFileSync(file, 'utf8') : null;
  const text = previousText === null ? newWatchlistText(slug, options, merge.added) : mergeIntoText(previousText, merge);
  const { problems, warnings } = checkWatchlistText(file, text);
  const changed = merge.added.length + merge.updated.length > 0;
  const written = problems.length === 0 && changed && !options.dryRun;
  if (written) writeWhole(file, text);
  return {
    slug,
    file,
    created: !existing,
    written,
    added: merge.added.length,
    merged: merge.updated.length,
    unchanged: merge.unchanged,
    duplicates: imported.duplicates,
    conflicts: merge.conflicts,
    skipped: imported.skipped,
    droppedAliases: [...imported.droppedAliases, ...merge.droppedAliases],
    problems,
    warnings,
    previousText,
  };
}

/** Puts back what `importIntoWatchlist` replaced (the config did not load with it). */
export function restoreWatchlistFile(file: string, previousText: string | null): void {
  if (previousText === null) rmSync(file, { force: true });
  else writeWhole(file, previousText);
}

// The fixed part of the first glob: `config/watchlists/*.yaml` → `config/watchlists`.
function watchlistDir(config: VigilConfig): string {
  const glob = config.watchlistGlobs[0] ?? join(dirname(config.file), 'watchlists', '*.yaml');
  const parts = glob.split('/');
  const firstMagic = parts.findIndex((part) => /[*?[\]{}!]/.test(part));
  return firstMagic < 0 ? dirname(glob) : parts.slice(0, firstMagic).join('/') || '/';
}

// A reader opening the file cold should know where it came from and how to refresh it.
function newWatchlistText(slug: string, options: ImportOptions, places: readonly PlaceFile[]): string {
  const doc = new Document({ slug, name: options.watchlistName ?? slug, places: [] });
  doc.commentBefore = [
    ` Watchlist ${slug}, imported from ${basename(options.source)} by \`vigil watchlists import\`.`,
    ' Edit freely: a later import into this slug keeps what is written here and adds only what is new.',
    ' Places sharing a name are qualified by their area ("Kowa (Bankass)"), keep the bare name as an alias',
    ' and are marked ambiguous: a bare mention then counts only with its own context.',
  ].join('\n');
  const list = doc.get('places', true) as YAMLSeq;
  for (const place of places) list.add(placeNode(doc, place));
  return doc.toString(TO_STRING);
}

function mergeIntoText(text: string, merge: PlacesMerge): string {
  const doc = parseDocument(text);
  let list = doc.get('places', true);
  if (!isSeq(list)) {
    list = doc.createNode([]);
    doc.set('places', list);
  }
  const seq = list as YAMLSeq;
  for (const update of merge.updated) {
    const node = seq.items[update.index];
    if (!isMap(node)) continue;
    if (update.addAliases.length > 0) appendList(doc, node, 'aliases', update.addAliases);
    for (const [key, value] of Object.entries(update.fill)) node.set(key, flowNode(doc, value));
  }
  for (const place of merge.added) seq.add(placeNode(doc, place));
  return doc.toString(TO_STRING);
}

function appendList(doc: Document, node: YAMLMap, key: string, values: readonly string[]): void {
  const current = node.get(key, true);
  if (isSeq(current)) for (const value of values) current.add(doc.createNode(value));
  else node.set(key, flowNode(doc, [...values]));
}

// Lists on one line, as the shipped watchlists write them; defaults left out.
function placeNode(doc: Document, place: PlaceFile): YAMLMap {
  const entry = {
    name: place.name,
    kind: place.kind,
    ...(place.aliases.length > 0 ? { aliases: place.aliases } : {}),
    ...(place.within.length > 0 ? { within: place.within } : {}),
    ...(place.ambiguous ? { ambiguous: true } : {}),
    ...(place.coordinates ? { coordinates: place.coordinates } : {}),
    ...(place.ref ? { ref: place.ref } : {}),
  };
  const node = doc.createNode(entry);
  for (const pair of node.items) if (isSeq(pair.value)) pair.value.flow = true;
  return node;
}

function flowNode(doc: Document, value: unknown): unknown {
  const node = doc.createNode(value);
  if (isSeq(node)) node.flow = true;
  return node;
}

function writeWhole(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
