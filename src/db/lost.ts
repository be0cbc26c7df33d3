// Which errors mean the database itself is gone (server down or restarting, connection cut),
// as opposed to one query's problem. Work that meets a lost database stops at once and is
// retried as a whole later, instead of failing every remaining item one by one.

// @prisma/adapter-pg's kinds for a connection that failed or broke.
const LOST_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// Prisma's codes: cannot reach the server, timed out, server closed the connection.
const LOST_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
const LOST_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// pg's own errors for a connection that ended, which carry no code.
const LOST_MESSAGES = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect/i;

/** True when `error` (or what it wraps) says the database connection is gone. */
export function isDatabaseLost(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (isLostItself(current)) return true;
    const { cause, meta } = current as ErrorLike;
    queue.push(cause, meta?.driverAdapterError);
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

function isLostItself(e: ErrorLike): boolean {
  if (typeof e.kind === 'string' && LOST_ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.code === 'string') {
    if (LOST_PRISMA_CODES.has(e.code) || LOST_SOCKET_CODES.has(e.code) || isLostSqlState(e.code)) return true;
    // A Unix socket that is gone (the embedded database's owner stopped).
    if (e.code === 'ENOENT' && e.syscall === 'connect') return true;
  }
  return typeof e.message === 'string' && LOST_MESSAGES.test(e.message);
}

// SQLSTATE class 08 (connection exception); 57P01-57P03: the server is shutting down,
// crashed, or not yet accepting connections.
function isLostSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03';
}
