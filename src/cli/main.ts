// `vigil`: the command line. Parses arguments with commander, runs one command, and turns a
// VigilError into one clear message on stderr and a non-zero exit code.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isVigilError, messageOf } from '../errors.js';
import { VERSION } from '../paths.js';
import {
  alertsListCommand,
  itemsListCommand,
  migrateCommand,
  pollCommand,
  runCommand,
  subscribersAddCommand,
  type CommandContext,
} from './commands.js';

/** The options commander parsed, as each command declares them. */
type JsonOption = { json?: boolean };

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return n;
}

/** Builds the program; `env` stands for process.env so tests can pass their own. */
export function buildProgram(env: Record<string, string | undefined>): Command {
  const program = new Command('vigil')
    .description('Humanitarian early-warning monitor: polls NGO and UN feeds, matches watched places and actors, emails risk alerts.')
    .version(VERSION)
    .option('-c, --config <path>', 'config file (default: $VIGIL_CONFIG, then config/vigil.yaml)')
    .showHelpAfterError('(run vigil --help for usage)')
    .addHelpText(
      'after',
      '\nEnvironment: DATABASE_URL, SMTP_URL, PORT, VIGIL_CONFIG, VIGIL_DATA_DIR, LOG_LEVEL.\nWithout DATABASE_URL, Vigil uses its embedded database under data/.',
    );
  const ctx = (): CommandContext => ({ configPath: program.opts<{ config?: string }>().config, env });
  const json = new Option('--json', 'print JSON for scripts');

  program.command('run').description('start Vigil: poll on schedule, send alert emails, serve the web app (npm start)').action(() => runCommand(ctx()));
  program.command('migrate').description('apply pending database migrations').addOption(json).action((o: JsonOption) => migrateCommand(ctx(), o));
  program.command('poll').description('run one poll cycle now and print a summary').addOption(json).action((o: JsonOption) => pollCommand(ctx(), o));

  const alerts = program.command('alerts').description('alerts Vigil has raised');
  alerts
    .command('list')
    .description('list alerts, newest first')
    .addOption(json)
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--watchlist <slug>', 'only this watchlist')
    .action((o: JsonOption & { limit: number; watchlist?: string }) => alertsListCommand(ctx(), o));

  const items = program.command('items').description('items read from the feeds');
  items
    .command('list')
    .description('list items, newest first, with the places and actors found in them')
    .addOption(json)
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--matched', 'only items with a match')
    .action((o: JsonOption & { limit: number; matched?: boolean }) => itemsListCommand(ctx(), o));

  const subscribers = program.command('subscribers').description('people who receive alerts');
  subscribers
    .command('add')
    .description('subscribe an address to a watchlist')
    .argument('<email>', 'email address')
    .requiredOption('--watchlist <slug>', 'watchlist to follow, e.g. central-mali')
    .option('--confirmed', 'mark the address as confirmed (otherwise nothing is sent to it yet)')
    .option('--min-level <level>', 'lowest level to receive: current-crisis, imminent-risk or serious-concern', 'serious-concern')
    .addOption(json)
    .action((email: string, o: JsonOption & { watchlist: string; confirmed?: boolean; minLevel: string }) => subscribersAddCommand(ctx(), email, o));

  return program;
}

/** Runs the CLI; resolves with the exit code. */
export async function runCli(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  // `vigil items list | head`: the reader leaving early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = buildProgram(env);
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (isCommanderExit(error)) return error.exitCode;
    if (isVigilError(error)) {
      process.stderr.write(`vigil: ${error.message}\n`);
      return error.code === 'VIGIL_INVALID_INPUT' ? 2 : 1;
    }
    process.stderr.write(`vigil: unexpected error: ${messageOf(error)}\n${(error as Error)?.stack ?? ''}\n`);
    return 70;
  }
}

function isCommanderExit(error: unknown): error is { exitCode: number } {
  return error instanceof CommanderError;
}
