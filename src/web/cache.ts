// The pages that only read the alert history (lists, event and place pages, the map, their Atom,
// CAP, CSV and JSON forms) are kept in memory while the database holds the same committed data,
// so fifty readers of one page cost one render. "The same data" is the database's own answer:
// pg_current_snapshot() changes whenever a write transaction starts or ends anywhere on the
// server, so a page is never served after a change it does not show, on any replica. The app's
// minute is part of the key too: the map and "last 30 days" are relative to now.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/index.js';
import type { WebServer } from './context.js';

/** Paths whose pages depend on nothing but the URL, the stored data and the minute. */
const CACHED_PATHS = /^\/(alerts|places\/|map|api\/alerts|api\/places\/)/;
/** Response headers worth replaying; the security headers are added on every send anyway. */
const KEPT_HEADERS = ['content-type', 'etag', 'last-modified', 'cache-control'] as const;

interface Entry {
  key: string;
  status: number;
  headers: Partial<Record<(typeof KEPT_HEADERS)[number], string>>;
  body: string | Buffer;
}

export interface PageCacheOptions {
  /** The most the kept pages may hold, in bytes. */
  maxBytes: number;
}

export const DEFAULT_PAGE_CACHE: PageCacheOptions = { maxBytes: 32 * 1024 * 1024 };

/** What the database has committed, as a string that changes with every commit. */
async function readDataVersion(db: Db): Promise<string> {
  const rows = await db.$queryRaw<{ v: string }[]>`SELECT pg_current_snapshot()::text AS v`;
  return rows[0]?.v ?? '';
}

/**
 * `read`, shared by the requests that wait together: a request joins the next read, never one
 * already under way (that one may have started before a commit the request must see).
 */
export function batchedReader(read: () => Promise<string>): () => Promise<string> {
  let running: Promise<string> | null = null;
  let next: Promise<string> | null = null;
  const start = (): Promise<string> => (running = read().finally(() => (running = null)));
  return () => {
    if (!running) return start();
    next ??= running.then(
      () => ((next = null), start()),
      () => ((next = null), start()),
    );
    return next;
  };
}

/** A least-recently-used map of rendered pages, bounded by their size. */
class PageStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get(url: string, key: string): Entry | undefined {
    const entry = this.entries.get(url);
    if (!entry || entry.key !== key) return undefined;
    this.entries.delete(url);
    this.entries.set(url, entry);
    return entry;
  }

  set(url: string, entry: Entry): void {
    const size = entry.body.length;
    if (size > this.maxBytes / 8) return;
    this.delete(url);
    this.entries.set(url, entry);
    this.bytes += size;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(url: string): void {
    const old = this.entries.get(url);
    if (!old) return;
    this.bytes -= old.body.length;
    this.entries.delete(url);
  }
}

const cacheKeys = new WeakMap<FastifyRequest, string>();

/** Serves and keeps the history's pages; see the top of this file. */
export function registerPageCache(app: WebServer, db: Db, now: () => Date, options: PageCacheOptions = DEFAULT_PAGE_CACHE): void {
  const store = new PageStore(options.maxBytes);
  const dataVersion = batchedReader(() => readDataVersion(db));

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !CACHED_PATHS.test(request.url)) return;
    let version: string;
    try {
      version = await dataVersion();
    } catch {
      return; // the page itself will say what is wrong with the database
    }
    const key = `${version}|${Math.floor(now().getTime() / 60_000)}`;
    const hit = store.get(request.url, key);
    if (!hit) return void cacheKeys.set(request, key);
    return replay(request, reply, hit);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = cacheKeys.get(request);
    if (key === undefined || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    cacheKeys.delete(request);
    const headers: Entry['headers'] = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    store.set(request.url, { key, status: reply.statusCode, headers, body: payload });
    return payload;
  });
}

function replay(request: FastifyRequest, reply: FastifyReply, entry: Entry) {
  reply.headers(entry.headers).header('x-vigil-cache', 'hit');
  if (entry.headers.etag && request.headers['if-none-match'] === entry.headers.etag) return reply.code(304).send();
  return reply.code(entry.status).send(entry.body);
}
