// The operator's log: pino, pretty in a terminal, JSON lines otherwise. Logs go to stderr so
// that a command's output on stdout (`--json`) stays clean for scripts.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LogOptions {
  level: string;
  /** Human-readable lines instead of JSON; the default when stderr is a terminal. */
  pretty?: boolean;
}

/** Builds the root logger; stages receive children of it (`log.child({ stage })`). */
export function createLogger(options: LogOptions): Logger {
  const base = {
    level: options.level,
    // Addresses and tokens never reach the log, even when an object carrying them is logged.
    redact: { paths: ['email', '*.email', 'token', '*.token', 'smtpUrl', '*.smtpUrl', 'databaseUrl'], censor: '[redacted]' },
  };
  const usePretty = options.pretty ?? process.stderr.isTTY === true;
  if (usePretty) {
    return pino(base, pretty({ destination: 2, sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }));
  }
  return pino(base, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything: for tests and for library use without a host logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
