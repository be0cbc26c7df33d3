// Where the embedded database listens, and how to ask who serves it. PGlite has no
// authentication (every client is a superuser), so it listens on a Unix socket inside a
// directory of mode 0700: the kernel lets only this user (and root) reach it, and no TCP port
// is opened at all.
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ERROR_CODES, VigilError, messageOf } from '../errors.js';

/** node-postgres and psql look for a server's socket at `<dir>/.s.PGSQL.<port>`. */
const SOCKET_PORT = 5432;
const SOCKET_NAME = `.s.PGSQL.${SOCKET_PORT}`;
// sun_path holds 108 bytes on Linux and 104 on macOS, the closing NUL included.
const MAX_SOCKET_PATH_BYTES = 103;
const ASK_TIMEOUT_MS = 5_000;
/** The session setting where the serving process states who it is (see setOwnerIdentity). */
const IDENTITY_SETTING = 'vigil.owner';

/** What the process serving a data dir says of itself; the lock file holds the same facts. */
export interface OwnerIdentity {
  pid: number;
  /** Random per start: tells this server from any earlier one at the same place. */
  nonce: string;
  /** The data dir it serves (real path). */
  dir: string;
  /** It closes connections idle this long; clients must release theirs sooner. */
  idleTimeoutMs: number;
}

/** What a socket said when asked who serves it. */
export type OwnerAnswer =
  /** Nobody listens there: no socket file, or one left by a process that died. */
  | { kind: 'silent'; code: string }
  /** Another user's socket: this user may not connect. */
  | { kind: 'forbidden'; message: string }
  /** Someone listens but did not answer in time (a long transaction) or refused for now. */
  | { kind: 'busy'; message: string }
  /** A server answered; identity is null if it does not state one (RESET ALL wipes it). */
  | { kind: 'answered'; identity: OwnerIdentity | null };

/**
 * The socket folder for a data dir (its real path): `pglite-socket/` inside it. When that path
 * is too long for a Unix socket, a private folder in the system temp dir named after a hash of
 * the data dir instead; the lock file records which, so every process finds it.
 */
export function socketDirFor(root: string): string {
  const inside = join(root, 'pglite-socket');
  if (fits(inside)) return inside;
  const hashed = join(tmpdir(), `vigil-pglite-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`);
  if (fits(hashed)) return hashed;
  throw new VigilError(
    ERROR_CODES.DB_UNAVAILABLE,
    `The embedded database's socket cannot go in ${inside} nor ${hashed}: a Unix socket path has at most ${MAX_SOCKET_PATH_BYTES} bytes. ` +
      'Use a shorter data dir (VIGIL_DATA_DIR) or a shorter TMPDIR.',
  );
}

/** The socket file in socketDir. */
export function socketPathIn(socketDir: string): string {
  return join(socketDir, SOCKET_NAME);
}

/**
 * A node-postgres URL reaching the socket in socketDir: `host` names the folder, and the port
 * and sslmode are explicit so that PGPORT or PGSSLMODE in the environment cannot redirect it.
 */
export function socketUrl(socketDir: string): string {
  return `postgresql://postgres@localhost:${SOCKET_PORT}/postgres?host=${encodeURIComponent(socketDir)}&sslmode=disable`;
}

/**
 * Creates socketDir with mode 0700, or checks an existing one is a real folder of this user
 * and makes it 0700. Refuses a folder of another user: in the temp dir, anyone could have made
 * it to catch Vigil's connections.
 */
export function ensurePrivateDir(socketDir: string): void {
  try {
    mkdirSync(socketDir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Cannot create the socket folder ${socketDir}: ${messageOf(error)}`, { cause: error });
    }
  }
  const stat = lstatSync(socketDir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new VigilError(
      ERROR_CODES.DB_UNAVAILABLE,
      `The socket folder ${socketDir} is not a folder of this user (uid ${uid ?? '?'}; found uid ${stat.uid}, ` +
        `${stat.isDirectory() ? 'a folder' : 'not a folder'}). Remove it, then start again.`,
    );
  }
  if ((stat.mode & 0o777) !== 0o700) chmodSync(socketDir, 0o700);
}

/** Makes the PGlite session state who serves it; every socket connection shares that session. */
export async function setOwnerIdentity(db: { query(sql: string, params: unknown[]): Promise<unknown> }, identity: OwnerIdentity): Promise<void> {
  await db.query('SELECT set_config($1, $2, false)', [IDENTITY_SETTING, JSON.stringify(identity)]);
}

/** Connects to the socket in socketDir and asks who serves it. */
export async function askOwner(socketDir: string): Promise<OwnerAnswer> {
  const client = new pg.Client({ connectionString: socketUrl(socketDir), connectionTimeoutMillis: ASK_TIMEOUT_MS, query_timeout: ASK_TIMEOUT_MS });
  client.on('error', () => undefined); // a drop after the answer changes nothing
  try {
    await client.connect();
    const { rows } = await client.query<{ identity: string | null }>('SELECT current_setting($1, true) AS identity', [IDENTITY_SETTING]);
    return { kind: 'answered', identity: parseIdentity(rows[0]?.identity) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ENOTDIR') return { kind: 'silent', code };
    if (code === 'EACCES' || code === 'EPERM') return { kind: 'forbidden', message: messageOf(error) };
    return { kind: 'busy', message: messageOf(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function parseIdentity(text: string | null | undefined): OwnerIdentity | null {
  try {
    const value = JSON.parse(text ?? '') as Partial<OwnerIdentity>;
    const { pid, nonce, dir, idleTimeoutMs } = value;
    if (typeof pid === 'number' && typeof nonce === 'string' && typeof dir === 'string' && typeof idleTimeoutMs === 'number') {
      return { pid, nonce, dir, idleTimeoutMs };
    }
    return null;
  } catch {
    return null;
  }
}

function fits(socketDir: string): boolean {
  return Buffer.byteLength(socketPathIn(socketDir)) <= MAX_SOCKET_PATH_BYTES;
}
