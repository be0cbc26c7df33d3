// The CLI's commands. Each opens what it needs through the one wiring (src/compose.ts), does
// one thing, prints its answer, and closes; `run` hands over to src/main.ts. Only `run`,
// `migrate` and `sync` write the catalog; every other command reads the database's.
import { listAlerts, showAlert } from '../alerts/index.js';
import { readFileSync } from 'node:fs';
import { addFeedsToConfig, loadConfig, type VigilConfig } from '../config/index.js';
import { openVigil, type CatalogMode, type Vigil } from '../compose.js';
import { ingestDeps, runPollCycle } from '../cycle.js';
import { rematchItems } from '../rematch.js';
import { ERROR_CODES, EXIT_CODES, VigilError, isVigilError, messageOf } from '../errors.js';
import { listFeeds, listItems, parseOpml, reenableFeed } from '../feeds/index.js';
import { checkFeed } from './feed-check.js';
import { runVigil } from '../main.js';
import { formatAlertShow, formatAlerts, formatFeedCheck, formatFeeds, formatImport, formatConfigSummary, formatCycleReport, formatItems, formatRematchReport, formatSyncReport, printJson, printLines, summarizeConfig } from './output.js';

/** What every command receives from the global options. */
export interface CommandContext {
  configPath: string | undefined;
  env: Record<string, string | undefined>;
  allowFastSchedule: boolean;
}

/** A command's exit code when it ends without throwing (undefined: 0). */
export type CommandResult = number | void;

/** Opens Vigil for one command and closes it after `work`, whatever happens. */
export async function withVigil<T>(ctx: CommandContext, migrations: 'apply' | 'require', catalog: CatalogMode, work: (vigil: Vigil) => Promise<T> | T): Promise<T> {
  const vigil = await openVigil({ configPath: ctx.configPath, env: ctx.env, allowFastSchedule: ctx.allowFastSchedule, migrations, catalog });
  try {
    return await work(vigil);
  } finally {
    await vigil.close();
  }
}

export async function migrateCommand(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  await withVigil(ctx, 'apply', 'sync', ({ app, synced }) => {
    const applied = app.appliedMigrations;
    if (options.json) printJson({ database: app.db.location, applied, catalog: synced });
    else {
      printLines([applied.length > 0 ? `Applied ${applied.join(', ')} to the ${app.db.location}.` : `The ${app.db.location} is up to date.`]);
      if (synced) printLines(formatSyncReport(synced));
    }
  });
}

export async function syncCommand(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'sync', ({ synced }) => {
    if (options.json) printJson(synced);
    else if (synced) printLines(formatSyncReport(synced));
  });
}

/** Matches the items of the last days again with the watchlists the database holds now. */
export async function rematchCommand(ctx: CommandContext, options: { json?: boolean; days?: number }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app, cycle }) => {
    const days = options.days ?? app.config.matching.rematchDays;
    const progress = process.stderr.isTTY ? ({ scanned, changed }: { scanned: number; changed: number }) => process.stderr.write(`\rre-matching: ${scanned.toLocaleString('en')} items read, ${changed} changed`) : undefined;
    const report = await rematchItems(await ingestDeps(cycle), { days, ...(progress ? { onProgress: progress } : {}) });
    if (progress) process.stderr.write('\n');
    if (options.json) printJson(report);
    else printLines(formatRematchReport(report));
  });
}

/** One cycle now; exit 1 when every feed polled failed (the network, a proxy, a typo in every URL). */
export async function pollCommand(ctx: CommandContext, options: { json?: boolean }): Promise<CommandResult> {
  return withVigil(ctx, 'require', 'read', async ({ cycle, mailer }) => {
    const report = await runPollCycle(cycle);
    if (options.json) printJson(report);
    else printLines([...formatCycleReport(report), `Emails go to the ${mailer.describe}.`]);
    if (report.feedsPolled > 0 && report.feedsFailed === report.feedsPolled) {
      process.stderr.write(`vigil: all ${report.feedsPolled} feeds polled failed; \`vigil feeds list\` shows each one's error.\n`);
      return EXIT_CODES.FAILED;
    }
    return undefined;
  });
}

export async function feedsListCommand(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const feeds = await listFeeds(app.db.prisma);
    if (options.json) printJson(feeds);
    else printLines(formatFeeds(feeds));
  });
}

export async function alertsListCommand(ctx: CommandContext, options: { json?: boolean; limit: number; watchlist?: string }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app, catalog }) => {
    const { watchlists } = await catalog.current();
    if (options.watchlist !== undefined && !watchlists.some((w) => w.slug === options.watchlist)) {
      throw new VigilError(ERROR_CODES.NOT_FOUND, `--watchlist: no watchlist "${options.watchlist}" in the database's catalog (known: ${watchlists.map((w) => w.slug).join(', ') || 'none'}).`);
    }
    const alerts = await listAlerts(app.db.prisma, { limit: options.limit, watchlist: options.watchlist });
    if (options.json) printJson(alerts);
    else printLines(formatAlerts(alerts));
  });
}

