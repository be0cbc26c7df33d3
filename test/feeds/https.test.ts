// Feeds over HTTPS, against real `node:https` servers on 127.0.0.1 whose certificates are made at
// test time (test/helpers/tls.ts). Proves: a feed is fetched and parsed over TLS through the
// production code path, trusting a certificate authority given to the fetch (in-process) or named
// by NODE_EXTRA_CA_CERTS (a `vigil` process, as an operator with an internal authority runs it),
// and never one it was not given; the TLS server name (SNI) is the feed's host name although the
// socket connects to the address the lookup answered; a certificate for another name, an expired
// one and a self-signed one are each a feed error naming the URL and the problem, never a crash;
// and such a feed fails that poll only: what it stored and its validators are kept, it backs off
// like any failing feed, and it is polled again when due.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPollCycle } from '../../src/cycle.js';
import { fetchFeed, type FetchOptions } from '../../src/feeds/fetch.js';
import { listFeeds, listItems, parseFeed } from '../../src/feeds/index.js';
import { vigil } from '../helpers/cli.js';
import { writeTestConfig } from '../helpers/config.js';
import { startResolver, type TestResolver } from '../helpers/resolver.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';
import { fixture, startStack, type Stack } from '../helpers/stack.js';
import { createTestAuthority, selfSignedCertificate, type KeyAndCertificate, type TestAuthority } from '../helpers/tls.js';

const NOW = new Date('2026-11-27T08:00:00Z');
const DAY = 24 * 3_600_000;
const UN_NEWS = fixture('un-news-africa.rss.xml');
const UN_NEWS_TITLES = ['Sudan: aid convoys reach El Fasher for the first time in months', 'Mali: new maternity ward opens in Mopti with UN support', 'Climate finance talks resume in Nairobi'];

const ADDED_ITEM = `<item><title>Mopti: floods displace 2,000 people</title><link>https://news.un.org/en/story/2026/11/1160004</link>
  <guid isPermaLink="false">https://news.un.org/en/story/2026/11/1160004</guid><pubDate>Fri, 27 Nov 2026 07:00:00 GMT</pubDate>
  <description>Floods in the Mopti region displaced 2,000 people this week.</description></item>`;

let authority: TestAuthority;
let certificates: Record<'good' | 'otherName' | 'expired' | 'selfSigned', KeyAndCertificate>;
let resolver: TestResolver;
/** An HTTPS server on 127.0.0.1 that URLs name feeds.test; each test picks the certificate it shows. */
let secure: FeedServer;

beforeAll(async () => {
  authority = await createTestAuthority();
  certificates = {
    good: await authority.issue(['feeds.test']),
    otherName: await authority.issue(['other.test']),
    expired: await authority.issue(['feeds.test'], { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) }),
    selfSigned: await selfSignedCertificate(['feeds.test']),
  };
  resolver = startResolver({ 'feeds.test': ['127.0.0.1'] });
  secure = await startFeedServer({ '/un-news.xml': { body: UN_NEWS } }, { tls: certificates.good, hostname: 'feeds.test' });
});

afterAll(async () => {
  await secure?.close();
  resolver?.close();
});

function options(overrides: Partial<FetchOptions> = {}): FetchOptions {
  return { timeoutMs: 5_000, maxBytes: 1_000_000, userAgent: 'Vigil/test (tests)', allowPrivateNetworks: false, network: { resolve: resolver.resolve, ca: [authority.cert] }, ...overrides };
}

function fetchUrl(url: string, overrides: Partial<FetchOptions> = {}) {
  return fetchFeed(url, { etag: null, lastModified: null }, options(overrides), NOW);
}

function requestsTo(server: FeedServer, path: string) {
  return server.requests.filter((r) => r.path === path);
}

describe('a feed served over HTTPS', () => {
  it('is fetched and parsed, its certificate checked against the authority the fetch was given', async () => {
    secure.setCertificate(certificates.good);
    const outcome = await fetchUrl(secure.url('/un-news.xml'));
    expect(outcome).toMatchObject({ kind: 'ok', status: 200, body: UN_NEWS });
    const parsed = outcome.kind === 'ok' ? await parseFeed(outcome.body) : null;
    expect(parsed?.ok && parsed.entries.map((e) => e.title)).toEqual(UN_NEWS_TITLES);
  });

  it('names the feed’s host for TLS (SNI) and HTTP while connecting to the address its lookup answered', async () => {
    secure.setCertificate(certificates.good);
    const url = secure.url('/sni.xml');
    secure.routes.set('/sni.xml', { body: UN_NEWS });
    const lookups = resolver.asked.length;
    expect((await fetchUrl(url)).kind).toBe('ok');
    expect(resolver.asked.slice(lookups)).toMatchObject([{ hostname: 'feeds.test', answered: ['127.0.0.1'] }]);
    const [request] = requestsTo(secure, '/sni.xml');
    expect(request).toMatchObject({ servername: 'feeds.test', headers: { host: new URL(url).host } });
  });

  it.each([
    { certificate: 'otherName', problem: "ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: Host: feeds.test. is not in the cert's altnames: DNS:other.test" },
    { certificate: 'expired', problem: 'CERT_HAS_EXPIRED: certificate has expired' },
    { certificate: 'selfSigned', problem: 'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate' },
  ] as const)('is refused with a $certificate certificate: a failure naming the URL and the problem, and no request sent', async ({ certificate, problem }) => {
    secure.setCertificate(certificates[certificate]);
    const path = `/refused-${certificate}.xml`;
    const url = secure.url(path);
    secure.routes.set(path, { body: UN_NEWS });
    expect(await fetchUrl(url)).toEqual({ kind: 'failed', status: null, error: `TLS certificate of ${url} refused: ${problem}`, retryAfter: null });
    expect(requestsTo(secure, path)).toHaveLength(0);
  });

  it('trusts Node’s own authorities only when given none: the test authority’s certificate is refused', async () => {
    secure.setCertificate(certificates.good);
    const url = secure.url('/un-news.xml');
    const outcome = await fetchUrl(url, { network: { resolve: resolver.resolve } });
    expect(outcome).toMatchObject({ kind: 'failed', error: `TLS certificate of ${url} refused: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate` });
  });

  it('names the HTTPS URL a redirect led to when that server’s certificate is refused', async () => {
    secure.setCertificate(certificates.expired);
    const plain = await startFeedServer();
    try {
      const target = secure.url('/moved-here.xml');
      plain.routes.set('/moved.xml', { status: 301, headers: { location: target }, body: '' });
      // A redirect to this machine is followed only when private networks are allowed.
      const outcome = await fetchUrl(plain.url('/moved.xml'), { allowPrivateNetworks: true });
      expect(outcome).toMatchObject({ kind: 'failed', error: `TLS certificate of ${target} refused: CERT_HAS_EXPIRED: certificate has expired` });
    } finally {
      await plain.close();
    }
  });
});

