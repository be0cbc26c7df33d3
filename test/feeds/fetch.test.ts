// fetchFeed against real HTTP servers on 127.0.0.1: conditional GET, charsets, compression and
// the byte cap, redirects and where they may lead, Retry-After, and failures that keep their cause.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchOptions, type Validators } from '../../src/feeds/fetch.js';
import { rssFeed } from '../helpers/feeds.js';
import { closeServer, listen, startFeedServer, type FeedServer, type Route } from '../helpers/servers.js';

const NOW = new Date('2026-11-23T20:00:00Z');
const NO_VALIDATORS: Validators = { etag: null, lastModified: null };
const OPTIONS: FetchOptions = { timeoutMs: 5_000, maxBytes: 1_000_000, userAgent: 'Vigil/test (tests)', allowPrivateNetworks: false };
const FEED = rssFeed([{ guid: 'ouembe-1', title: 'Attaque à Ouémbé', pubDate: 'Mon, 23 Nov 2026 18:00:00 +0000', description: 'Cercle de Bankass, région de Mopti.' }]);

let server: FeedServer;
/** Another server of this machine: a different origin, reachable only on a private network. */
let other: FeedServer;

beforeAll(async () => {
  server = await startFeedServer();
  other = await startFeedServer({ '/feed.xml': { body: FEED } });
});

afterAll(async () => {
  await server.close();
  await other.close();
});

function serve(path: string, route: Route): string {
  server.routes.set(path, route);
  return server.url(path);
}

function fetchUrl(url: string, options: Partial<FetchOptions> = {}, validators = NO_VALIDATORS) {
  return fetchFeed(url, validators, { ...OPTIONS, ...options }, NOW);
}

function requestsTo(feeds: FeedServer, path: string) {
  return feeds.requests.filter((r) => r.path === path);
}

function redirect(status: number, location: string): Route {
  return { status, headers: { location }, body: '' };
}

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work;
  return { result, ms: performance.now() - started };
}

