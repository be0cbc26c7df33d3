// What a lock file found in place means: its owner serves the database (join it), the lock
// was left by an unclean stop or does not describe the server it points at (take it over), or
// its owner is starting or closing (wait and look again).
import { ERROR_CODES, VigilError } from '../errors.js';
import type { FoundLock } from './embedded-lock.js';
import { askOwner, socketPathIn, type OwnerIdentity } from './embedded-socket.js';

// The owner writes its lock in one write right after creating it.
const UNREADABLE_GRACE_MS = 5_000;

/** Why a lock is stale, as logged in the takeover warning's `because`. */
export const STALE_BECAUSE = ['unreadable', 'own-pid', 'dead-pid', 'socket-silent', 'other-server'] as const;
export type StaleBecause = (typeof STALE_BECAUSE)[number];

/** Where one data dir's database, lock and socket are. */
export interface Paths {
  /** The data dir's real path. */
  root: string;
  dir: string;
  lockFile: string;
  socketDir: string;
}

/** A process serving the database, as it answered on its socket. */
export interface Serving {
  identity: OwnerIdentity;
  socketDir: string;
}

/** Join the server, take the lock over, or wait and look again. */
export type Verdict =
  | { kind: 'live'; serving: Serving }
  | { kind: 'stale'; because: StaleBecause; detail: string }
  | { kind: 'wait'; detail: string };

/**
 * Live, stale, or wait and look again. The caller has checked that this process does not
 * serve the data dir itself: a lock naming this process is then never live (in Docker, node is
 * PID 1 on every start, so a lock left by `docker kill` names the new process).
 */
export async function judgeLock(found: FoundLock, paths: Paths): Promise<Verdict> {
  const { lock } = found;
  if (!lock) {
    if (found.ageMs < UNREADABLE_GRACE_MS) return { kind: 'wait', detail: 'its lock file is still not readable' };
    return { kind: 'stale', because: 'unreadable', detail: `it is not a Vigil lock: ${JSON.stringify(found.raw.slice(0, 100))}` };
  }
  if (lock.state === 'serving' && lock.socketDir) {
    // The socket is the authority: whatever the pid, a server that answers with the lock's
    // nonce is its owner, and a socket nobody listens on has none.
    const socket = socketPathIn(lock.socketDir);
    const answer = await askOwner(lock.socketDir);
    switch (answer.kind) {
      case 'answered': {
        const { identity } = answer;
        if (identity?.nonce === lock.nonce && identity.dir === paths.root) return { kind: 'live', serving: { identity, socketDir: lock.socketDir } };
        const who = identity ? `process ${identity.pid} serving ${identity.dir}` : 'a server that does not say who it is';
        return { kind: 'stale', because: 'other-server', detail: `the server at ${socket} is ${who}, not the one the lock names (its nonce differs)` };
      }
      case 'silent': {
        const because = pidStaleness(lock.pid) ?? 'socket-silent';
        return { kind: 'stale', because, detail: `nothing answers at ${socket} (${answer.code}) and ${describePid(lock.pid)}` };
      }
      case 'forbidden':
        throw new VigilError(
          ERROR_CODES.DB_UNAVAILABLE,
          `The embedded database in ${paths.dir} is served at ${socket} by a process of another user (${answer.message}; lock file ${paths.lockFile}). ` +
            `Run Vigil as the user who owns ${paths.root}.`,
        );
      case 'busy':
        return { kind: 'wait', detail: `it serves it at ${socket} but does not answer (${answer.message})` };
    }
  }
  // Starting or closing: there is no socket to ask, only the pid.
  const because = pidStaleness(lock.pid);
  if (because) return { kind: 'stale', because, detail: `the lock says "${lock.state}" and ${describePid(lock.pid)}` };
  return { kind: 'wait', detail: `it is still ${lock.state === 'closing' ? 'closing' : 'starting'} the database` };
}

/** Why a lock's pid alone makes it stale, if it does. */
function pidStaleness(pid: number): StaleBecause | null {
  if (pid === process.pid) return 'own-pid';
  return isAlive(pid) ? null : 'dead-pid';
}

function describePid(pid: number): string {
  if (pid === process.pid) return `it names this very process (pid ${pid}), which does not have the database open: left by an unclean stop`;
  return isAlive(pid) ? `process ${pid} is running but does not serve it` : `process ${pid} is not running`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