describe('a poll of a feed whose certificate is refused', () => {
  let stack: Stack;
  const feedUrl = () => secure.url('/polled.xml');
  const cycleAt = (tick: Date) => runPollCycle({ ...stack.deps, now: () => tick, network: { resolve: resolver.resolve, ca: [authority.cert] } }, tick);
  const feedRow = async () => (await listFeeds(stack.app.db.prisma))[0];
  const itemTitles = async () => (await listItems(stack.app.db.prisma, { limit: 50 })).map((i) => i.title).sort();

  beforeAll(async () => {
    secure.routes.set('/polled.xml', { body: UN_NEWS, headers: { etag: '"v1"' } });
    stack = await startStack('embedded', [{ name: 'UN News — Africa', publisher: 'UN News', path: '/unused', url: feedUrl() }], {});
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('fails that poll alone, keeps what was stored, backs off, and is polled again when due', async () => {
    secure.setCertificate(certificates.good);
    expect(await cycleAt(NOW)).toMatchObject({ feedsPolled: 1, feedsFailed: 0, newItems: 3 });
    const stored = await itemTitles();
    expect(stored).toEqual([...UN_NEWS_TITLES].sort());

    secure.setCertificate(certificates.expired);
    const requests = requestsTo(secure, '/polled.xml').length;
    const failedAt = new Date(NOW.getTime() + 15 * 60_000);
    expect(await cycleAt(failedAt)).toMatchObject({ feedsPolled: 1, feedsFailed: 1, newItems: 0 });
    const failing = await feedRow();
    expect(failing).toMatchObject({ status: 'failing', errorCount: 1, lastStatus: null, lastError: `TLS certificate of ${feedUrl()} refused: CERT_HAS_EXPIRED: certificate has expired` });
    expect(requestsTo(secure, '/polled.xml')).toHaveLength(requests);
    expect(await itemTitles()).toEqual(stored);
    // Backed off like any failing feed: not polled again at the next minute.
    const retryAt = new Date(failing?.nextPollAt ?? '');
    expect(retryAt.getTime()).toBeGreaterThan(failedAt.getTime() + 60_000);
    expect(await cycleAt(new Date(failedAt.getTime() + 60_000))).toMatchObject({ feedsPolled: 0 });

    // The publisher renews the certificate and adds a story: the next due poll takes it, with the
    // validators of the last good answer.
    secure.setCertificate(certificates.good);
    secure.routes.set('/polled.xml', { body: UN_NEWS.replace('</channel>', `${ADDED_ITEM}</channel>`) });
    expect(await cycleAt(retryAt)).toMatchObject({ feedsPolled: 1, feedsFailed: 0, newItems: 1 });
    expect(requestsTo(secure, '/polled.xml').at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(await feedRow()).toMatchObject({ status: 'ok', errorCount: 0, lastError: null });
    expect(await itemTitles()).toEqual([...stored, 'Mopti: floods displace 2,000 people'].sort());
  });
});

describe('an operator’s own certificate authority', () => {
  let dir: string;
  let local: FeedServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-https-'));
    writeFileSync(join(dir, 'authority.pem'), authority.cert);
    local = await startFeedServer({ '/un-news.xml': { body: UN_NEWS } }, { tls: await authority.issue(['localhost']), hostname: 'localhost' });
  });

  afterAll(async () => {
    await local?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is trusted by `vigil feeds check` when NODE_EXTRA_CA_CERTS names it, and not otherwise', async () => {
    const url = local.url('/un-news.xml');
    const config = writeTestConfig({ dir, feeds: [{ name: 'UN News — Africa', url, publisher: 'UN News' }] });
    const check = (env: Record<string, string>) => vigil(['--config', config, 'feeds', 'check', url, '--json'], env);

    const untrusted = await check({});
    expect(untrusted.code).toBe(1);
    expect(JSON.parse(untrusted.stdout)).toMatchObject({ ok: false, error: `TLS certificate of ${url} refused: UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate` });

    const trusted = await check({ NODE_EXTRA_CA_CERTS: join(dir, 'authority.pem') });
    expect(trusted.code).toBe(0);
    expect((JSON.parse(trusted.stdout) as { entries: { title: string }[] }).entries.map((e) => e.title)).toEqual(UN_NEWS_TITLES);
  });
});
