// `vigil subscribers …`: add (a confirmation email, or an operator's recorded --confirmed; or a
// partner's webhook, whose secret is printed once), list, show, remove and export. An operator's word never re-subscribes someone who left and
// never changes what an existing subscriber chose.
import { userInfo, hostname } from 'node:os';
import { Option, type Command } from 'commander';
import { ERROR_CODES, VigilError } from '../errors.js';
import { findSubscriber, listSubscribers, removeSubscriber, type SubscriberView } from '../notify/admin.js';
import { assertWebhookSubscription } from '../notify/webhook-subscription.js';
import { checkWebhookUrl } from '../notify/webhook-url.js';
import {
  CADENCES,
  ConsentRequiredError,
  LANGUAGES,
  assertSubscription,
  parseEmailAddress,
  requestSubscription,
  unsubscribe,
  type Cadence,
  type Language,
  type SubscriptionPrefs,
} from '../notify/index.js';
import { ALERT_LEVELS, type AlertLevel } from '../risk/index.js';
import { normalizeKey } from '../text/index.js';
import type { Vigil } from '../compose.js';
import { withVigil, type CommandContext, type CommandResult } from './commands.js';
import { printJson, printLines } from './output.js';

type Done = (result: Promise<CommandResult> | CommandResult) => Promise<void>;
type AddOptions = { watchlist: string; webhook?: string; confirmed?: boolean; by?: string; minLevel: string; cadence: Cadence; language: Language; place?: string; actor?: string; json?: boolean };

/** Registers `subscribers` and its subcommands. */
export function registerSubscriberCommands(program: Command, ctx: () => CommandContext, done: Done): void {
  const json = (): Option => new Option('--json', 'print JSON for scripts');
  const subscribers = program.command('subscribers').description('people who receive alerts, and what they chose');
  subscribers
    .command('add')
    .description('subscribe an address to a watchlist: a confirmation email is sent, and nothing else until it is confirmed; or, with --webhook, a partner endpoint')
    .argument('[email]', 'email address (none with --webhook)')
    .requiredOption('--watchlist <slug>', 'watchlist to follow, e.g. central-mali')
    .option('--webhook <url>', "POST each event as signed JSON to this https URL instead of emailing (on your word, recorded with --by); prints its secret once")
    .option('--confirmed', "record the address as confirmed on your word (who and when are kept); never re-subscribes someone who unsubscribed")
    .option('--by <name>', 'who asserts --confirmed (default: your user name and host)')
    .option('--min-level <level>', 'lowest level to receive: current-crisis, imminent-risk or serious-concern', 'serious-concern')
    .addOption(new Option('--cadence <cadence>', 'immediate, or a daily digest').choices(CADENCES).default('immediate'))
    .addOption(new Option('--language <language>', 'language of the emails').choices(LANGUAGES).default('en'))
    .option('--place <names>', 'only events at these watched places, comma-separated (a cercle holds its villages)')
    .option('--actor <names>', 'only events naming these watched actors, comma-separated (with --place: either)')
    .addOption(json())
    .action((email: string | undefined, o: AddOptions) => done(o.webhook ? addWebhookCommand(ctx(), email, o.webhook, o) : addCommand(ctx(), email, o)));
  subscribers
    .command('list')
    .description('every subscriber: status (confirmed, unconfirmed, bouncing) and subscriptions')
    .addOption(json())
    .action((o: { json?: boolean }) => done(listCommand(ctx(), o)));
  subscribers
    .command('show')
    .description('one subscriber: who confirmed and when, rejections, each subscription')
    .argument('<subscriber>', 'id or email address')
    .addOption(json())
    .action((key: string, o: { json?: boolean }) => done(showCommand(ctx(), key, o)));
  subscribers
    .command('remove')
    .description('erase a subscriber and their queued emails, or with --watchlist end one subscription')
    .argument('<subscriber>', 'id or email address')
    .option('--watchlist <slug>', 'only unsubscribe from this watchlist')
    .addOption(json())
    .action((key: string, o: { watchlist?: string; json?: boolean }) => done(removeCommand(ctx(), key, o)));
  subscribers
    .command('export')
    .description('every subscription as CSV (one row per subscription), or JSON with --json')
    .addOption(json())
    .action((o: { json?: boolean }) => done(exportCommand(ctx(), o)));
}

