// `vigil watchlists test <slug> "some text"`: the text matched against one watchlist of the
// config, every candidate name printed with whether it counted and why, so a watchlist keeper
// sees what an alias or an `ambiguous` flag does before committing it. Needs no database.
import { offlineWatchlists } from '../catalog/index.js';
import { loadConfig, type VigilConfig } from '../config/index.js';
import { ERROR_CODES, VigilError } from '../errors.js';
import { compileMatcher, explainMatches, type MatchExplanation } from '../matching/index.js';
import type { CommandContext, CommandResult } from './commands.js';
import { printJson, printLines } from './output.js';

/** What `vigil watchlists test` found: every candidate mention, counted or not. */
export interface WatchlistTest {
  watchlist: string;
  text: string;
  candidates: Omit<MatchExplanation, 'entityId' | 'watchlistId'>[];
}

/** Matches `text` against the watchlist `slug` of the config; throws NOT_FOUND, naming the known slugs, for an unknown one. */
export function testWatchlist(config: VigilConfig, slug: string, text: string): WatchlistTest {
  const watchlist = config.watchlists.find((w) => w.slug === slug);
  if (!watchlist) {
    const known = config.watchlists.map((w) => w.slug).join(', ') || 'none';
    throw new VigilError(ERROR_CODES.NOT_FOUND, `No watchlist "${slug}" in the config (known: ${known}).`);
  }
  const matcher = compileMatcher(offlineWatchlists([watchlist]), { contextRadiusKm: config.matching.contextRadiusKm });
  // Ids are numbered for this run only: an operator reads names.
  const candidates = explainMatches(matcher, { title: '', text }).map(({ entityId: _entity, watchlistId: _watchlist, ...rest }) => rest);
  return { watchlist: slug, text, candidates };
}

/** The candidates as an operator reads them: one line per mention, its evidence below. */
export function formatWatchlistTest(t: WatchlistTest): string[] {
  if (t.candidates.length === 0) return [`No name of watchlist ${t.watchlist} in the text.`];
  const counted = t.candidates.filter((c) => c.counted).length;
  return [
    `Watchlist ${t.watchlist}: ${t.candidates.length} candidate${t.candidates.length === 1 ? '' : 's'}, ${counted} counted.`,
    ...t.candidates.flatMap((c) => [
      `${c.counted ? 'counted' : 'ignored'}  ${c.name} (${c.kind})  "${c.alias}" at ${c.start}-${c.end}: ${c.why}`,
      `         ${c.sentence}`,
    ]),
  ];
}

/** `vigil watchlists test <slug> <text> [--json]`. */
export function watchlistsTestCommand(ctx: CommandContext, slug: string, text: string, options: { json?: boolean }): CommandResult {
  const config = loadConfig({ path: ctx.configPath, env: ctx.env, allowFastSchedule: ctx.allowFastSchedule });
  const result = testWatchlist(config, slug, text);
  if (options.json) printJson(result);
  else printLines(formatWatchlistTest(result));
}
