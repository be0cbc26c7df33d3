// The embedded default: PGlite (Postgres compiled to WebAssembly) kept under the data dir and
// served over the Postgres wire protocol on a private Unix socket (embedded-socket.ts), so the
// same pg/Prisma code talks to it and to a real server. PGlite is one database session that
// must never be opened twice: one process owns the data dir, says so in the lock file
// (embedded-lock.ts), and other Vigil processes join it through its socket. A lock left by an
// unclean stop is recognised (embedded-judge.ts) and taken over with a warning.
import { mkdirSync, realpathSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ERROR_CODES, VigilError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { judgeLock, type Paths, type Serving } from './embedded-judge.js';
import { newNonce, readLock, releaseLock, removeStaleLock, takeLock, updateLock, type Lock } from './embedded-lock.js';
import { askOwner, ensurePrivateDir, setOwnerIdentity, socketDirFor, socketPathIn, socketUrl, type OwnerAnswer, type OwnerIdentity } from './embedded-socket.js';

/** The embedded database, served by this process or joined in another. */
export interface EmbeddedServer {
  /** A postgresql:// URL reaching the owner's Unix socket. */
  url: string;
  /** Where the database files are. */
  dir: string;
  /** The lock file saying which process owns them. */
  lockFile: string;
  /** The pid of the Vigil process that owns the files (this one, or another). */
  ownerPid: number;
  /** The server closes connections idle this long: a client pool must release its own sooner. */
  idleTimeoutMs: number;
  /** The owner stops serving, closes the files and removes its socket and lock; a joiner does nothing. */
  close(): Promise<void>;
}

export interface OpenEmbeddedOptions {
  dataDir: string;
  /** Stale locks taken over are reported here as warnings. */
  log: Logger;
  /** How long the server keeps an idle connection, if this process starts it (tests shorten it). */
  idleTimeoutMs?: number;
}

const WAIT_FOR_OWNER_MS = 60_000;
const POLL_MS = 200;
// Connections share PGlite's one session and cost a socket each; the limit only stops a
// runaway client. Every Vigil process holds at most one.
const MAX_CONNECTIONS = 100;
// The server closes a connection this long after the last bytes it received, so abandoned
// clients do not hold slots. It counts from the last query sent, not answered, so it must
// outlast Vigil's longest statement by far; it also bounds how long a client idle inside a
// transaction blocks the others (PGlite runs one transaction at a time).
const IDLE_TIMEOUT_MS = 5 * 60_000;

/**
 * The data dirs this process owns, by real path, while it starts, serves and closes them: a
 * lock naming this process is live only for these (in Docker, node is PID 1 on every start).
 */
const servedHere = new Map<string, Promise<Serving | null>>();

/** Opens the embedded database under dataDir, or joins the process that already has it open. */
export async function openEmbedded(options: OpenEmbeddedOptions): Promise<EmbeddedServer> {
  const paths = preparePaths(options.dataDir);
  const idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  const deadline = Date.now() + WAIT_FOR_OWNER_MS;
  const warned = new Set<string>();
  for (;;) {
    const here = servedHere.get(paths.root);
    if (here) {
      const serving = await here;
      if (serving) return joined(paths, serving);
      continue; // it closed or failed to start: look again
    }
    const lock: Lock = { pid: process.pid, nonce: newNonce(), state: 'starting', socketDir: null, idleTimeoutMs, startedAt: new Date().toISOString() };
    if (takeLock(paths.lockFile, lock)) return startOwned(paths, lock, options.log);
    const found = readLock(paths.lockFile);
    if (!found) continue;
    const verdict = await judgeLock(found, paths);
    if (verdict.kind === 'live') return joined(paths, verdict.serving);
    if (verdict.kind === 'stale') {
      if (!warned.has(found.raw)) {
        options.log.warn({ lockFile: paths.lockFile, lockPid: found.lock?.pid, because: verdict.because, detail: verdict.detail }, 'embedded database lock is stale; taking it over');
        warned.add(found.raw);
      }
      if (!removeStaleLock(paths.lockFile, found.raw)) await sleep(POLL_MS);
      continue;
    }
    if (Date.now() > deadline) {
      throw new VigilError(
        ERROR_CODES.DB_UNAVAILABLE,
        `The embedded database in ${paths.dir} is locked by process ${found.lock?.pid ?? '?'} (lock file ${paths.lockFile}), and after ` +
          `${WAIT_FOR_OWNER_MS / 1000} s ${verdict.detail}. Stop that process; if it is not a Vigil process, delete ${paths.lockFile} and start again.`,
      );
    }
    await sleep(POLL_MS);
  }
}

async function startOwned(paths: Paths, lock: Lock, log: Logger): Promise<EmbeddedServer> {
  const registration = register(paths.root);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    ensurePrivateDir(paths.socketDir);
    const adopted = await adoptUnlockedServer(paths, lock, log);
    if (adopted) {
      registration.failed();
      return joined(paths, adopted);
    }
    rmSync(socketPathIn(paths.socketDir), { force: true }); // left by a process that died
    // Loaded only when used: a deployment on a real Postgres never pays for the WebAssembly.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    db = await PGlite.create(paths.dir);
    const identity: OwnerIdentity = { pid: process.pid, nonce: lock.nonce, dir: paths.root, idleTimeoutMs: lock.idleTimeoutMs };
    await setOwnerIdentity(db, identity);
    server = new PGLiteSocketServer({ db, path: socketPathIn(paths.socketDir), maxConnections: MAX_CONNECTIONS, idleTimeout: lock.idleTimeoutMs });
    await server.start();
    const serving: Lock = { ...lock, state: 'serving', socketDir: paths.socketDir };
    updateLock(paths.lockFile, lock.nonce, serving);
    registration.ready({ identity, socketDir: paths.socketDir });
    const owned = { db, server };
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> => (closing ??= closeOwned(paths, serving, owned, registration));
    return { ...joined(paths, { identity, socketDir: paths.socketDir }), close };
  } catch (error) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    releaseLock(paths.lockFile, lock.nonce);
    registration.failed();
    if (error instanceof VigilError) throw error;
    throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Cannot open the embedded database in ${paths.dir}: ${messageOf(error)}`, { cause: error });
  }
}

/**
 * A process may already serve this data dir while the lock did not name it (deleted by hand,
 * or overwritten): its socket answers. Then the files must not be opened a second time: the
 * lock is handed to that process and it is joined.
 */
async function adoptUnlockedServer(paths: Paths, lock: Lock, log: Logger): Promise<Serving | null> {
  const answer = await askOwner(paths.socketDir);
  if (answer.kind === 'silent') return null;
  const identity = answer.kind === 'answered' ? answer.identity : null;
  if (!identity || identity.dir !== paths.root) {
    releaseLock(paths.lockFile, lock.nonce);
    throw new VigilError(
      ERROR_CODES.DB_UNAVAILABLE,
      `A process serves the embedded database at ${socketPathIn(paths.socketDir)} without holding its lock file ${paths.lockFile}, and Vigil cannot tell ` +
        `whether it is a Vigil process of this data dir (${describeAnswer(answer, identity)}). Stop the Vigil processes using ${paths.root}, then start again.`,
    );
  }
  const handed: Lock = { pid: identity.pid, nonce: identity.nonce, state: 'serving', socketDir: paths.socketDir, idleTimeoutMs: identity.idleTimeoutMs, startedAt: lock.startedAt };
  updateLock(paths.lockFile, lock.nonce, handed);
  log.warn({ lockFile: paths.lockFile, ownerPid: identity.pid }, 'embedded database served without its lock; lock restored and owner joined');
  return { identity, socketDir: paths.socketDir };
}

async function closeOwned(paths: Paths, lock: Lock, owned: { db: PGlite; server: PGLiteSocketServer }, registration: Registration): Promise<void> {
  const closed = registration.closing();
  try {
    // Joiners that find the socket gone meanwhile wait for the files to be closed instead of
    // taking the lock over.
    updateLock(paths.lockFile, lock.nonce, { ...lock, state: 'closing', socketDir: null });
    await owned.server.stop();
    await owned.db.close();
  } finally {
    rmSync(socketPathIn(paths.socketDir), { force: true });
    rmdirQuietly(paths.socketDir); // a private folder left in the temp dir would pile up
    releaseLock(paths.lockFile, lock.nonce);
    closed();
  }
}

function joined(paths: Paths, serving: Serving): EmbeddedServer {
  return {
    url: socketUrl(serving.socketDir),
    dir: paths.dir,
    lockFile: paths.lockFile,
    ownerPid: serving.identity.pid,
    idleTimeoutMs: serving.identity.idleTimeoutMs,
    close: () => Promise.resolve(),
  };
}

interface Registration {
  ready(serving: Serving): void;
  failed(): void;
  /** Marks the data dir as closing; the function returned marks it closed. */
  closing(): () => void;
}

function register(root: string): Registration {
  let settle: (serving: Serving | null) => void = () => undefined;
  servedHere.set(root, new Promise((resolve) => (settle = resolve)));
  return {
    ready: (serving) => settle(serving),
    failed: () => {
      servedHere.delete(root);
      settle(null);
    },
    closing: () => {
      let done: (serving: null) => void = () => undefined;
      servedHere.set(root, new Promise((resolve) => (done = resolve)));
      return () => {
        servedHere.delete(root);
        done(null);
      };
    },
  };
}

function preparePaths(dataDir: string): Paths {
  const dir = join(dataDir, 'pglite');
  let root: string;
  try {
    mkdirSync(dir, { recursive: true });
    root = realpathSync(dataDir);
  } catch (error) {
    throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Cannot create the embedded database folder ${dir}: ${messageOf(error)}`, { cause: error });
  }
  return { root, dir: join(root, 'pglite'), lockFile: join(root, 'pglite.lock'), socketDir: socketDirFor(root) };
}

function describeAnswer(answer: OwnerAnswer, identity: OwnerIdentity | null): string {
  if (identity) return `it serves ${identity.dir}`;
  if (answer.kind === 'answered') return 'it does not say who it is';
  return answer.kind === 'silent' ? answer.code : answer.message;
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty, or already gone: nothing to tidy
  }
}
