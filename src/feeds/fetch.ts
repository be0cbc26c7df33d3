// HTTP for feeds: one conditional GET, redirects followed by hand, one deadline over the whole
// exchange and a cap on the decoded size, answered by a typed outcome rather than an exception,
// so one dead or hostile feed is a value the poller records and moves past.
import { createHash } from 'node:crypto';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { lookup as lookupDns } from 'node:dns/promises';
import { request as requestHttp, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as requestHttps, type RequestOptions } from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { classifyAddress, ipLiteral, type AddressKind } from './address.js';
import { decodeBody } from './charset.js';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  /** Follow redirects to loopback, private and link-local addresses too. */
  allowPrivateNetworks: boolean;
  /** How servers are reached; left out (as Vigil runs), the system's resolver and Node's certificate authorities. */
  network?: Network;
}

/**
 * The two things a fetch takes from its surroundings. Tests give their own: a resolver that
 * answers what a test needs (a public-looking name on 127.0.0.1, a name that rebinds) and the
 * authority of their certificates. The code path is the same either way.
 */
export interface Network {
  /** Every address of a host name (dns.lookup with `all: true`); every lookup a fetch makes goes through it. */
  resolve?: Resolver;
  /**
   * Certificate authorities an https server must chain to, in place of Node's (its bundled roots,
   * plus NODE_EXTRA_CA_CERTS: how an operator adds an internal authority). Verification stays on.
   */
  ca?: string[];
}

export type Resolver = (hostname: string, options: LookupAllOptions) => Promise<LookupAddress[]>;

/** What the last good answer said about the body, sent back on the next request. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** What one fetch of a feed gave: a body, "unchanged", "gone for good", or a failure. */
export type FetchOutcome =
  | {
      kind: 'ok';
      status: number;
      body: string;
      bodyHash: string;
      validators: Validators;
      /** The URL the feed lives at when every redirect on the way was permanent (301/308); else null. */
      movedTo: string | null;
      /** Cache-Control max-age or s-maxage in seconds (a lower bound for the next poll), else null. */
      maxAgeSeconds: number | null;
    }
  | { kind: 'not-modified'; status: 304; validators: Validators; maxAgeSeconds: number | null }
  | { kind: 'gone'; status: 410; error: string }
  | {
      kind: 'failed';
      status: number | null;
      error: string;
      /** From Retry-After (seconds or an HTTP date, resolved against `now`) on any answer, e.g. 429/503; else null. */
      retryAfter: Date | null;
    };

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_STATUSES = new Set([301, 308]);
const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1';

/** A failure whose message is already what an operator should read. */
class FetchFailure extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** Fetches a feed; never throws for network, HTTP, size or redirect problems. */
export async function fetchFeed(url: string, validators: Validators, options: FetchOptions, now: Date): Promise<FetchOutcome> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  try {
    const reached = await followRedirects(url, requestHeaders(validators, options), options, deadline);
    return await answer(reached, validators, options, deadline, now);
  } catch (error) {
    const status = error instanceof FetchFailure ? error.status : null;
    const message = deadline.aborted && !(error instanceof FetchFailure) ? `no response within ${options.timeoutMs} ms` : describeError(error);
    return { kind: 'failed', status, error: message, retryAfter: null };
  }
}

interface Reached {
  response: IncomingMessage;
  status: number;
  movedTo: string | null;
}

async function answer(reached: Reached, previous: Validators, options: FetchOptions, deadline: AbortSignal, now: Date): Promise<FetchOutcome> {
  const { response, status } = reached;
  if (status >= 200 && status < 300) {
    const body = decodeBody(await readBody(response, options, deadline), header(response, 'content-type'));
    const bodyHash = createHash('sha256').update(body).digest('hex');
    return { kind: 'ok', status, body, bodyHash, validators: validatorsOf(response), movedTo: reached.movedTo, maxAgeSeconds: parseMaxAge(header(response, 'cache-control')) };
  }
  response.destroy();
  const maxAgeSeconds = parseMaxAge(header(response, 'cache-control'));
  // A 304 that leaves a validator out has not changed it: the body it stands for is the same.
  if (status === 304) {
    const said = validatorsOf(response);
    return { kind: 'not-modified', status, validators: { etag: said.etag ?? previous.etag, lastModified: said.lastModified ?? previous.lastModified }, maxAgeSeconds };
  }
  const error = `HTTP ${status} ${response.statusMessage ?? ''}`.trim();
  if (status === 410) return { kind: 'gone', status, error };
  return { kind: 'failed', status, error, retryAfter: parseRetryAfter(header(response, 'retry-after'), now) };
}

function requestHeaders(validators: Validators, options: FetchOptions): OutgoingHttpHeaders {
  return {
    'user-agent': options.userAgent,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
    ...(validators.etag !== null && { 'if-none-match': validators.etag }),
    ...(validators.lastModified !== null && { 'if-modified-since': validators.lastModified }),
  };
}

