// `vigil`: the command line. Parses arguments with commander, runs one command, and turns a
// failure into one clear line on stderr and the documented exit code (src/errors.ts,
// EXIT_CODES): 0 done, 1 failed, 2 invalid input, 70 a bug (with its stack).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT_CODES, exitCodeOf, isVigilError, messageOf } from '../errors.js';
import { VERSION } from '../paths.js';
import {
  alertsListCommand,
  alertsShowCommand,
  configCheckCommand,
  feedsCheckCommand,
  feedsEnableCommand,
  feedsImportCommand,
  feedsListCommand,
  itemsListCommand,
  migrateCommand,
  pollCommand,
  rematchCommand,
  runCommand,
  syncCommand,
  type CommandContext,
  type CommandResult,
} from './commands.js';
import { watchlistsExportCommand, watchlistsImportCommand, watchlistsListCommand, watchlistsShowCommand, type WatchlistImportOptions } from './watchlists.js';
import { watchlistsTestCommand } from './watchlist-test.js';
import { registerDeliveryCommands } from './deliveries.js';
import { demoCommand } from './demo.js';
import { registerSubscriberCommands } from './subscribers.js';

/** The options commander parsed, as each command declares them. */
type JsonOption = { json?: boolean };
type GlobalOptions = { config?: string; allowFastSchedule?: boolean };

function list(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

// A century back is as far as any feed's items go; more would be a date nothing can hold.
function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 36_500) throw new InvalidArgumentError('must be a whole number of days from 1 to 36500');
  return n;
}

