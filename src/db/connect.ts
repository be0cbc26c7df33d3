// Opens the database: a PostgreSQL server when a URL is configured, else the embedded one.
// Both are reached through one pg.Pool that Prisma (through @prisma/adapter-pg) and the
// migrator share.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Logger } from '../log.js';
import { ERROR_CODES, VigilError, errorFields, messageOf } from '../errors.js';
import { PrismaClient } from './generated/client.js';
import { openEmbedded, type EmbeddedServer } from './embedded.js';

export type { PrismaClient };

// node-postgres' own default; below the embedded server's idle timeout (embedded.ts).
const POOL_IDLE_TIMEOUT_MS = 10_000;
// Opening a connection that takes longer than this means the server is not there.
const CONNECT_TIMEOUT_MS = 10_000;
// Waiting for a free connection of the pool is not a lost server: the embedded database's one
// connection may be busy with a long poll cycle while the sender and the web wait their turn
// (the fuzz sweep ended busy cycles as "database lost" after the 10 s connect timeout). The
// wait is still bounded, so that a query that never ends shows up as an error.
const EMBEDDED_QUEUE_TIMEOUT_MS = 120_000;

// A client that times out its own connecting, whatever the pool's wait for a free connection
// (pg-pool gives both the one connectionTimeoutMillis otherwise).
class TimedClient extends pg.Client {
  constructor(config: pg.ClientConfig = {}) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

/** An open database: Prisma for queries, the pool for the migrator and raw SQL. */
export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  kind: 'postgres' | 'embedded';
  /** Where it is, for logs and messages, without credentials. */
  location: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL; null for the embedded database under dataDir. */
  url: string | null;
  dataDir: string;
  log: Logger;
  /** Connections for a server; the embedded database always gets one. */
  poolSize?: number;
}

/** Connects and checks the connection works; throws VIGIL_DB_UNAVAILABLE saying why not. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const embedded = options.url ? null : await openEmbedded({ dataDir: options.dataDir, log: options.log });
  const url = options.url ?? (embedded as EmbeddedServer).url;
  const joined = embedded !== null && embedded.ownerPid !== process.pid;
  const location = embedded ? `embedded database in ${embedded.dir}${joined ? ` (served by Vigil process ${embedded.ownerPid})` : ''}` : describeUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    // PGlite runs one session at a time: a single connection keeps transactions whole.
    max: embedded ? 1 : (options.poolSize ?? 10),
    Client: TimedClient,
    connectionTimeoutMillis: embedded ? EMBEDDED_QUEUE_TIMEOUT_MS : CONNECT_TIMEOUT_MS,
    // Vigil lets go of an idle connection before the embedded server drops it, so that a drop
    // is never mistaken for a lost database.
    idleTimeoutMillis: Math.min(POOL_IDLE_TIMEOUT_MS, Math.floor((embedded?.idleTimeoutMs || Infinity) / 2)),
  });
  // An idle connection dropped by a restarting server must not crash the process; the pool
  // replaces it on next use. Only the message and code: pg attaches its client to the error.
  pool.on('error', (error) => options.log.warn({ ...errorFields(error), database: location }, 'database connection lost; it will be replaced'));
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    await embedded?.close();
    const via = joined
      ? ` (found through the lock file ${embedded.lockFile}: if process ${embedded.ownerPid} is stuck, stop it and start again)`
      : embedded
        ? ''
        : '. Check DATABASE_URL (or database.url) and that the server is running.';
    throw new VigilError(ERROR_CODES.DB_UNAVAILABLE, `Cannot connect to the ${location}: ${messageOf(error) || (error as Error).name}${via}`, {
      cause: error,
    });
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const close = async (): Promise<void> => {
    await prisma.$disconnect();
    await pool.end().catch(() => undefined);
    await embedded?.close();
  };
  return { prisma, pool, kind: embedded ? 'embedded' : 'postgres', location, close };
}

/** host:port/database of a URL, never its password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL database ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'PostgreSQL database (unparsable URL)';
  }
}
