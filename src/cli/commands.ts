// The CLI's commands. Each opens what it needs (see src/app.ts), does one thing, prints its
// answer, and closes; `run` hands over to src/main.ts.
import { listAlerts } from '../alerts/index.js';
import { openApp, type App, type OpenAppOptions } from '../app.js';
import { cycleDeps, prepareCatalog, runPollCycle } from '../cycle.js';
import { ERROR_CODES, VigilError } from '../errors.js';
import { listItems } from '../feeds/index.js';
import { runVigil } from '../main.js';
import { createMailer, parseEmailAddress, upsertSubscription } from '../notify/index.js';
import { ALERT_LEVELS, type AlertLevel } from '../risk/index.js';
import { formatAlerts, formatCycleReport, formatItems, printJson, printLines } from './output.js';

/** What every command receives from the global options. */
export interface CommandContext {
  configPath: string | undefined;
  env: Record<string, string | undefined>;
}

async function withApp<T>(ctx: CommandContext, migrations: OpenAppOptions['migrations'], work: (app: App) => Promise<T> | T): Promise<T> {
  const app = await openApp({ configPath: ctx.configPath, env: ctx.env, migrations });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

export async function migrateCommand(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  await withApp(ctx, 'apply', (app) => {
    const applied = app.appliedMigrations;
    if (options.json) printJson({ database: app.db.location, applied });
    else printLines([applied.length > 0 ? `Applied ${applied.join(', ')} to the ${app.db.location}.` : `The ${app.db.location} is up to date.`]);
  });
}

export async function pollCommand(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  await withApp(ctx, 'require', async (app) => {
    const catalog = await prepareCatalog(app);
    const mailer = createMailer(app.config.mail);
    try {
      const report = await runPollCycle(cycleDeps(app, catalog, mailer.send));
      if (options.json) printJson(report);
      else printLines([...formatCycleReport(report), `Emails go to the ${mailer.describe}.`]);
    } finally {
      mailer.close();
    }
  });
}

export async function alertsListCommand(ctx: CommandContext, options: { json?: boolean; limit: number; watchlist?: string }): Promise<void> {
  await withApp(ctx, 'require', async (app) => {
    const alerts = await listAlerts(app.db.prisma, { limit: options.limit, watchlist: options.watchlist });
    if (options.json) printJson(alerts);
    else printLines(formatAlerts(alerts));
  });
}

export async function itemsListCommand(ctx: CommandContext, options: { json?: boolean; limit: number; matched?: boolean }): Promise<void> {
  await withApp(ctx, 'require', async (app) => {
    const items = await listItems(app.db.prisma, { limit: options.limit, matchedOnly: options.matched });
    if (options.json) printJson(items);
    else printLines(formatItems(items));
  });
}

export async function subscribersAddCommand(
  ctx: CommandContext,
  email: string,
  options: { watchlist: string; confirmed?: boolean; minLevel: string; json?: boolean },
): Promise<void> {
  const address = parseEmailAddress(email);
  if (!address.ok) throw new VigilError(ERROR_CODES.INVALID_INPUT, address.error);
  const minLevel = parseLevel(options.minLevel);
  await withApp(ctx, 'require', async (app) => {
    const { watchlists } = await prepareCatalog(app);
    const watchlist = watchlists.find((w) => w.slug === options.watchlist);
    if (!watchlist) {
      const known = watchlists.map((w) => w.slug).join(', ') || 'none';
      throw new VigilError(ERROR_CODES.NOT_FOUND, `No watchlist "${options.watchlist}" in the configuration (known: ${known}).`);
    }
    const result = await upsertSubscription(app.db.prisma, { email: address.email, watchlistId: watchlist.id, minLevel, confirmed: options.confirmed ?? false, now: app.now() });
    const summary = { ...result, email: address.email, watchlist: watchlist.slug, minLevel, confirmed: options.confirmed ?? false };
    if (options.json) printJson(summary);
    else {
      const state = options.confirmed ? 'confirmed' : 'not confirmed: nothing is sent until the address is confirmed';
      printLines([`${result.created ? 'Subscribed' : 'Updated'} ${address.email} to ${watchlist.slug} at ${minLevel} and above (${state}).`]);
    }
  });
}

export async function runCommand(ctx: CommandContext): Promise<void> {
  const vigil = await runVigil({ configPath: ctx.configPath, env: ctx.env });
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      vigil.app.log.info({ signal }, 'stopping');
      void vigil.stop().then(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

function parseLevel(value: string): AlertLevel {
  if ((ALERT_LEVELS as readonly string[]).includes(value)) return value as AlertLevel;
  throw new VigilError(ERROR_CODES.INVALID_INPUT, `--min-level must be one of ${ALERT_LEVELS.join(', ')} (got "${value}")`);
}