describe('conditional GET', () => {
  const previous: Validators = { etag: '"v1"', lastModified: 'Mon, 23 Nov 2026 18:00:00 GMT' };

  it('sends the validators it was given and reads a 304 as not modified', async () => {
    const url = serve('/conditional.xml', {
      handle: (request, response) => {
        const unchanged = request.headers['if-none-match'] === '"v1"' && request.headers['if-modified-since'] === previous.lastModified;
        if (unchanged) response.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=300' }).end();
        else response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
      },
    });
    const outcome = await fetchUrl(url, {}, previous);
    // The 304 repeated the ETag only: the Last-Modified it left out still stands.
    expect(outcome).toEqual({ kind: 'not-modified', status: 304, validators: previous, maxAgeSeconds: 300 });
  });

  it('sends no conditional headers when it has no validators', async () => {
    const url = serve('/unconditional.xml', { body: FEED });
    expect((await fetchUrl(url)).kind).toBe('ok');
    const [request] = requestsTo(server, '/unconditional.xml');
    expect(request?.headers['if-none-match']).toBeUndefined();
    expect(request?.headers['if-modified-since']).toBeUndefined();
  });

  it('sends who it is, what it accepts and the compressions it reads', async () => {
    const url = serve('/headers.xml', { body: FEED });
    await fetchUrl(url);
    const [request] = requestsTo(server, '/headers.xml');
    expect(request?.headers).toMatchObject({ 'user-agent': 'Vigil/test (tests)', 'accept-encoding': 'gzip, deflate, br' });
    expect(request?.headers.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
  });

  it('returns the ETag, Last-Modified and max-age a 200 gave', async () => {
    const headers = { etag: 'W/"abc"', 'last-modified': 'Mon, 23 Nov 2026 19:00:00 GMT', 'cache-control': 'public, max-age=600' };
    const outcome = await fetchUrl(serve('/validators.xml', { body: FEED, headers }));
    expect(outcome).toMatchObject({ kind: 'ok', status: 200, validators: { etag: 'W/"abc"', lastModified: 'Mon, 23 Nov 2026 19:00:00 GMT' }, maxAgeSeconds: 600 });
  });

  it('returns no validators from a 200 that gave none, even when it had some', async () => {
    const outcome = await fetchUrl(serve('/no-validators.xml', { body: FEED }), {}, previous);
    expect(outcome).toMatchObject({ kind: 'ok', validators: NO_VALIDATORS, maxAgeSeconds: null });
  });

  it('takes s-maxage before max-age', async () => {
    const outcome = await fetchUrl(serve('/s-maxage.xml', { body: FEED, headers: { 'cache-control': 'max-age=60, s-maxage=900' } }));
    expect(outcome).toMatchObject({ kind: 'ok', maxAgeSeconds: 900 });
  });

  it('hashes the decoded body: the same feed gives the same hash, plain or gzipped', async () => {
    const plain = await fetchUrl(serve('/hash-plain.xml', { body: FEED }));
    const gzipped = await fetchUrl(serve('/hash-gzip.xml', { body: gzipSync(FEED), headers: { 'content-encoding': 'gzip' } }));
    const changed = await fetchUrl(serve('/hash-changed.xml', { body: FEED.replace('Ouémbé', 'Ogossagou') }));
    const sha256 = createHash('sha256').update(FEED).digest('hex');
    expect([plain, gzipped, changed].map((o) => o.kind === 'ok' && o.bodyHash)).toEqual([sha256, sha256, expect.not.stringMatching(sha256)]);
  });
});

describe('charsets', () => {
  const latin1Feed = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel><title>Ségou</title><item><title>Attaque à Ouémbé</title></item></channel></rss>`;

  it('decodes ISO-8859-1 named by the XML declaration when Content-Type names no charset', async () => {
    const outcome = await fetchUrl(serve('/latin1.xml', { body: Buffer.from(latin1Feed, 'latin1'), contentType: 'application/rss+xml' }));
    expect(outcome).toMatchObject({ kind: 'ok', body: latin1Feed });
  });

  it('decodes windows-1252 curly quotes (0x92, 0x93, 0x94) named by Content-Type', async () => {
    const bytes = Buffer.concat([Buffer.from('<rss><channel><title>'), Buffer.from([0x93]), Buffer.from('Ségou', 'latin1'), Buffer.from([0x94]), Buffer.from(' l'), Buffer.from([0x92]), Buffer.from('alerte</title></channel></rss>')]);
    const outcome = await fetchUrl(serve('/cp1252.xml', { body: bytes, contentType: 'text/xml; charset=windows-1252' }));
    expect(outcome).toMatchObject({ kind: 'ok', body: '<rss><channel><title>“Ségou” l’alerte</title></channel></rss>' });
  });

  it('believes a UTF-8 byte-order mark over a Content-Type that says ISO-8859-1', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FEED)]);
    const outcome = await fetchUrl(serve('/bom-utf8.xml', { body, contentType: 'application/rss+xml; charset=ISO-8859-1' }));
    expect(outcome).toMatchObject({ kind: 'ok', body: FEED });
  });

  it.each([
    { encoding: 'UTF-16LE', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FEED, 'utf16le')]) },
    { encoding: 'UTF-16BE', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(FEED, 'utf16le').swap16()]) },
  ])('decodes $encoding by its byte-order mark', async ({ encoding, bytes }) => {
    const outcome = await fetchUrl(serve(`/${encoding}.xml`, { body: bytes, contentType: 'application/xml' }));
    expect(outcome).toMatchObject({ kind: 'ok', body: FEED });
  });

  it('reads a charset it does not know as UTF-8', async () => {
    const outcome = await fetchUrl(serve('/unknown-charset.xml', { body: FEED, contentType: 'application/xml; charset=x-klingon' }));
    expect(outcome).toMatchObject({ kind: 'ok', body: FEED });
  });
});

describe('compression and the byte cap', () => {
  it.each([
    { encoding: 'gzip', compress: gzipSync },
    { encoding: 'br', compress: brotliCompressSync },
    { encoding: 'deflate', compress: deflateSync },
    // Bare deflate data under "deflate", as some servers send it.
    { encoding: 'deflate', compress: deflateRawSync },
  ])('decodes a $encoding body ($compress.name)', async ({ encoding, compress }) => {
    const outcome = await fetchUrl(serve(`/compressed-${encoding}.xml`, { body: compress(FEED), headers: { 'content-encoding': encoding } }));
    expect(outcome).toMatchObject({ kind: 'ok', body: FEED });
  });

  it('refuses a gzip bomb after inflating no more than the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(100 * 2 ** 20), { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200_000);
    // The server never ends the body: only a fetch that stops at the cap answers before the timeout.
    const url = serve('/bomb.xml', {
      handle: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).write(bomb);
      },
    });
    const { result, ms } = await timed(fetchUrl(url, { timeoutMs: 10_000 }));
    expect(result).toEqual({ kind: 'failed', status: 200, error: 'response larger than 1000000 bytes', retryAfter: null });
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses at once a body whose Content-Length is over the cap', async () => {
    const url = serve('/declared-large.xml', {
      handle: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '50000000' }).write('<rss>');
      },
    });
    const { result, ms } = await timed(fetchUrl(url, { timeoutMs: 10_000 }));
    expect(result).toEqual({ kind: 'failed', status: 200, error: 'response larger than 1000000 bytes', retryAfter: null });
    expect(ms).toBeLessThan(5_000);
  });

  it('refuses a plain body that grows past the cap', async () => {
    const outcome = await fetchUrl(serve('/large.xml', { body: 'x'.repeat(20_001) }), { maxBytes: 20_000 });
    expect(outcome).toMatchObject({ kind: 'failed', error: 'response larger than 20000 bytes' });
  });
});

describe('redirects', () => {
  it('gives the final URL as movedTo when every redirect was permanent (301, 308)', async () => {
    serve('/moved-2.xml', redirect(308, server.url('/moved-final.xml')));
    serve('/moved-final.xml', { body: FEED });
    const outcome = await fetchUrl(serve('/moved-1.xml', redirect(301, '/moved-2.xml')));
    expect(outcome).toMatchObject({ kind: 'ok', body: FEED, movedTo: server.url('/moved-final.xml') });
  });

  it('gives no movedTo when one redirect on the way was temporary (302)', async () => {
    serve('/temporary-2.xml', redirect(302, '/moved-final.xml'));
    serve('/moved-final.xml', { body: FEED });
    const outcome = await fetchUrl(serve('/temporary-1.xml', redirect(301, '/temporary-2.xml')));
    expect(outcome).toMatchObject({ kind: 'ok', body: FEED, movedTo: null });
  });

  it('gives no movedTo when there was no redirect', async () => {
    expect(await fetchUrl(serve('/here.xml', { body: FEED }))).toMatchObject({ kind: 'ok', movedTo: null });
  });

  it('follows five redirects and refuses the sixth, listing the hops', async () => {
    for (let n = 0; n < 6; n += 1) serve(`/hop-${n}.xml`, redirect(302, `/hop-${n + 1}.xml`));
    serve('/hop-6.xml', { body: FEED });
    expect(await fetchUrl(server.url('/hop-1.xml'))).toMatchObject({ kind: 'ok', body: FEED });

    const hops = [0, 1, 2, 3, 4, 5, 6].map((n) => server.url(`/hop-${n}.xml`));
    const before = requestsTo(server, '/hop-6.xml').length;
    const outcome = await fetchUrl(hops[0] ?? '');
    expect(outcome).toEqual({ kind: 'failed', status: 302, error: `redirect loop or too many redirects after 5 hops: ${hops.join(' → ')}`, retryAfter: null });
    expect(requestsTo(server, '/hop-6.xml')).toHaveLength(before);
  });

  it('stops a redirect loop when it comes back to a URL it has been to', async () => {
    const [a, b] = [serve('/loop-a.xml', redirect(301, '/loop-b.xml')), serve('/loop-b.xml', redirect(301, '/loop-a.xml'))];
    const outcome = await fetchUrl(a);
    expect(outcome).toMatchObject({ kind: 'failed', error: `redirect loop or too many redirects after 1 hop: ${a} → ${b} → ${a}` });
    expect(requestsTo(server, '/loop-a.xml')).toHaveLength(1);
  });

  it('refuses a redirect to a non-http URL', async () => {
    const outcome = await fetchUrl(serve('/to-ftp.xml', redirect(301, 'ftp://ftp.example.org/feed.xml')));
    expect(outcome).toMatchObject({ kind: 'failed', status: 301, error: 'refused redirect to a non-http URL: ftp://ftp.example.org/feed.xml' });
  });

  it('refuses a redirect to another port of this machine without connecting to it', async () => {
    const outcome = await fetchUrl(serve('/to-loopback.xml', redirect(302, other.url('/feed.xml'))));
    expect(outcome).toMatchObject({ kind: 'failed', status: 302, error: 'refused redirect to 127.0.0.1 (loopback address)' });
    expect(requestsTo(other, '/feed.xml')).toHaveLength(0);
  });

  it('refuses a redirect to a name that resolves to this machine, without connecting to it', async () => {
    const target = other.url('/feed.xml').replace('127.0.0.1', 'localhost');
    const outcome = await fetchUrl(serve('/to-localhost.xml', redirect(302, target)));
    expect(outcome).toMatchObject({ kind: 'failed', status: 302, error: expect.stringMatching(/^refused redirect to localhost \((127\.0\.0\.1|::1), loopback address\)$/) });
    expect(requestsTo(other, '/feed.xml')).toHaveLength(0);
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const { result, ms } = await timed(fetchUrl(serve('/to-metadata.xml', redirect(302, 'http://169.254.169.254/latest/meta-data/'))));
    expect(result).toEqual({ kind: 'failed', status: 302, error: 'refused redirect to 169.254.169.254 (link-local address)', retryAfter: null });
    expect(ms).toBeLessThan(1_000);
  });

  it('follows a redirect to this machine when private networks are allowed', async () => {
    const before = requestsTo(other, '/feed.xml').length;
    const outcome = await fetchUrl(serve('/to-loopback-allowed.xml', redirect(301, other.url('/feed.xml'))), { allowPrivateNetworks: true });
    expect(outcome).toMatchObject({ kind: 'ok', body: FEED, movedTo: other.url('/feed.xml') });
    expect(requestsTo(other, '/feed.xml')).toHaveLength(before + 1);
  });
});

describe('answers that are not a feed', () => {
  const retryDate = 'Tue, 24 Nov 2026 06:00:00 GMT';

  it.each([
    { status: 429, retryAfter: '120', expected: new Date('2026-11-23T20:02:00Z'), error: 'HTTP 429 Too Many Requests' },
    { status: 429, retryAfter: retryDate, expected: new Date(retryDate), error: 'HTTP 429 Too Many Requests' },
    { status: 503, retryAfter: '3600', expected: new Date('2026-11-23T21:00:00Z'), error: 'HTTP 503 Service Unavailable' },
    { status: 503, retryAfter: retryDate, expected: new Date(retryDate), error: 'HTTP 503 Service Unavailable' },
    { status: 503, retryAfter: 'soon', expected: null, error: 'HTTP 503 Service Unavailable' },
  ])('reads a $status with Retry-After: $retryAfter as failed until a moment', async ({ status, retryAfter, expected, error }) => {
    const outcome = await fetchUrl(serve(`/busy-${status}-${encodeURIComponent(retryAfter)}.xml`, { status, headers: { 'retry-after': retryAfter }, body: 'busy' }));
    expect(outcome).toEqual({ kind: 'failed', status, error, retryAfter: expected });
  });

  it('reads a 410 as gone', async () => {
    expect(await fetchUrl(serve('/gone.xml', { status: 410, body: 'gone' }))).toEqual({ kind: 'gone', status: 410, error: 'HTTP 410 Gone' });
  });

  it('reads a 404 as failed with its status line', async () => {
    expect(await fetchUrl(server.url('/missing.xml'))).toEqual({ kind: 'failed', status: 404, error: 'HTTP 404 Not Found', retryAfter: null });
  });
});

describe('failures keep their cause', () => {
  it('gives up on a server that sends no headers within the timeout', async () => {
    const { result, ms } = await timed(fetchUrl(serve('/slow.xml', { body: FEED, delayMs: 5_000 }), { timeoutMs: 300 }));
    expect(result).toEqual({ kind: 'failed', status: null, error: 'no response within 300 ms', retryAfter: null });
    expect(ms).toBeLessThan(2_000);
  });

  it('gives up on a body that dribbles a byte at a time forever', async () => {
    const url = serve('/dribble.xml', {
      handle: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml' }).write('<');
        const timer = setInterval(() => response.write(' '), 50);
        response.on('close', () => clearInterval(timer));
      },
    });
    const { result, ms } = await timed(fetchUrl(url, { timeoutMs: 500 }));
    expect(result).toMatchObject({ kind: 'failed', status: 200, error: expect.stringMatching(/^no complete response within 500 ms \(the body was still arriving: \d+ bytes received\)$/) });
    expect(ms).toBeLessThan(2_000);
  });

  it('names the refused connection, not just "fetch failed"', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await closeServer(closed);
    const outcome = await fetchUrl(`http://127.0.0.1:${port}/feed.xml`);
    expect(outcome).toEqual({ kind: 'failed', status: null, error: `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`, retryAfter: null });
  });

  it('names a host that does not resolve', async () => {
    const outcome = await fetchUrl('http://feed.invalid/rss.xml');
    expect(outcome).toMatchObject({ kind: 'failed', status: null, error: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN): getaddrinfo (ENOTFOUND|EAI_AGAIN) feed\.invalid$/) });
  });

  it('answers a URL that is not http(s) with a failure, not a throw', async () => {
    expect(await fetchUrl('file:///etc/passwd')).toEqual({ kind: 'failed', status: null, error: 'not an http(s) URL: file:///etc/passwd', retryAfter: null });
  });
});
