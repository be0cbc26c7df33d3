// Loads the configuration once: the main file, the feeds, the watchlists and the risk rules it
// names, then the environment overrides. Every problem of every file is reported at once, each
// with its file and line; the result is frozen and each stage gets its slice.
import { dirname, isAbsolute, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { z } from 'zod';
import { ERROR_CODES, VigilError } from '../errors.js';
import { BUILT_IN_RISK_FILE } from '../paths.js';
import { isFasterThanOneMinute } from './schedule.js';
import { readSecretFiles } from './secrets.js';
import { adminToken, feedListSchema, postgresUrl, riskSchema, smtpUrl, vigilFileSchema, watchlistSchema } from './schema.js';
import type { FeedFile, RiskFile, VigilFile, WatchlistFile } from './schema.js';
import { checkWatchlist } from './watchlist-rules.js';
import { displayPath, parseYaml, readYamlFile, type PathSegment, type Position, type ValidateAt, type YamlResult } from './yaml.js';

export type FeedConfig = Readonly<Omit<FeedFile, 'language'> & { language: string | null }>;
export type RiskConfig = Readonly<RiskFile>;
export type WatchlistConfig = Readonly<WatchlistFile> & { readonly file: string };
export type PlaceConfig = WatchlistFile['places'][number];
export type ActorConfig = WatchlistFile['actors'][number];
/** The feeds stage's slice: per-feed limits and the contact in the User-Agent. */
export type PollingConfig = Readonly<VigilFile['polling']>;
/** The matching stage's slice: how far back a watchlist change re-matches, what counts as near. */
export type MatchingConfig = Readonly<VigilFile['matching']>;
/** The notify stage's slice: sender, SMTP server or .eml outbox. */
export interface MailConfig {
  readonly from: string;
  readonly smtpUrl: string | null;
  readonly outboxDir: string;
  /** The daily digest's hour (0-23) in `timezone` (an IANA name). */
  readonly digestHour: number;
  readonly timezone: string;
  /** Immediate notices one address receives in any hour; the rest go out in one summary. */
  readonly maxImmediatePerHour: number;
  /** Webhooks may POST to loopback and private addresses, and over plain http. */
  readonly allowPrivateWebhooks: boolean;
}
/** The web stage's slice: where it listens, the address in email links, whom to trust, the admin's token. */
export interface WebConfig {
  readonly port: number;
  readonly host: string;
  readonly baseUrl: string;
  readonly trustProxy: boolean | readonly string[];
  /** null: the admin pages are off. */
  readonly adminToken: string | null;
}

/** Something in a file that loads but deserves a look (two ambiguous places sharing an alias). */
export interface ConfigWarning extends Position {
  readonly message: string;
}

/** The whole, validated, frozen configuration. */
export interface VigilConfig {
  /** Absolute path of the main config file. */
  readonly file: string;
  readonly schedule: string;
  readonly dataDir: string;
  readonly logLevel: string;
  /** null: the embedded database under dataDir. */
  readonly databaseUrl: string | null;
  readonly feeds: readonly FeedConfig[];
  /** The file the feed list was read from; null when it is written in the main file itself. */
  readonly feedsFile: string | null;
  readonly watchlists: readonly WatchlistConfig[];
  /** The globs the watchlist files are found by, absolute (`vigil watchlists import` writes beside them). */
  readonly watchlistGlobs: readonly string[];
  readonly risk: RiskConfig;
  /** Where the risk rules came from: the file the config names, or the rules Vigil ships. */
  readonly riskSource: { readonly kind: 'file' | 'built-in'; readonly file: string };
  readonly polling: PollingConfig;
  readonly matching: MatchingConfig;
  readonly mail: MailConfig;
  readonly web: WebConfig;
  /** What loaded but deserves a look, each with file and line: `vigil config check` prints them, `vigil run` logs them. */
  readonly warnings: readonly ConfigWarning[];
}

export interface LoadConfigOptions {
  /** The main file; default VIGIL_CONFIG, then config/vigil.yaml in the working directory. */
  path?: string;
  env?: Record<string, string | undefined>;
  /** Accept a schedule that polls more often than once a minute (`--allow-fast-schedule`). */
  allowFastSchedule?: boolean;
}

/** Loads and checks the configuration; throws VIGIL_CONFIG_INVALID listing every problem. */
export function loadConfig(options: LoadConfigOptions = {}): VigilConfig {
  const env = options.env ?? {};
  const file = resolve(options.path ?? env.VIGIL_CONFIG ?? 'config/vigil.yaml');
  const problems: string[] = [];
  const warnings: ConfigWarning[] = [];
  const main = readYamlFile(file, vigilFileSchema);
  if (!main.ok) throw configError(file, [...main.problems, ...inlineFeedProblems(main)]);
  const dir = dirname(file);
  const fromFile = (p: string): string => (isAbsolute(p) ? p : resolve(dir, p));

  const feeds = loadFeeds(main.value.feeds, fromFile, main.validateAt, problems);
  const watchlists = loadWatchlists(main.value.watchlists.map(fromFile), problems, warnings);
  const riskSource = main.value.risk === undefined ? { kind: 'built-in' as const, file: BUILT_IN_RISK_FILE } : { kind: 'file' as const, file: fromFile(main.value.risk) };
  const risk = loadRisk(riskSource.file, problems);
  if (!options.allowFastSchedule && isFasterThanOneMinute(main.value.schedule)) {
    problems.push(
      `${main.locate(['schedule'])}: schedule: "${main.value.schedule}" polls more than once a minute; publishers' feeds ask for politeness, ` +
        'so Vigil refuses it (use a five-field schedule such as "*/10 * * * *", or pass --allow-fast-schedule for a test)',
    );
  }
  const overrides = readEnvOverrides(readSecretFiles(env, problems), problems);
  if (problems.length > 0 || !risk) throw configError(file, problems);

  const web = { ...main.value.web, ...overrides.web };
  const smtp = overrides.smtpUrl ?? main.value.mail.smtpUrl ?? null;
  if (smtp && isLocalBaseUrl(web.baseUrl)) {
    const where = web.baseUrl === undefined ? ['web'] : overrides.web?.baseUrl ? [] : ['web', 'baseUrl'];
    warnings.push({ ...main.position(where), message: localLinksWarning(web.baseUrl) });
  }
  const dataDir = overrides.dataDir ? resolve(overrides.dataDir) : fromFile(main.value.dataDir ?? resolve('data'));
  return deepFreeze({
    file,
    schedule: main.value.schedule,
    dataDir,
    logLevel: overrides.logLevel ?? main.value.logLevel,
    databaseUrl: overrides.databaseUrl ?? main.value.database.url ?? null,
    feeds: feeds.map((f) => ({ ...f, language: f.language ?? null })),
    feedsFile: Array.isArray(main.value.feeds) ? null : fromFile(main.value.feeds),
    watchlists,
    watchlistGlobs: main.value.watchlists.map(fromFile),
    risk,
    riskSource,
    polling: main.value.polling,
    matching: main.value.matching,
    mail: {
      from: main.value.mail.from,
      smtpUrl: smtp,
      outboxDir: resolve(dataDir, 'outbox'),
      digestHour: main.value.mail.digestHour,
      timezone: main.value.mail.timezone,
      maxImmediatePerHour: main.value.mail.maxImmediatePerHour,
      allowPrivateWebhooks: main.value.mail.allowPrivateWebhooks,
    },
    web: {
      port: web.port,
      host: web.host,
      baseUrl: (web.baseUrl ?? `http://localhost:${web.port}`).replace(/\/+$/, ''),
      trustProxy: web.trustProxy,
      adminToken: web.adminToken ?? null,
    },
    warnings,
  });
}

// Emails sent through a real mail server carry links to the web app: to localhost they reach nobody.
function isLocalBaseUrl(baseUrl: string | undefined): boolean {
  if (baseUrl === undefined) return true;
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host.startsWith('127.');
}

function localLinksWarning(baseUrl: string | undefined): string {
  const shown = baseUrl ?? 'unset, so http://localhost:PORT';
  return `emails go out through SMTP but web.baseUrl is ${shown}: their links (event pages, unsubscribe) will not open for anyone else. Set VIGIL_BASE_URL or web.baseUrl to the public address of the web app`;
}

function configError(file: string, problems: string[]): VigilError {
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  return new VigilError(ERROR_CODES.CONFIG_INVALID, `The configuration (${displayPath(file)}) has ${count}:\n${problems.map((p) => `  ${p}`).join('\n')}`, {
    problems,
  });
}

function loadFeeds(feeds: VigilFile['feeds'], fromFile: (p: string) => string, validateInline: ValidateAt, problems: string[]): FeedFile[] {
  const inline = Array.isArray(feeds);
  const result = inline ? validateInline(['feeds'], feedListSchema) : readYamlFile(fromFile(feeds), feedListSchema);
  if (!result.ok) {
    problems.push(...result.problems);
    return [];
  }
  return checkFeedUrls(result.value, (path) => result.locate(inline ? ['feeds', ...path] : path), problems);
}

// When the main file is refused, its inline feeds are still checked, so that every problem of
// the file is reported in one go.
function inlineFeedProblems(main: Extract<YamlResult<unknown>, { ok: false }>): string[] {
  const feeds = (main.raw as { feeds?: unknown } | undefined)?.feeds;
  if (!Array.isArray(feeds) || !main.validateAt) return [];
  const result = main.validateAt(['feeds'], feedListSchema);
  return result.ok ? [] : result.problems;
}

function checkFeedUrls(feeds: FeedFile[], locate: (path: PathSegment[]) => string, problems: string[]): FeedFile[] {
  const seen = new Map<string, number>();
  feeds.forEach((feed, i) => {
    const first = seen.get(feed.url);
    if (first !== undefined) problems.push(`${locate([i, 'url'])}: feed URL ${feed.url} is already listed as feed [${first}]`);
    else seen.set(feed.url, i);
  });
  return feeds;
}

function loadWatchlists(patterns: string[], problems: string[], warnings: ConfigWarning[]): WatchlistConfig[] {
  const files = [...new Set(patterns.flatMap((p) => globSync(p, { absolute: true, onlyFiles: true })))].sort();
  if (files.length === 0) problems.push(`watchlists: no file matches ${patterns.map(displayPath).join(', ')}`);
  const watchlists: WatchlistConfig[] = [];
  const slugs = new Map<string, string>();
  for (const file of files) {
    const result = readYamlFile(file, watchlistSchema);
    const checked = checkWatchlistResult(result, problems, warnings);
    if (!checked || !result.ok) continue;
    const other = slugs.get(checked.slug);
    if (other) problems.push(`${result.locate(['slug'])}: slug "${checked.slug}" is already used by ${displayPath(other)}`);
    slugs.set(checked.slug, file);
    watchlists.push({ ...checked, file });
  }
  return watchlists;
}

/**
 * Checks a watchlist file not yet written (an import's result) as loadConfig would check it:
 * its problems, each with file:line, and its warnings.
 */
export function checkWatchlistText(file: string, text: string): { problems: string[]; warnings: ConfigWarning[] } {
  const problems: string[] = [];
  const warnings: ConfigWarning[] = [];
  checkWatchlistResult(parseYaml(file, text, watchlistSchema), problems, warnings);
  return { problems, warnings };
}

function checkWatchlistResult(result: YamlResult<WatchlistFile>, problems: string[], warnings: ConfigWarning[]): WatchlistFile | null {
  if (!result.ok) {
    problems.push(...result.problems);
    return null;
  }
  for (const finding of checkWatchlist(result.value)) {
    if (finding.severity === 'error') problems.push(`${result.locate(finding.path)}: ${finding.message}`);
    else warnings.push({ ...result.position(finding.path), message: finding.message });
  }
  return result.value;
}

function loadRisk(file: string, problems: string[]): RiskFile | null {
  const result = readYamlFile(file, riskSchema);
  if (!result.ok) {
    problems.push(...result.problems);
    return null;
  }
  const checkKinds = (section: 'levels' | 'figuresNeed', key: string, kinds: readonly string[], path: PathSegment[]): void => {
    kinds.forEach((kind, i) => {
      if (!(kind in result.value.violence)) problems.push(`${result.locate([...path, i])}: ${section}.${key}: kind "${kind}" is not defined under violence`);
    });
  };
  for (const [level, rule] of Object.entries(result.value.levels)) checkKinds('levels', level, rule.kinds, ['levels', level, 'kinds']);
  for (const [figure, kinds] of Object.entries(result.value.figuresNeed)) checkKinds('figuresNeed', figure, kinds ?? [], ['figuresNeed', figure]);
  return result.value;
}

// The environment wins over the files (DESIGN.md, "Configuration"); one row per variable.
const ENV_OVERRIDES = {
  DATABASE_URL: postgresUrl,
  SMTP_URL: smtpUrl,
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535),
  HOST: z.string().min(1),
  VIGIL_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  VIGIL_DATA_DIR: z.string().min(1),
  LOG_LEVEL: vigilFileSchema.shape.logLevel.unwrap(),
  VIGIL_ADMIN_TOKEN: adminToken,
} as const;

