// Name resolution for tests, given to the fetcher as its resolver (FetchOptions.network.resolve):
// public-looking host names answered with 127.0.0.1, and rebinding names that answer one address
// to a lookup made to check a name and another to the lookup a connection makes, as a DNS server
// with a zero TTL can. Which lookup is a connection's: Node announces each new plain TCP client
// socket on the `net.client.socket` diagnostics channel, and the socket looks its host up at
// once. (Node 20 announces no TLS socket there: over https, every lookup reads as a check.)
//
// A guard closes, before it connects, any announced socket whose lookup answered an address
// beyond this machine: a fetcher broken on purpose (or by mistake) reaches nothing but loopback.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { isIP, type Socket } from 'node:net';
import type { Resolver } from '../../src/feeds/index.js';

/** A name's addresses, or what it answers to a check and to a connection. */
export type Answer = string[] | { check: string[]; connection: string[] };

export interface TestResolver {
  resolve: Resolver;
  /** Every lookup, in order: the name, whether a connection made it, and the addresses given. */
  asked: { hostname: string; forConnection: boolean; answered: string[] }[];
  close(): void;
}

const CHANNEL = 'net.client.socket';

export function startResolver(answers: Record<string, Answer>): TestResolver {
  const asked: TestResolver['asked'] = [];
  let socketAwaitingLookup = false;
  const onSocket = (message: unknown): void => {
    const { socket } = message as { socket: Socket };
    socket.on('lookup', (_error: Error | null, address?: string) => {
      if (address && !isLoopback(address)) socket.destroy();
    });
    // A new socket's lookup runs before any queued microtask: the flag is its alone.
    socketAwaitingLookup = true;
    queueMicrotask(() => (socketAwaitingLookup = false));
  };
  subscribe(CHANNEL, onSocket);
  // Not async: whether a connection asks is read at the call, before anything else can run.
  const resolve: Resolver = (hostname) => {
    const forConnection = socketAwaitingLookup;
    socketAwaitingLookup = false;
    const answer = answers[hostname];
    const answered = answer === undefined ? [] : Array.isArray(answer) ? answer : forConnection ? answer.connection : answer.check;
    asked.push({ hostname, forConnection, answered });
    if (answered.length === 0) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname }));
    return Promise.resolve(answered.map((address) => ({ address, family: isIP(address) })));
  };
  return { resolve, asked, close: () => unsubscribe(CHANNEL, onSocket) };
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