export async function alertsShowCommand(ctx: CommandContext, id: string, options: { json?: boolean }): Promise<void> {
  const alertId = Number(id);
  if (!Number.isSafeInteger(alertId) || alertId < 1) throw new VigilError(ERROR_CODES.INVALID_INPUT, `An alert id is a whole number such as 12 (got "${id}").`);
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const alert = await showAlert(app.db.prisma, alertId, app.config.risk.historyDays);
    if (!alert) throw new VigilError(ERROR_CODES.NOT_FOUND, `No alert #${alertId} in the ${app.db.location}; \`vigil alerts list\` shows the ids.`);
    if (options.json) printJson(alert);
    else printLines(formatAlertShow(alert));
  });
}

export async function itemsListCommand(ctx: CommandContext, options: { json?: boolean; limit: number; matched?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const items = await listItems(app.db.prisma, { limit: options.limit, matchedOnly: options.matched });
    if (options.json) printJson(items);
    else printLines(formatItems(items));
  });
}

/** `vigil feeds enable <feed>`: a gone or failing feed polled again at the next tick. */
export async function feedsEnableCommand(ctx: CommandContext, key: string, options: { json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const name = await reenableFeed(app.db.prisma, key);
    if (!name) throw new VigilError(ERROR_CODES.NOT_FOUND, `No feed "${key}" in the database's catalog (an id, a name or a URL, as \`vigil feeds list\` shows them).`);
    if (options.json) printJson({ feed: name, enabled: true });
    else printLines([`${name} will be polled at the next tick; its error history is cleared.`]);
  });
}

/**
 * `vigil feeds import <file.opml>`: the feeds of a feed reader's export added to the config's
 * feed list (comments kept), the ones it has already reported; `vigil sync` then polls them.
 */
export function feedsImportCommand(ctx: CommandContext, opmlFile: string, options: { json?: boolean }): CommandResult {
  const config = loadConfig({ path: ctx.configPath, env: ctx.env, allowFastSchedule: ctx.allowFastSchedule });
  let xml: string;
  try {
    xml = readFileSync(opmlFile, 'utf8');
  } catch (error) {
    throw new VigilError(ERROR_CODES.INVALID_INPUT, `Cannot read ${opmlFile}: ${messageOf(error)}`, { cause: error });
  }
  const opml = parseOpml(xml);
  if (!opml.ok) throw new VigilError(ERROR_CODES.INVALID_INPUT, `${opmlFile}: ${opml.error}`);
  const result = addFeedsToConfig(config, opml.feeds);
  if (options.json) printJson({ ...result, skipped: opml.skipped });
  else printLines(formatImport(result, opml.skipped));
}

/** `vigil feeds check <url>`: fetch and parse one URL as a poll would, match it, store nothing. */
export async function feedsCheckCommand(ctx: CommandContext, url: string, options: { json?: boolean }): Promise<CommandResult> {
  const config = loadConfig({ path: ctx.configPath, env: ctx.env, allowFastSchedule: ctx.allowFastSchedule });
  // A URL that is not one is the operator's typo (exit 2), not a feed that cannot be read (exit 1).
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') throw new VigilError(ERROR_CODES.INVALID_INPUT, `<url>: not an http(s) URL: ${url}`);
  const check = await checkFeed(config, url);
  if (options.json) printJson(check);
  else printLines(formatFeedCheck(check));
  return check.ok ? undefined : EXIT_CODES.FAILED;
}

/** `vigil config check`: every file validated, every problem printed; never touches the database. */
export function configCheckCommand(ctx: CommandContext, options: { json?: boolean }): CommandResult {
  let config: VigilConfig;
  try {
    config = loadConfig({ path: ctx.configPath, env: ctx.env, allowFastSchedule: ctx.allowFastSchedule });
  } catch (error) {
    if (!options.json || !isVigilError(error) || error.code !== ERROR_CODES.CONFIG_INVALID) throw error;
    printJson({ ok: false, problems: error.problems });
    return EXIT_CODES.INVALID_INPUT;
  }
  const summary = summarizeConfig(config);
  if (options.json) printJson({ ok: true, ...summary });
  else printLines(formatConfigSummary(summary));
}

export async function runCommand(ctx: CommandContext): Promise<void> {
  const running = await runVigil({ configPath: ctx.configPath, env: ctx.env, allowFastSchedule: ctx.allowFastSchedule });
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      running.vigil.app.log.info({ signal }, 'stopping');
      void running.stop().then(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