/** Builds the program; `env` stands for process.env so tests can pass their own. */
export function buildProgram(env: Record<string, string | undefined>, setExitCode: (code: number) => void = () => undefined): Command {
  const program = new Command('vigil')
    .description('Humanitarian early-warning monitor: polls NGO and UN feeds, matches watched places and actors, emails risk alerts.')
    .version(VERSION)
    // Before any command is added, so that every subcommand inherits them.
    .exitOverride()
    .showHelpAfterError('(run vigil --help for usage)')
    .option('-c, --config <path>', 'config file (default: $VIGIL_CONFIG, then config/vigil.yaml)')
    .option('--allow-fast-schedule', 'accept a schedule that polls more than once a minute (for tests; publishers ask for politeness)')
    .addHelpText(
      'after',
      `
Environment: DATABASE_URL, SMTP_URL, PORT, HOST, VIGIL_BASE_URL, VIGIL_CONFIG, VIGIL_DATA_DIR, LOG_LEVEL.
Without DATABASE_URL, Vigil uses its embedded database under data/.

Exit codes: 0 done, 1 failed (the message says what and where), 2 invalid input (an unknown
command or option, a bad argument, a config that does not validate, a name that does not exist).`,
    );
  const ctx = (): CommandContext => {
    const global = program.opts<GlobalOptions>();
    return { configPath: global.config, env, allowFastSchedule: global.allowFastSchedule ?? false };
  };
  const json = (): Option => new Option('--json', 'print JSON for scripts');
  const done = async (result: Promise<CommandResult> | CommandResult): Promise<void> => setExitCode((await result) ?? EXIT_CODES.OK);

  program.command('run').description('start Vigil: poll on schedule, send alert emails, serve the web app (npm start)').action(() => done(runCommand(ctx())));
  program
    .command('demo')
    .description('run Vigil on fictional reports served from this machine, with a demo subscriber, and print where to see the alert and its email (npm run demo)')
    .option('--data-dir <dir>', 'keep the demo in this folder (default: a temporary folder, removed at the end)')
    .option('--port <n>', 'the web app\'s port (default: any free one)', positiveInt)
    .addOption(json())
    .action((o: JsonOption & { dataDir?: string; port?: number }) => done(demoCommand(env, o)));
  program
    .command('migrate')
    .description('apply pending database migrations, then sync the catalog (feeds, watchlists) from the config')
    .addOption(json())
    .action((o: JsonOption) => done(migrateCommand(ctx(), o)));
  program
    .command('sync')
    .description("write the config's feeds and watchlists into the database (nothing when unchanged)")
    .addOption(json())
    .action((o: JsonOption) => done(syncCommand(ctx(), o)));
  program
    .command('poll')
    .description('poll the feeds that are due now and print a summary (exit 1 when every one failed)')
    .addOption(json())
    .action((o: JsonOption) => done(pollCommand(ctx(), o)));

  program
    .command('rematch')
    .description('match the items of the last days again with the current watchlists: new matches join or open events, events that lost every match are withdrawn')
    .option('--days <n>', 'how many days back (default: matching.rematchDays, 30)', days)
    .addOption(json())
    .action((o: JsonOption & { days?: number }) => done(rematchCommand(ctx(), o)));

  const feeds = program.command('feeds').description('the feeds of the catalog and their health');
  feeds
    .command('list')
    .description('every feed with its status (ok, failing, new, disabled, gone), last success, last error, items, next poll and quarantined entries')
    .addOption(json())
    .action((o: JsonOption) => done(feedsListCommand(ctx(), o)));
  feeds
    .command('import')
    .description("add the feeds of an OPML file (a feed reader's export) to the config's feed list, keeping its comments; reports the ones already there")
    .argument('<file>', 'the OPML file')
    .addOption(json())
    .action((file: string, o: JsonOption) => done(feedsImportCommand(ctx(), file, o)));
  feeds
    .command('enable')
    .description('poll a feed again at the next tick: one that answered 410 Gone, or one backed off after failures')
    .argument('<feed>', 'its id, name or URL, as `feeds list` shows them')
    .addOption(json())
    .action((key: string, o: JsonOption) => done(feedsEnableCommand(ctx(), key, o)));
  feeds
    .command('check')
    .description('fetch and parse one URL as a poll would and show what it would store and match; stores nothing, needs no database (exit 1 when unreadable)')
    .argument('<url>', 'the feed URL')
    .addOption(json())
    .action((url: string, o: JsonOption) => done(feedsCheckCommand(ctx(), url, o)));

  const config = program.command('config').description('the configuration files');
  config
    .command('check')
    .description('validate every config file and print every problem at once (never touches the database)')
    .addOption(json())
    .action((o: JsonOption) => done(configCheckCommand(ctx(), o)));

  const watchlists = program.command('watchlists').description('the watchlist files: read from the config, no database needed');
  watchlists
    .command('list')
    .description('every watchlist with its file, places by kind and actors')
    .addOption(json())
    .action((o: JsonOption) => done(watchlistsListCommand(ctx(), o)));
  watchlists
    .command('show')
    .description('one watchlist: its places (kind, aliases, within, coordinates, ambiguous, ref) and actors')
    .argument('<slug>', 'the watchlist, as `watchlists list` shows it')
    .addOption(json())
    .action((slug: string, o: JsonOption) => done(watchlistsShowCommand(ctx(), slug, o)));
  watchlists
    .command('import')
    .description(
      "build places from a gazetteer (CSV, or GeoJSON points) and write config/watchlists/<slug>.yaml, or merge into the slug's file keeping what is written there; " +
        'without column options the file must be a `watchlists export`. Exit 2 when the result would not load (nothing written)',
    )
    .argument('<slug>', 'the watchlist to write or merge into')
    .argument('<file>', 'a .csv (or .tsv) file with a header row, or a .geojson FeatureCollection')
    .option('--name-column <column>', 'the place name')
    .option('--alt-names-column <column>', 'alternate names, added as aliases')
    .option('--alt-names-separator <text>', 'between alternate names', ',')
    .option('--admin-columns <columns>', 'enclosing areas, innermost first (e.g. ADM3_FR,ADM2_FR,ADM1_FR): they become `within` and places of their kind', list)
    .option('--admin-kinds <kinds>', 'the kind of each admin column (default: commune,cercle,region, the last ones for fewer columns)', list)
    .option('--kind <kind>', 'the kind of the places of the rows', 'village')
    .option('--lat <column>', 'latitude (with --lon); a GeoJSON Point gives it without')
    .option('--lon <column>', 'longitude (with --lat)')
    .option('--ref-column <column>', 'the gazetteer id (an OCHA P-code, a GeoNames id)')
    .option('--country <name>', 'the outermost area of every row (a place of kind country)')
    .option('--watchlist-name <name>', 'the name of a new watchlist (default: the slug)')
    .option('--dry-run', 'report what would change, write nothing')
    .addOption(json())
    .action((slug: string, file: string, o: WatchlistImportOptions) => done(watchlistsImportCommand(ctx(), slug, file, o)));
  watchlists
    .command('export')
    .description('write the places of a watchlist as CSV or GeoJSON, in a form `watchlists import` reads back')
    .argument('<slug>', 'the watchlist')
    .addOption(new Option('--format <format>', 'csv or geojson').choices(['csv', 'geojson']).makeOptionMandatory())
    .option('--output <file>', 'write to this file (default: stdout)')
    .action((slug: string, o: { format: string; output?: string }) => done(watchlistsExportCommand(ctx(), slug, o)));
  watchlists
    .command('test')
    .description('match a text against one watchlist and print every candidate name, whether it counted and why; needs no database')
    .argument('<slug>', 'the watchlist, e.g. central-mali')
    .argument('<text>', 'the text to match, quoted')
    .addOption(json())
    .action((slug: string, text: string, o: JsonOption) => done(watchlistsTestCommand(ctx(), slug, text, o)));

  const alerts = program.command('alerts').description('alerts Vigil has raised: one per event, however many reports');
  alerts
    .command('list')
    .description('list events, the most recent violence first')
    .addOption(json())
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--watchlist <slug>', 'only this watchlist')
    .action((o: JsonOption & { limit: number; watchlist?: string }) => done(alertsListCommand(ctx(), o)));
  alerts
    .command('show')
    .description('one event as an analyst reads it: level and why, figures with who said what, sources, revisions, history')
    .argument('<id>', 'the alert id, as `alerts list` shows it')
    .addOption(json())
    .action((id: string, o: JsonOption) => done(alertsShowCommand(ctx(), id, o)));

  const items = program.command('items').description('items read from the feeds');
  items
    .command('list')
    .description('list items, newest first, with the places and actors found in them')
    .addOption(json())
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--matched', 'only items with a match')
    .action((o: JsonOption & { limit: number; matched?: boolean }) => done(itemsListCommand(ctx(), o)));

  registerSubscriberCommands(program, ctx, done);
  registerDeliveryCommands(program, ctx, done, positiveInt);

  return program;
}

/** Runs the CLI; resolves with the exit code. */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  // `vigil items list | head`: the reader leaving early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  let exitCode: number = EXIT_CODES.OK;
  const program = buildProgram(env, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    // commander has printed its message; --help and --version end with 0, the rest is usage.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.OK : EXIT_CODES.INVALID_INPUT;
    if (isVigilError(error)) {
      process.stderr.write(`vigil: ${error.message}\n`);
      return exitCodeOf(error.code);
    }
    process.stderr.write(`vigil: unexpected error (a bug; please report it with what follows): ${messageOf(error)}\n${(error as Error)?.stack ?? ''}\n`);
    return EXIT_CODES.BUG;
  }
}