interface EnvOverrides {
  databaseUrl?: string;
  smtpUrl?: string;
  dataDir?: string;
  logLevel?: string;
  web?: { port?: number; host?: string; baseUrl?: string; adminToken?: string };
}

function readEnvOverrides(env: Record<string, string | undefined>, problems: string[]): EnvOverrides {
  const read = <K extends keyof typeof ENV_OVERRIDES>(name: K): z.output<(typeof ENV_OVERRIDES)[K]> | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const parsed = ENV_OVERRIDES[name].safeParse(raw);
    if (parsed.success) return parsed.data as z.output<(typeof ENV_OVERRIDES)[K]>;
    // URLs may hold passwords: they are not echoed.
    const shown = name.endsWith('_URL') || name.endsWith('_TOKEN') ? '' : ` (got ${JSON.stringify(raw)})`;
    problems.push(`environment variable ${name}: ${parsed.error.issues[0]?.message ?? 'is not valid'}${shown}`);
    return undefined;
  };
  const web = { port: read('PORT'), host: read('HOST'), baseUrl: read('VIGIL_BASE_URL'), adminToken: read('VIGIL_ADMIN_TOKEN') };
  return {
    databaseUrl: read('DATABASE_URL'),
    smtpUrl: read('SMTP_URL'),
    dataDir: read('VIGIL_DATA_DIR'),
    logLevel: read('LOG_LEVEL'),
    web: Object.fromEntries(Object.entries(web).filter(([, v]) => v !== undefined)),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