async function addCommand(ctx: CommandContext, email: string | undefined, options: AddOptions): Promise<void> {
  if (email === undefined) throw new VigilError(ERROR_CODES.INVALID_INPUT, 'Give an email address, or --webhook URL for a partner endpoint.');
  const address = parseEmailAddress(email);
  if (!address.ok) throw new VigilError(ERROR_CODES.INVALID_INPUT, address.error);
  // Checked before the database is opened: a typo is exit 2 even with the database down.
  const minLevel = parseLevel(options.minLevel);
  await withVigil(ctx, 'require', 'read', async (vigil) => {
    const watchlist = await findWatchlist(vigil, options.watchlist);
    const prefs: SubscriptionPrefs = { minLevel, cadence: options.cadence, language: options.language, ...(await parseFilter(vigil, watchlist, options)) };
    const request = { email: address.email, watchlistId: watchlist.id, prefs, now: vigil.app.now() };
    if (!options.confirmed) {
      const result = await requestSubscription(vigil.app.db.prisma, request);
      if (options.json) return printJson({ ...result, email: address.email, watchlist: watchlist.slug, ...prefs, confirmed: false });
      return printLines([requestLine(address.email, watchlist.slug, result.outcome)]);
    }
    const by = options.by ?? defaultOperator();
    try {
      const result = await assertSubscription(vigil.app.db.prisma, { ...request, by: `${by} (vigil subscribers add --confirmed)` });
      if (options.json) return printJson({ ...result, ...result.prefs, created: result.outcome === 'created', email: address.email, watchlist: watchlist.slug, confirmed: true });
      const what = { created: 'Subscribed', confirmed: 'Confirmed the waiting subscription of', unchanged: 'Unchanged:' }[result.outcome];
      printLines([`${what} ${address.email} to ${watchlist.slug} at ${result.prefs.minLevel} and above, ${result.prefs.cadence} (confirmed by ${by}).`]);
      if (result.outcome === 'unchanged' && result.prefs.minLevel !== prefs.minLevel) printLines([`Their level stays ${result.prefs.minLevel}: a subscriber changes it from the link in every email.`]);
    } catch (error) {
      if (!(error instanceof ConsentRequiredError)) throw error;
      throw new VigilError(
        ERROR_CODES.CONSENT_REQUIRED,
        `${address.email} unsubscribed from ${watchlist.slug} on ${error.unsubscribedAt.toISOString().slice(0, 10)}; only their own confirmation re-subscribes them: run this again without --confirmed to send them a confirmation email.`,
      );
    }
  });
}

async function addWebhookCommand(ctx: CommandContext, email: string | undefined, url: string, options: AddOptions): Promise<void> {
  if (email !== undefined) throw new VigilError(ERROR_CODES.INVALID_INPUT, `Give either an email address or --webhook, not both (got "${email}" and --webhook ${url}).`);
  const minLevel = parseLevel(options.minLevel);
  await withVigil(ctx, 'require', 'read', async (vigil) => {
    const checked = checkWebhookUrl(url, vigil.app.config.mail.allowPrivateWebhooks);
    if (!checked.ok) throw new VigilError(ERROR_CODES.INVALID_INPUT, `--webhook: ${checked.error}`);
    const watchlist = await findWatchlist(vigil, options.watchlist);
    const by = options.by ?? defaultOperator();
    const result = await assertWebhookSubscription(vigil.app.db.prisma, { url: checked.url, watchlistId: watchlist.id, minLevel, by: `${by} (vigil subscribers add --webhook)`, now: vigil.app.now() });
    if (options.json) return printJson({ ...result, webhookUrl: checked.url, watchlist: watchlist.slug, confirmed: true });
    if (result.outcome === 'unchanged') return printLines([`Unchanged: ${checked.url} already receives ${watchlist.slug} events at ${result.minLevel} and above; its secret is the one printed when it was added.`]);
    printLines([
      `Webhook ${checked.url} ${result.outcome === 'created' ? 'subscribed' : 'subscribed again'} to ${watchlist.slug} at ${result.minLevel} and above (asserted by ${by}).`,
      `Secret (shown once; the partner verifies X-Vigil-Signature: sha256=HMAC-SHA256(secret, body) with it):`,
      result.secret,
    ]);
  });
}

