// The lock file (`data/pglite.lock`): which process owns the embedded database and where it
// serves it. Created exclusively (O_EXCL) with mode 0600, replaced atomically (write, then
// rename) as its owner goes from starting to serving to closing, removed only by its owner or
// by a process that found it stale (see removeStaleLock).
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { ERROR_CODES, VigilError, messageOf } from '../errors.js';

// Taking a stale lock over takes milliseconds; a takeover file older than this was left by a
// process that died in between.
const TAKEOVER_STALE_MS = 10_000;

/** Where the owner is: no socket yet, serving on socketDir, or closing the files. */
export const LOCK_STATES = ['starting', 'serving', 'closing'] as const;
export type LockState = (typeof LOCK_STATES)[number];

/** What the lock file says. */
export interface Lock {
  pid: number;
  /** Random per start; the serving process answers it too, so a lock and a server can be matched. */
  nonce: string;
  state: LockState;
  /** The socket folder, while serving. */
  socketDir: string | null;
  /** The server closes connections idle this long. */
  idleTimeoutMs: number;
  startedAt: string;
}

/** A lock file as found: its content (null if it is not a lock), its exact text, its age. */
export interface FoundLock {
  lock: Lock | null;
  raw: string;
  ageMs: number;
}

/** A fresh random nonce for a start. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** Creates the lock file if there is none; false if another process has one. */
export function takeLock(file: string, lock: Lock): boolean {
  try {
    writeFileSync(file, JSON.stringify(lock), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw lockFileError(file, error);
  }
}

/** The lock file, or null if there is none. */
export function readLock(file: string): FoundLock | null {
  try {
    const raw = readFileSync(file, 'utf8');
    return { lock: parseLock(raw), raw, ageMs: Date.now() - statSync(file).mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw lockFileError(file, error);
  }
}

/** Replaces the lock file with `next` in one step, if it still has this owner's nonce. */
export function updateLock(file: string, nonce: string, next: Lock): void {
  if (readLock(file)?.lock?.nonce !== nonce) return;
  const written = `${file}.${nonce}`;
  writeFileSync(written, JSON.stringify(next), { mode: 0o600 });
  renameSync(written, file);
}

/** Removes the lock file if it is still this owner's. */
export function releaseLock(file: string, nonce: string): void {
  if (readLock(file)?.lock?.nonce === nonce) rmSync(file, { force: true });
}

/**
 * Removes a lock judged stale, so that takeLock can create a new one. Several processes may
 * judge the same lock stale at once, and a late one must not remove the lock an earlier one
 * has just created: takers go one at a time (a second lock file, created exclusively, held for
 * milliseconds), and each removes the lock only if it is still the very text it judged. False
 * if another taker is at it: look again a little later.
 */
export function removeStaleLock(file: string, judged: string): boolean {
  const takeover = `${file}.takeover`;
  try {
    writeFileSync(takeover, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockFileError(takeover, error);
    // Held by another taker (the caller looks again), or left by one that died in between.
    const ageMs = Date.now() - (statSafe(takeover) ?? Date.now());
    if (ageMs > TAKEOVER_STALE_MS) rmSync(takeover, { force: true });
    return false;
  }
  try {
    if (readLock(file)?.raw === judged) rmSync(file, { force: true });
    return true;
  } finally {
    rmSync(takeover, { force: true });
  }
}

function parseLock(raw: string): Lock | null {
  try {
    const value = JSON.parse(raw) as Partial<Lock>;
    if (typeof value.pid !== 'number') return null;
    // Read leniently: a lock from an older Vigil ({pid, port}) still names its process.
    return {
      pid: value.pid,
      nonce: typeof value.nonce === 'string' ? value.nonce : '',
      state: LOCK_STATES.find((s) => s === value.state) ?? 'starting',
      socketDir: typeof value.socketDir === 'string' ? value.socketDir : null,
      idleTimeoutMs: typeof value.idleTimeoutMs === 'number' ? value.idleTimeoutMs : 0,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '',
    };
  } catch {
    return null;
  }
}

function statSafe(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function lockFileError(file: string, error: unknown): VigilError {
  return new VigilError(
    ERROR_CODES.DB_UNAVAILABLE,
    `Cannot use the lock file ${file}: ${messageOf(error)}. Check that this user may read and write its folder.`,
    { cause: error },
  );
}
