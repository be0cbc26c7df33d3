// DNS rebinding against the feed fetcher, simulated through its resolver (test/helpers/resolver.ts)
// with private networks not allowed. A feed on a public-looking host (news.publisher.test, which
// the test's resolver places on 127.0.0.1, trusted as the feed list's own URL) redirects to names
// that answer a public address to any lookup made to check them and this machine (or the cloud
// metadata address) to the lookup its connection makes. Proves: the fetcher refuses with an error
// naming the name and the address, at the one lookup a connection makes (there is no earlier
// lookup to fool: a check done apart from the connection would pass the public answer and fetch
// from 127.0.0.1); it refuses an answer listing a public address beside a private one, and an
// IPv4-mapped loopback; it checks another port of the feed's own host as another origin; and the
// same redirect is followed when private networks are allowed, so the refusals are the check's.
// A guard in the resolver keeps every test, even against a broken fetcher, on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchOptions } from '../../src/feeds/fetch.js';
import { rssFeed } from '../helpers/feeds.js';
import { startResolver, type TestResolver } from '../helpers/resolver.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';

const NOW = new Date('2026-11-23T20:00:00Z');
const PUBLIC = '203.0.113.7';
const SECRET = rssFeed([{ guid: 'inside-1', title: 'Only reachable from inside', pubDate: 'Mon, 23 Nov 2026 18:00:00 +0000', description: 'Internal.' }]);

let resolver: TestResolver;
/** The feed's server, on a public-looking host. */
let publisher: FeedServer;
/** A server of this machine that a redirect must not reach: what an attacker is after. */
let inside: FeedServer;

beforeAll(async () => {
  resolver = startResolver({
    'news.publisher.test': ['127.0.0.1'],
    'cdn.rebind.test': { check: [PUBLIC], connection: ['127.0.0.1'] },
    'meta.rebind.test': { check: [PUBLIC], connection: ['169.254.169.254'] },
    'lan.rebind.test': { check: [PUBLIC], connection: ['192.168.1.20'] },
    'mixed.rebind.test': [PUBLIC, '127.0.0.1'],
    'mapped.rebind.test': ['::ffff:127.0.0.1'],
  });
  publisher = await startFeedServer({}, { hostname: 'news.publisher.test' });
  inside = await startFeedServer({ '/secret.xml': { body: SECRET } });
});

afterAll(async () => {
  await publisher?.close();
  await inside?.close();
  resolver?.close();
});

function redirectTo(path: string, location: string): string {
  publisher.routes.set(path, { status: 302, headers: { location }, body: '' });
  return publisher.url(path);
}

/** The inside server's URL under another host name. */
function insideAs(hostname: string): string {
  const url = new URL(inside.url('/secret.xml'));
  url.hostname = hostname;
  return url.href;
}

function fetchUrl(url: string, allowPrivateNetworks = false) {
  const options: FetchOptions = { timeoutMs: 5_000, maxBytes: 1_000_000, userAgent: 'Vigil/test (tests)', allowPrivateNetworks, network: { resolve: resolver.resolve } };
  return fetchFeed(url, { etag: null, lastModified: null }, options, NOW);
}

function secretsServed(): number {
  return inside.requests.filter((r) => r.path === '/secret.xml').length;
}

function lookupsOf(hostname: string, since: number) {
  return resolver.asked.slice(since).filter((a) => a.hostname === hostname);
}

describe('a redirect to a name that rebinds', () => {
  it('is refused at the lookup its connection makes, the only one: nothing is fetched from this machine', async () => {
    const [since, served] = [resolver.asked.length, secretsServed()];
    const outcome = await fetchUrl(redirectTo('/to-rebind.xml', insideAs('cdn.rebind.test')));
    expect(outcome).toEqual({ kind: 'failed', status: 302, error: 'refused redirect to cdn.rebind.test (127.0.0.1, loopback address)', retryAfter: null });
    expect(secretsServed()).toBe(served);
    // One lookup of the name, by the connection: no check apart from it that the public answer could pass.
    expect(lookupsOf('cdn.rebind.test', since)).toEqual([{ hostname: 'cdn.rebind.test', forConnection: true, answered: ['127.0.0.1'] }]);
  });

  it.each([
    { hostname: 'meta.rebind.test', error: 'refused redirect to meta.rebind.test (169.254.169.254, link-local address)' },
    { hostname: 'lan.rebind.test', error: 'refused redirect to lan.rebind.test (192.168.1.20, private address)' },
  ])('is refused when $hostname answers its connection with a non-public address', async ({ hostname, error }) => {
    const outcome = await fetchUrl(redirectTo(`/to-${hostname}.xml`, insideAs(hostname)));
    expect(outcome).toEqual({ kind: 'failed', status: 302, error, retryAfter: null });
  });

  it('is followed when private networks are allowed: the same redirect reaches this machine', async () => {
    const served = secretsServed();
    const outcome = await fetchUrl(redirectTo('/to-rebind-allowed.xml', insideAs('cdn.rebind.test')), true);
    expect(outcome).toMatchObject({ kind: 'ok', body: SECRET });
    expect(secretsServed()).toBe(served + 1);
  });
});

describe('a redirect from a public-looking host to this machine', () => {
  it('is refused when one answer lists a public address beside this machine’s', async () => {
    const served = secretsServed();
    const outcome = await fetchUrl(redirectTo('/to-mixed.xml', insideAs('mixed.rebind.test')));
    expect(outcome).toMatchObject({ kind: 'failed', status: 302, error: 'refused redirect to mixed.rebind.test (127.0.0.1, loopback address)' });
    expect(secretsServed()).toBe(served);
  });

  it('is refused when the name answers 127.0.0.1 as an IPv4-mapped IPv6 address', async () => {
    const outcome = await fetchUrl(redirectTo('/to-mapped.xml', insideAs('mapped.rebind.test')));
    expect(outcome).toMatchObject({ kind: 'failed', status: 302, error: 'refused redirect to mapped.rebind.test (::ffff:127.0.0.1, loopback address)' });
  });

  it('is refused to another port of the feed’s own host: another origin, checked like any', async () => {
    const served = secretsServed();
    const outcome = await fetchUrl(redirectTo('/to-own-host.xml', insideAs('news.publisher.test')));
    expect(outcome).toMatchObject({ kind: 'failed', status: 302, error: 'refused redirect to news.publisher.test (127.0.0.1, loopback address)' });
    expect(secretsServed()).toBe(served);
  });

  it('is followed within the feed’s own origin, which the feed list trusts as given', async () => {
    publisher.routes.set('/here.xml', { body: SECRET });
    expect(await fetchUrl(redirectTo('/to-same-origin.xml', '/here.xml'))).toMatchObject({ kind: 'ok', body: SECRET });
  });
});
