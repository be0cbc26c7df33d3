// Vigil's error codes: the failures that stop a command or the start-up. Failures of one
// feed, item or delivery are not thrown; they are stored on that row (see DESIGN.md).
// Each code is documented here and in README.md ("Errors"); keep the two in sync.

export const ERROR_CODES = {
  /** A config or watchlist file is missing, unreadable, not YAML, or fails validation. */
  CONFIG_INVALID: 'VIGIL_CONFIG_INVALID',
  /** The database cannot be reached or opened (wrong URL, server down, embedded data dir in use), or was lost mid-way. */
  DB_UNAVAILABLE: 'VIGIL_DB_UNAVAILABLE',
  /** Migrations cannot be applied: one failed, one was edited after it was applied, or one is missing. */
  DB_MIGRATION: 'VIGIL_DB_MIGRATION',
  /** The database lacks migrations this version needs; run `vigil migrate`. */
  DB_NOT_MIGRATED: 'VIGIL_DB_NOT_MIGRATED',
  /** The database holds no catalog (feeds, watchlists) yet; run `vigil sync`. */
  CATALOG_NOT_SYNCED: 'VIGIL_CATALOG_NOT_SYNCED',
  /** The web app cannot listen: the port is taken, not allowed, or the host is not this machine's. */
  WEB_UNAVAILABLE: 'VIGIL_WEB_UNAVAILABLE',
  /** A command-line argument or a web form field is not valid (an email address, a watchlist slug). */
  INVALID_INPUT: 'VIGIL_INVALID_INPUT',
  /** Something named does not exist (a watchlist slug, a subscriber). */
  NOT_FOUND: 'VIGIL_NOT_FOUND',
  /** Only the person's own confirmation may do this (re-subscribe someone who unsubscribed). */
  CONSENT_REQUIRED: 'VIGIL_CONSENT_REQUIRED',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The CLI's exit codes (README, "The command line"). */
export const EXIT_CODES = {
  /** Done. */
  OK: 0,
  /** Failed: the message says what and where (database, mail server, port, a lost connection). */
  FAILED: 1,
  /** Invalid input: an unknown command or option, a bad argument, a config that does not validate, a name that does not exist. */
  INVALID_INPUT: 2,
  /** A bug: an error Vigil did not expect (reported with its stack). */
  BUG: 70,
} as const;

const INPUT_ERRORS: ReadonlySet<ErrorCode> = new Set([ERROR_CODES.CONFIG_INVALID, ERROR_CODES.INVALID_INPUT, ERROR_CODES.NOT_FOUND]);

/** The exit code of a command stopped by this error. */
export function exitCodeOf(code: ErrorCode): number {
  return INPUT_ERRORS.has(code) ? EXIT_CODES.INVALID_INPUT : EXIT_CODES.FAILED;
}

/** An expected failure with a stable code and a message that says what was wrong and where. */
export class VigilError extends Error {
  readonly code: ErrorCode;
  /** One line per problem, when there are several (every bad line of a config file). */
  readonly problems: readonly string[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; problems?: string[] } = {}) {
    super(message, { cause: options.cause });
    this.name = 'VigilError';
    this.code = code;
    this.problems = options.problems ?? [];
  }
}

export function isVigilError(error: unknown): error is VigilError {
  return error instanceof VigilError;
}

/** The message of any thrown value, on one line, for logs, stored errors and error sentences. */
export function messageOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // Prisma's messages open with "Invalid `prisma.item.findMany()` invocation:" and blank lines;
  // every message here ends up inside one line (a log line, a sentence of an error), so the call
  // is named after the message and the lines are joined.
  const prisma = /^\s*Invalid `([^`]+)` invocation:?\s*/.exec(raw);
  const text = prisma ? `${raw.slice(prisma[0].length)} (in ${prisma[1]})` : raw;
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * An error as a log line's fields: its message and code only. Errors from pg and Prisma carry
 * the client, the query and the server's secret key in their properties; none of that belongs
 * in a log.
 */
export function errorFields(error: unknown): { error: string; code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? { error: messageOf(error), code: String(code) } : { error: messageOf(error) };
}