function defaultOperator(): string {
  return `operator ${userInfo().username}@${hostname()}`;
}

function requestLine(email: string, slug: string, outcome: string): string {
  if (outcome === 'already-active') return `${email} already receives ${slug} alerts: unchanged, no email sent.`;
  if (outcome === 'confirmation-recent') return `A confirmation email to ${email} for ${slug} was queued in the last 10 minutes: not sending another yet.`;
  return `A confirmation email to ${email} for ${slug} is queued; nothing else is sent to it until the link in it is used (within 48 hours).`;
}

async function listCommand(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const subscribers = await listSubscribers(app.db.prisma);
    if (options.json) return printJson(subscribers);
    if (subscribers.length === 0) return printLines(['No subscribers yet: `vigil subscribers add EMAIL --watchlist SLUG`, or the /subscribe page.']);
    printLines(subscribers.map((s) => `${String(s.id).padStart(5)}  ${recipientOf(s).padEnd(32)} ${s.status.padEnd(11)} ${s.subscriptions.map(describeSubscription).join('; ')}`));
  });
}

async function showCommand(ctx: CommandContext, key: string, options: { json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const subscriber = await requireSubscriber(app.db.prisma, key, app.db.location);
    if (options.json) return printJson(subscriber);
    printLines([
      `Subscriber #${subscriber.id}: ${recipientOf(subscriber)}`,
      `Status:      ${subscriber.status}${subscriber.bouncingAt ? ` since ${subscriber.bouncingAt.toISOString()}` : ''} (${subscriber.rejections} rejection(s))`,
      `Confirmed:   ${subscriber.confirmedAt ? `${subscriber.confirmedAt.toISOString()} by ${subscriber.confirmedBy ?? 'unknown'}` : 'not yet'}`,
      ...subscriber.subscriptions.map((s) => `Watchlist:   ${describeSubscription(s)}${s.confirmedBy ? `, confirmed by ${s.confirmedBy}` : ''}`),
    ]);
  });
}

async function removeCommand(ctx: CommandContext, key: string, options: { watchlist?: string; json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async (vigil) => {
    const db = vigil.app.db.prisma;
    const subscriber = await requireSubscriber(db, key, vigil.app.db.location);
    if (!options.watchlist) {
      await removeSubscriber(db, subscriber.id);
      return options.json ? printJson({ id: subscriber.id, removed: true }) : printLines([`Removed subscriber #${subscriber.id} and everything queued for them.`]);
    }
    const watchlist = await findWatchlist(vigil, options.watchlist);
    const subscription = await db.subscription.findUnique({ where: { subscriberId_watchlistId: { subscriberId: subscriber.id, watchlistId: watchlist.id } }, select: { id: true } });
    if (!subscription) throw new VigilError(ERROR_CODES.NOT_FOUND, `Subscriber #${subscriber.id} does not follow ${watchlist.slug}.`);
    await unsubscribe(db, subscription.id, vigil.app.now());
    if (options.json) printJson({ id: subscriber.id, watchlist: watchlist.slug, unsubscribed: true });
    else printLines([`Unsubscribed #${subscriber.id} from ${watchlist.slug}; their queued emails of it are cancelled.`]);
  });
}

