// Slow and greedy clients: the HTTP server's timeouts (Node's defaults let a client that
// trickles its headers hold a connection for minutes, and Fastify's requestTimeout is 0, no
// limit) and a cap on open connections per client address, so one host cannot hold them all.
import { createServer, type Server } from 'node:http';

/** How long a client may take, and how many connections one address may hold. */
export interface ConnectionLimits {
  /** Time to send the request headers. */
  headersTimeoutMs: number;
  /** Time to send the whole request. */
  requestTimeoutMs: number;
  /** A connection idle this long is closed. */
  idleTimeoutMs: number;
  /** Time a kept-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  maxConnectionsPerIp: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  // Above the bench's 50 connections from one address; a proxy in front needs its own limits.
  maxConnectionsPerIp: 128,
};

/** The Node HTTP server Fastify runs on, with the timeouts enforced and the cap per address. */
export function createLimitedServer(limits: ConnectionLimits, handler: Parameters<typeof createServer>[1]): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above this often (30 s by default): check within a second.
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    handler,
  );
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerIp) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  return server;
}