// Redirects are followed here rather than by the HTTP client so that each target is checked
// before Vigil connects to it, and so that the hops can be counted and reported.
async function followRedirects(url: string, headers: OutgoingHttpHeaders, options: FetchOptions, deadline: AbortSignal): Promise<Reached> {
  const start = parseHttpUrl(url);
  const hops = [start];
  let permanent = true;
  const resolve = options.network?.resolve ?? lookupDns;
  let lookup = lookupWith(resolve, false); // the configured URL is trusted as given
  let lastStatus: number | null = null;
  for (;;) {
    const current = hops[hops.length - 1] ?? start;
    const response = await get(current, headers, { lookup, ca: options.network?.ca }, deadline).catch((error: unknown) => {
      throw error instanceof RefusedAddress ? new FetchFailure(error.message, lastStatus) : error;
    });
    const status = response.statusCode ?? 0;
    if (!REDIRECT_STATUSES.has(status)) return { response, status, movedTo: hops.length > 1 && permanent ? current.href : null };
    response.destroy();
    permanent &&= PERMANENT_STATUSES.has(status);
    lastStatus = status;
    const target = redirectTarget(response, status, current, hops);
    lookup = lookupWith(resolve, mustCheck(target, start, options, status));
    hops.push(target);
  }
}

function parseHttpUrl(url: string): URL {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') throw new FetchFailure(`not an http(s) URL: ${url}`, null);
  return parsed;
}

function redirectTarget(response: IncomingMessage, status: number, current: URL, hops: readonly URL[]): URL {
  const location = header(response, 'location');
  if (location === null) throw new FetchFailure(`HTTP ${status} redirect without a Location header`, status);
  if (!URL.canParse(location, current.href)) throw new FetchFailure(`redirect to an invalid URL: "${location}"`, status);
  const target = new URL(location, current);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FetchFailure(`refused redirect to a non-http URL: ${target.href}`, status);
  const followed = hops.length - 1;
  if (followed === MAX_REDIRECTS || hops.some((hop) => hop.href === target.href)) {
    const chain = [...hops, target].map((hop) => hop.href).join(' → ');
    throw new FetchFailure(`redirect loop or too many redirects after ${followed} hop${followed === 1 ? '' : 's'}: ${chain}`, status);
  }
  return target;
}

// The configured URL is trusted as given, and so is its origin (a redirect within the same
// server reaches nothing new). Any other target is checked: an address written in the URL here,
// a host name (true) when the socket resolves it.
function mustCheck(target: URL, start: URL, options: FetchOptions, status: number): boolean {
  if (options.allowPrivateNetworks || target.origin === start.origin) return false;
  const literal = ipLiteral(target.hostname);
  const kind = literal === null ? null : classifyAddress(literal);
  if (literal !== null && kind !== null) throw new FetchFailure(refusal(literal, null, kind), status);
  return true;
}

/** Refused because a redirect target is not a public address. */
class RefusedAddress extends Error {}

// The socket's own lookup, the only one a fetch makes: the socket connects to the addresses it
// answered and, when `check`, refused unless every one is public. There is no earlier lookup
// to check instead, so a name that answers a public address once and 127.0.0.1 the next time
// (DNS rebinding) is checked on the answer it is connected to.
function lookupWith(resolve: Resolver, check: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }).then(
      (addresses) => {
        const refused = check ? notPublic(hostname, addresses) : null;
        if (refused) return callback(refused, []);
        if (options.all) return callback(null, addresses);
        const [first] = addresses;
        callback(null, first?.address ?? '', first?.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

// Any address of the answer, not just the first: the socket tries the others when one fails.
function notPublic(hostname: string, addresses: LookupAddress[]): RefusedAddress | null {
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind !== null) return new RefusedAddress(refusal(hostname, address, kind));
  }
  return null;
}

function refusal(host: string, address: string | null, kind: AddressKind): string {
  return `refused redirect to ${host} (${address === null ? '' : `${address}, `}${kind} address)`;
}

// One connection per request (no agent): a pooled socket would skip the lookup that checks it.
// The deadline's signal ends the request, and with it a response body still arriving. An https
// request connects to the address the lookup gave, and sends and checks the URL's host name
// (SNI and the certificate's names): Node takes both from the URL.
function get(url: URL, headers: OutgoingHttpHeaders, connection: { lookup: LookupFunction; ca: string[] | undefined }, signal: AbortSignal): Promise<IncomingMessage> {
  const https = url.protocol === 'https:';
  const options: RequestOptions = { headers, agent: false, signal, lookup: connection.lookup, ...(https && connection.ca && { ca: connection.ca }) };
  return new Promise((resolve, reject) => {
    const request = (https ? requestHttps : requestHttp)(url, options, resolve);
    request.on('error', (error) => reject(certificateRefused(request, url, error) ?? error)).end();
  });
}

// Node names a refused certificate's problem (CERT_HAS_EXPIRED, a name the certificate does not
// list, an unknown authority) but not the server: after a redirect, that is not the feed's URL.
function certificateRefused(request: ClientRequest, url: URL, error: Error): FetchFailure | null {
  const socket = request.socket as TLSSocket | null;
  return socket?.authorizationError ? new FetchFailure(`TLS certificate of ${url.href} refused: ${describeError(error)}`, null) : null;
}

// The cap counts decoded bytes as they come out of the decompressor, so a small gzip body that
// inflates to gigabytes is stopped after maxBytes of output; destroying the stream stops inflating.
async function readBody(response: IncomingMessage, options: FetchOptions, deadline: AbortSignal): Promise<Buffer> {
  const status = response.statusCode ?? null;
  const tooLarge = (): FetchFailure => new FetchFailure(`response larger than ${options.maxBytes} bytes`, status);
  if (Number(header(response, 'content-length')) > options.maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const decoded = decompress(response);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > options.maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    if (!deadline.aborted) throw new FetchFailure(describeError(error), status);
    throw new FetchFailure(`no complete response within ${options.timeoutMs} ms (the body was still arriving: ${size} bytes received)`, status);
  } finally {
    response.destroy();
  }
  return Buffer.concat(chunks, size);
}

const DECOMPRESSORS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createDeflateDecoder,
  br: createBrotliDecompress,
};