async function exportCommand(ctx: CommandContext, options: { json?: boolean }): Promise<void> {
  await withVigil(ctx, 'require', 'read', async ({ app }) => {
    const subscribers = await listSubscribers(app.db.prisma);
    if (options.json) return printJson(subscribers);
    const header = ['id', 'email', 'status', 'watchlist', 'min_level', 'cadence', 'language', 'state', 'confirmed_at', 'confirmed_by', 'unsubscribed_at', 'webhook_url'];
    const rows = subscribers.flatMap((s) =>
      s.subscriptions.map((sub) => [s.id, s.email, s.status, sub.watchlist, sub.minLevel, sub.cadence, sub.language, sub.state, sub.confirmedAt?.toISOString(), sub.confirmedBy, sub.unsubscribedAt?.toISOString(), s.webhookUrl]),
    );
    printLines([header, ...rows].map((row) => row.map(csvCell).join(',')));
  });
}

// Quoted, and a leading = + - @ neutralised, so a spreadsheet never runs a cell as a formula.
function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n']/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

// An address, or "webhook URL".
function recipientOf(s: Pick<SubscriberView, 'email' | 'webhookUrl'>): string {
  return s.email ?? `webhook ${s.webhookUrl ?? '?'}`;
}

function describeSubscription(s: SubscriberView['subscriptions'][number]): string {
  const only = [...s.filterPlaces, ...s.filterActors];
  return `${s.watchlist} ${s.minLevel}+ ${s.cadence} ${s.language}${only.length ? ` only ${only.join(', ')}` : ''} (${s.state})`;
}

// Ids are 32-bit: a longer number names no subscriber (and the database would refuse to look).
const MAX_ID = 2_147_483_647;

async function requireSubscriber(db: Vigil['app']['db']['prisma'], key: string, location: string): Promise<SubscriberView> {
  const subscriber = /^\d+$/.test(key) && Number(key) > MAX_ID ? null : await findSubscriber(db, key);
  if (!subscriber) throw new VigilError(ERROR_CODES.NOT_FOUND, `No subscriber "${key}" in the ${location} (an id or an address, as \`vigil subscribers list\` shows them).`);
  return subscriber;
}

async function findWatchlist(vigil: Vigil, slug: string): Promise<{ id: number; slug: string }> {
  const { watchlists } = await vigil.catalog.current();
  const watchlist = watchlists.find((w) => w.slug === slug);
  if (!watchlist) throw new VigilError(ERROR_CODES.NOT_FOUND, `No watchlist "${slug}" in the database's catalog (known: ${watchlists.map((w) => w.slug).join(', ') || 'none'}).`);
  return watchlist;
}

/** --place and --actor as the watchlist names them, each name checked against its catalog. */
async function parseFilter(vigil: Vigil, watchlist: { id: number; slug: string }, options: { place?: string; actor?: string }): Promise<{ filterPlaces: string[]; filterActors: string[] }> {
  const db = vigil.app.db.prisma;
  const where = { watchlistId: watchlist.id, retiredAt: null };
  const [places, actors] = await Promise.all([
    options.place ? db.place.findMany({ where, select: { name: true } }) : [],
    options.actor ? db.actor.findMany({ where, select: { name: true } }) : [],
  ]);
  const resolve = (option: string, given: string | undefined, known: { name: string }[]) =>
    (given ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '').map((name) => {
      const found = known.find((k) => normalizeKey(k.name) === normalizeKey(name));
      if (!found) throw new VigilError(ERROR_CODES.INVALID_INPUT, `${option}: no watched ${option.slice(2)} named "${name}" in ${watchlist.slug} (see vigil watchlists show ${watchlist.slug})`);
      return found.name;
    });
  return { filterPlaces: resolve('--place', options.place, places), filterActors: resolve('--actor', options.actor, actors) };
}

function parseLevel(value: string): AlertLevel {
  if ((ALERT_LEVELS as readonly string[]).includes(value)) return value as AlertLevel;
  throw new VigilError(ERROR_CODES.INVALID_INPUT, `--min-level must be one of ${ALERT_LEVELS.join(', ')} (got "${value}")`);
}
