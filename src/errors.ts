// Vigil's error codes: the failures that stop a command or the start-up. Failures of one
// feed, item or delivery are not thrown; they are stored on that row (see DESIGN.md).
// Each code is documented here and in README.md ("Errors"); keep the two in sync.

export const ERROR_CODES = {
  /** A config or watchlist file is missing, unreadable, not YAML, or fails validation. */
  CONFIG_INVALID: 'VIGIL_CONFIG_INVALID',
  /** The database cannot be reached or opened (wrong URL, server down, embedded data dir in use). */
  DB_UNAVAILABLE: 'VIGIL_DB_UNAVAILABLE',
  /** Migrations cannot be applied: one failed, one was edited after it was applied, or one is missing. */
  DB_MIGRATION: 'VIGIL_DB_MIGRATION',
  /** The database lacks migrations this version needs; run `vigil migrate`. */
  DB_NOT_MIGRATED: 'VIGIL_DB_NOT_MIGRATED',
  /** A command-line argument or a web form field is not valid (an email address, a watchlist slug). */
  INVALID_INPUT: 'VIGIL_INVALID_INPUT',
  /** Something named does not exist (a watchlist slug, a subscriber). */
  NOT_FOUND: 'VIGIL_NOT_FOUND',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

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

/** The message of any thrown value, for logs and stored errors. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What to log of a failed connection or query: its message and code. Never the error itself:
 * node-postgres attaches its client to it, backend secret key included.
 */
export function errorFields(error: unknown): { error: string; code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { error: messageOf(error), code } : { error: messageOf(error) };
}
