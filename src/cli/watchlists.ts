// `vigil watchlists list|show|import|export`: the watchlist files, read from the config alone
// (no database). Import turns a gazetteer into places and writes or merges the slug's file;
// export writes the places back out in a form import reads.
import { writeFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import {
  importIntoWatchlist,
  loadConfig,
  PLACE_KINDS,
  readGazetteerPlaces,
  renderPlaces,
  restoreWatchlistFile,
  type GazetteerColumns,
  type PlaceKind,
  type VigilConfig,
  type WatchlistConfig,
} from '../config/index.js';
import { ERROR_CODES, EXIT_CODES, VigilError } from '../errors.js';
import type { CommandContext, CommandResult } from './commands.js';
import { formatWatchlistImport, formatWatchlists, formatWatchlistShow, printJson, printLines, summarizeWatchlist } from './output.js';

/** The options of `vigil watchlists import`, as commander parses them. */
export interface WatchlistImportOptions {
  nameColumn?: string;
  altNamesColumn?: string;
  altNamesSeparator: string;
  adminColumns?: string[];
  adminKinds?: string[];
  kind: string;
  lat?: string;
  lon?: string;
  refColumn?: string;
  country?: string;
  watchlistName?: string;
  dryRun?: boolean;
  json?: boolean;
}

function configOf(ctx: CommandContext): VigilConfig {
  return loadConfig({ path: ctx.configPath, env: ctx.env, allowFastSchedule: ctx.allowFastSchedule });
}

function findWatchlist(config: VigilConfig, slug: string): WatchlistConfig {
  const watchlist = config.watchlists.find((w) => w.slug === slug);
  if (watchlist) return watchlist;
  const known = config.watchlists.map((w) => w.slug).join(', ');
  throw new VigilError(ERROR_CODES.NOT_FOUND, `No watchlist "${slug}" in the configuration; known: ${known}.`);
}

/** `vigil watchlists list`: each watchlist with its file and counts. */
export function watchlistsListCommand(ctx: CommandContext, options: { json?: boolean }): void {
  const summaries = configOf(ctx).watchlists.map(summarizeWatchlist);
  if (options.json) printJson(summaries);
  else printLines(formatWatchlists(summaries));
}

/** `vigil watchlists show <slug>`: every place and actor of one watchlist. */
export function watchlistsShowCommand(ctx: CommandContext, slug: string, options: { json?: boolean }): void {
  const watchlist = findWatchlist(configOf(ctx), slug);
  if (options.json) printJson({ ...summarizeWatchlist(watchlist), recommendedActions: watchlist.recommendedActions ?? null, places: watchlist.places, actors: watchlist.actors });
  else printLines(formatWatchlistShow(watchlist));
}

/** `vigil watchlists export <slug>`: the places as CSV or GeoJSON, to a file or stdout. */
export function watchlistsExportCommand(ctx: CommandContext, slug: string, options: { format: string; output?: string }): void {
  if (options.format !== 'csv' && options.format !== 'geojson') throw new VigilError(ERROR_CODES.INVALID_INPUT, `--format must be csv or geojson (got "${options.format}")`);
  const text = renderPlaces(findWatchlist(configOf(ctx), slug).places, options.format);
  if (options.output) writeFileSync(options.output, text);
  else process.stdout.write(text);
}

/** `vigil watchlists import <slug> <file>`: exit 2 when the file or the resulting watchlist is not valid (nothing written). */
export function watchlistsImportCommand(ctx: CommandContext, slug: string, file: string, options: WatchlistImportOptions): CommandResult {
  const started = Date.now();
  // Checked before the file is read: the slug names the file written (config/watchlists/<slug>.yaml).
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new VigilError(ERROR_CODES.INVALID_INPUT, `<slug>: "${slug}" is not a watchlist slug (lower-case words joined by hyphens, e.g. central-mali)`);
  const config = configOf(ctx);
  const imported = readGazetteerPlaces(file, columnsOf(options));
  const { previousText, ...report } = importIntoWatchlist(config, slug, imported, { dryRun: options.dryRun ?? false, watchlistName: options.watchlistName, source: file });
  if (report.written) confirmMatched(config, report.file, previousText);
  const result = { ...report, dryRun: options.dryRun ?? false, durationMs: Date.now() - started };
  if (options.json) printJson(result);
  else printLines(formatWatchlistImport(result));
  if (report.problems.length === 0) return undefined;
  const problems = report.problems.length === 1 ? '1 problem' : `${report.problems.length} problems`;
  process.stderr.write(`vigil: ${report.file} would not load (${problems}, listed above); nothing was written.\n`);
  return EXIT_CODES.INVALID_INPUT;
}

// The file was checked as loadConfig checks it, and its slug is new or its own: what is left is
// that a new file might lie outside the config's globs (`watchlists/mali-*.yaml`). Then the
// file is taken back rather than left unread. (A whole loadConfig again would cost seconds for a
// gazetteer-sized watchlist, to learn nothing more.)
function confirmMatched(config: VigilConfig, file: string, previousText: string | null): void {
  const matched = config.watchlistGlobs.some((glob) => globSync(glob, { absolute: true, onlyFiles: true }).includes(file));
  if (matched) return;
  restoreWatchlistFile(file, previousText);
  throw new VigilError(ERROR_CODES.CONFIG_INVALID, `${file} would not be read: the config's watchlists globs (${config.watchlistGlobs.join(', ')}) do not match it; nothing was written.`);
}

function columnsOf(options: WatchlistImportOptions): GazetteerColumns | null {
  if (!options.nameColumn) {
    const given = [options.altNamesColumn, options.adminColumns, options.lat, options.lon, options.refColumn].some((o) => o !== undefined);
    if (given) throw new VigilError(ERROR_CODES.INVALID_INPUT, '--name-column is needed with the other column options');
    return null;
  }
  if ((options.lat === undefined) !== (options.lon === undefined)) throw new VigilError(ERROR_CODES.INVALID_INPUT, '--lat and --lon go together');
  const admin = options.adminColumns ?? [];
  return {
    name: options.nameColumn,
    altNames: options.altNamesColumn,
    altNamesSeparator: options.altNamesSeparator,
    admin,
    adminKinds: adminKindsOf(admin, options.adminKinds),
    kind: parseKind(options.kind, '--kind'),
    lat: options.lat,
    lon: options.lon,
    ref: options.refColumn,
    country: options.country,
  };
}

// OCHA's ADM3, ADM2, ADM1 are Mali's commune, cercle and region: the default for up to three columns.
const DEFAULT_ADMIN_KINDS: readonly PlaceKind[] = ['commune', 'cercle', 'region'];

function adminKindsOf(admin: readonly string[], kinds: readonly string[] | undefined): PlaceKind[] {
  if (!kinds) {
    if (admin.length > DEFAULT_ADMIN_KINDS.length) throw new VigilError(ERROR_CODES.INVALID_INPUT, `--admin-kinds is needed with more than ${DEFAULT_ADMIN_KINDS.length} admin columns`);
    return DEFAULT_ADMIN_KINDS.slice(DEFAULT_ADMIN_KINDS.length - admin.length);
  }
  if (kinds.length !== admin.length) throw new VigilError(ERROR_CODES.INVALID_INPUT, `--admin-kinds names ${kinds.length} kinds for ${admin.length} admin columns`);
  return kinds.map((k) => parseKind(k, '--admin-kinds'));
}

function parseKind(value: string, option: string): PlaceKind {
  if ((PLACE_KINDS as readonly string[]).includes(value)) return value as PlaceKind;
  throw new VigilError(ERROR_CODES.INVALID_INPUT, `${option}: "${value}" is not a place kind (one of ${PLACE_KINDS.join(', ')})`);
}
