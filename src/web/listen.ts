// Starts the web app listening, turning the operating system's refusals into one sentence
// that says what to change (the port, the host), as every start-up failure should.
import { createServer } from 'node:net';
import type { WebConfig } from '../config/index.js';
import { ERROR_CODES, VigilError, messageOf } from '../errors.js';
import type { WebApp } from './server.js';

/** Listens on web.host:web.port; resolves with the address, or throws VIGIL_WEB_UNAVAILABLE. */
export async function listenWebApp(app: WebApp, web: Pick<WebConfig, 'host' | 'port'>): Promise<string> {
  try {
    return await app.listen({ port: web.port, host: web.host });
  } catch (error) {
    throw new VigilError(ERROR_CODES.WEB_UNAVAILABLE, describeListenError(error, web), { cause: error });
  }
}

/**
 * Fails at once with listenWebApp's message when the port cannot be had, so that `vigil run`
 * says so before spending seconds opening the database. The real listen can still lose a race
 * for the port; it then fails the same way, later.
 */
export async function checkPortAvailable(web: Pick<WebConfig, 'host' | 'port'>): Promise<void> {
  if (web.port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port: web.port, host: web.host, exclusive: true }, resolve);
    });
  } catch (error) {
    throw new VigilError(ERROR_CODES.WEB_UNAVAILABLE, describeListenError(error, web), { cause: error });
  } finally {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}

function describeListenError(error: unknown, { host, port }: Pick<WebConfig, 'host' | 'port'>): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is in use by another program: set PORT or web.port to a free port, or stop the other program.`;
    case 'EACCES':
      return `Port ${port} on ${host} needs privileges this process lacks: set PORT or web.port to a port above 1023.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `Host ${host} is not an address of this machine: set HOST or web.host (127.0.0.1 for this machine only, 0.0.0.0 for every interface).`;
    default:
      return `The web app cannot listen on ${host}:${port}: ${messageOf(error)}`;
  }
}
