// Opens what every command needs, in order: config, logger, database (with its migrations
// applied or checked), templates. Each step fails with a message that says what and where.
import { loadConfig, type VigilConfig } from './config/index.js';
import { applyMigrations, migrationStatus, openDatabase, readMigrations, type Database } from './db/index.js';
import { ERROR_CODES, VigilError } from './errors.js';
import { createLogger, type Logger } from './log.js';
import { MIGRATIONS_DIR, TEMPLATES_DIR } from './paths.js';
import { loadTemplates, type Templates } from './templates.js';

export interface App {
  config: VigilConfig;
  log: Logger;
  db: Database;
  templates: Templates;
  now: () => Date;
  /** Migrations this open applied (`apply` mode), oldest first. */
  appliedMigrations: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** The configuration, when the caller has loaded it already; else it is loaded here. */
  config?: VigilConfig;
  /** --config; else VIGIL_CONFIG; else config/vigil.yaml. */
  configPath?: string | undefined;
  env: Record<string, string | undefined>;
  /** A logger to use instead of one built from the config (tests). */
  log?: Logger;
  /** `apply` pending migrations (vigil run, vigil migrate), or `require` none pending. */
  migrations: 'apply' | 'require';
  now?: () => Date;
  /** Accept a schedule faster than once a minute (`--allow-fast-schedule`). */
  allowFastSchedule?: boolean;
  /** Log which configuration and risk rules are in force, first thing (`vigil run`). */
  announce?: boolean;
}

export async function openApp(options: OpenAppOptions): Promise<App> {
  const config = options.config ?? loadConfig({ path: options.configPath, env: options.env, allowFastSchedule: options.allowFastSchedule });
  const log = options.log ?? createLogger({ level: config.logLevel });
  if (options.announce) announceConfig(config, log);
  const templates = loadTemplates(TEMPLATES_DIR);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, log });
  let appliedMigrations: string[];
  try {
    appliedMigrations = await prepareSchema(db, options.migrations, log);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { config, log, db, templates, now: options.now ?? (() => new Date()), appliedMigrations, close: () => db.close() };
}

function announceConfig(config: VigilConfig, log: Logger): void {
  const risk = config.riskSource.kind === 'built-in' ? `built-in rules (${config.riskSource.file})` : config.riskSource.file;
  log.info({ config: config.file, risk, feeds: config.feeds.length, watchlists: config.watchlists.map((w) => w.slug), schedule: config.schedule }, 'configuration loaded');
  for (const { file, line, column, message } of config.warnings) log.warn({ file, line, column, warning: message }, 'configuration warning');
}

async function prepareSchema(db: Database, mode: OpenAppOptions['migrations'], log: Logger): Promise<string[]> {
  const migrations = readMigrations(MIGRATIONS_DIR);
  if (mode === 'apply') {
    const applied = await applyMigrations(db.pool, migrations);
    if (applied.length > 0) log.info({ applied, database: db.location }, 'migrations applied');
    return applied;
  }
  const { pending } = await migrationStatus(db.pool, migrations);
  if (pending.length > 0) {
    throw new VigilError(
      ERROR_CODES.DB_NOT_MIGRATED,
      `The ${db.location} lacks ${pending.length} migration(s) (first: ${pending[0]}). Run \`vigil migrate\` (or start Vigil, which applies them).`,
    );
  }
  return [];
}