// "deflate" means a zlib stream (RFC 9110), but some servers send the bare deflate data, as
// early browsers accepted. The first two bytes tell: a zlib header names method 8 and, read
// as one number, is a multiple of 31.
function createDeflateDecoder(): Transform {
  let inner: Transform | null = null;
  let head = Buffer.alloc(0);
  const start = (outer: Transform): Transform => {
    const zlib = ((head[0] ?? 0) & 0x0f) === 8 && (((head[0] ?? 0) << 8) | (head[1] ?? 0)) % 31 === 0;
    const created = zlib ? createInflate() : createInflateRaw();
    created.on('data', (chunk: Buffer) => outer.push(chunk));
    created.on('error', (error) => outer.destroy(error));
    return created;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!inner) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 2) return done();
        inner = start(this);
        chunk = head;
      }
      if (inner.write(chunk)) done();
      else inner.once('drain', () => done());
    },
    flush(done) {
      if (!inner) return done(new Error('deflate body too short to decode'));
      inner.once('end', () => done());
      inner.end();
    },
  });
}

function decompress(response: IncomingMessage): Readable {
  const encoding = (header(response, 'content-encoding') ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return response;
  const create = DECOMPRESSORS[encoding];
  if (!create) throw new FetchFailure(`unsupported Content-Encoding: ${encoding}`, response.statusCode ?? null);
  // pipeline destroys the response when the decompressor is destroyed, and passes errors on.
  return pipeline(response, create(), () => undefined);
}

function validatorsOf(response: IncomingMessage): Validators {
  return { etag: header(response, 'etag'), lastModified: header(response, 'last-modified') };
}

function header(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

// Retry-After as a moment: delay-seconds from `now`, or an HTTP-date; null when absent or unreadable.
function parseRetryAfter(value: string | null, now: Date): Date | null {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return new Date(now.getTime() + Number(text) * 1000);
  // HTTP-dates (IMF-fixdate, RFC 850, asctime) all open with a day name; Date reads all three.
  const date = /^[A-Za-z]{3}/.test(text) ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

// Cache-Control's freshness in seconds, s-maxage before max-age: Vigil is a cache shared by its readers.
function parseMaxAge(cacheControl: string | null): number | null {
  const directives = new Map(
    (cacheControl ?? '').split(',').map((directive) => {
      const [name = '', value = ''] = directive.split('=');
      return [name.trim().toLowerCase(), value.trim().replace(/^"(.*)"$/, '$1')];
    }),
  );
  for (const name of ['s-maxage', 'max-age']) {
    const value = directives.get(name);
    if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return null;
}

// Node's network errors carry a code (ECONNREFUSED, ENOTFOUND, …) worth keeping in front; an
// AggregateError (one per address tried) has no message of its own, so its parts speak.
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return [...new Set(error.errors.map(describeError))].join('; ');
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const message = code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  return error.cause === undefined ? message : `${message}: ${describeError(error.cause)}`;
}

/** Names Vigil and, when configured, a contact address, so a publisher knows whom to ask. */
export function userAgent(version: string, contact: string | undefined): string {
  return `Vigil/${version} (humanitarian early-warning monitor${contact ? `; ${contact}` : ''})`;
}
