// The embedded default: PGlite (Postgres compiled to WebAssembly) kept under the data dir and
// served over the Postgres wire protocol on loopback, so the same pg/Prisma code talks to it
// and to a real server. PGlite is one database session: one process owns the data dir, and
// other Vigil commands started meanwhile connect to that process's server (found through the
// lock file) instead of opening the files a second time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_CODES, VigilError, messageOf } from '../errors.js';

export interface EmbeddedServer {
  /** A postgres:// URL on 127.0.0.1 served by the owning process. */
  url: string;
  /** Where the database files are. */
  dir: string;
  /** The pid of the Vigil process that owns the files (this one, or another). */
  ownerPid: number;
  close(): Promise<void>;
}

interface LockContent {
  pid: number;
  port: number | null;
}

const WAIT_FOR_OWNER_MS = 60_000;
// One per process is enough (each pool holds one connection); the rest are for commands
// run while `vigil run` owns the database.
const MAX_CONNECTIONS = 8;

/** Opens the embedded database under dataDir, or joins the process that already has it open. */
export async function openEmbedded(dataDir: string): Promise<EmbeddedServer> {
  const dir = join(dataDir, 'pglite');
  const lockFile = join(dataDir, 'pglite.lock');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Cannot create the embedded database folder ${dir}: ${messageOf(error)}`, { cause: error });
  }
  const deadline = Date.now() + WAIT_FOR_OWNER_MS;
  for (;;) {
    if (takeLock(lockFile)) return startOwned(dir, lockFile);
    const owner = readLock(lockFile);
    if (owner && !isAlive(owner.pid)) {
      rmSync(lockFile, { force: true }); // left by a process that died; its data is intact
      continue;
    }
    if (owner?.port) return { url: urlFor(owner.port), dir, ownerPid: owner.pid, close: () => Promise.resolve() };
    if (Date.now() > deadline) {
      throw new VigilError(
        ERROR_CODES.DB_UNAVAILABLE,
        `The embedded database in ${dir} is held by process ${owner?.pid ?? '?'}, which has not started serving it after ` +
          `${WAIT_FOR_OWNER_MS / 1000} s. Stop that process, or delete ${lockFile} if no Vigil is running.`,
      );
    }
    await sleep(200);
  }
}

async function startOwned(dir: string, lockFile: string): Promise<EmbeddedServer> {
  try {
    // Loaded only when used: a deployment on a real Postgres never pays for the WebAssembly.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create(dir);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    writeLock(lockFile, { pid: process.pid, port });
    const close = async (): Promise<void> => {
      await server.stop();
      await db.close();
      rmSync(lockFile, { force: true });
    };
    return { url: urlFor(port), dir, ownerPid: process.pid, close };
  } catch (error) {
    rmSync(lockFile, { force: true });
    throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Cannot open the embedded database in ${dir}: ${messageOf(error)}`, { cause: error });
  }
}

function urlFor(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

function takeLock(file: string): boolean {
  try {
    writeFileSync(file, JSON.stringify({ pid: process.pid, port: null } satisfies LockContent), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Cannot write the lock file ${file}: ${messageOf(error)}`, { cause: error });
  }
}

function writeLock(file: string, content: LockContent): void {
  writeFileSync(file, JSON.stringify(content));
}

function readLock(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, port: typeof parsed.port === 'number' ? parsed.port : null } : null;
  } catch {
    return null; // being written, or removed meanwhile: the caller looks again
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
