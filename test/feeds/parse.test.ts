// Feed documents as publishers really serve them: the bugs a feed is forgiven (a bare &, HTML
// entities, undeclared namespace prefixes), the bodies that are no feed and must be refused
// with one line saying why, and the two XML attacks a DOCTYPE can carry.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed, type FeedEntry, type ParseOutcome } from '../../src/feeds/parse.js';
import { startFeedServer, type FeedServer } from '../helpers/servers.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');

/** An RSS 2.0 document holding `item` (written as XML) as its only item. */
const rss = (item: string, channel = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Test</title>${channel}
    <item>${item}</item>
  </channel>
</rss>`;

function entriesOf(outcome: ParseOutcome): FeedEntry[] {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error}`);
  return outcome.entries;
}

describe('parseFeed forgives publisher bugs', () => {
  it.each([
    { says: 'a bare & in a title', item: '<title>Food & water reach Bankass</title>', title: 'Food & water reach Bankass' },
    { says: 'a bare & in a French title', item: '<title>Sécurité & protection à Mopti</title>', title: 'Sécurité & protection à Mopti' },
    { says: 'an & that starts no reference', item: '<title>AT&T; R&D &; &#; &#x; &</title>', title: 'AT&T; R&D &; &#; &#x; &' },
    { says: 'a bare < in a title', item: '<title>Fewer < 10 families returned to Ogota; <3 schools open</title>', title: 'Fewer < 10 families returned to Ogota; <3 schools open' },
    { says: 'a bare < beside a bare &', item: '<title>Aid & fuel: prices < last year</title>', title: 'Aid & fuel: prices < last year' },
    { says: 'a bare & in a link query', item: '<title>x</title><link>https://example.org/r?id=4&lang=fr</link>', link: 'https://example.org/r?id=4&lang=fr' },
    { says: '&nbsp;, &eacute; and &rsquo; in a title', item: '<title>Ou&eacute;mb&eacute;&nbsp;: l&rsquo;attaque</title>', title: 'Ouémbé\u00a0: l’attaque' },
    { says: 'an HTML5 entity with a bare & beside it', item: '<title>Ségou&colon; aid & shelter&hellip;</title>', title: 'Ségou: aid & shelter…' },
    { says: 'an HTML entity written in capitals', item: '<title>A&NBSP;B & C</title>', title: 'A\u00a0B & C' },
    { says: 'an HTML entity of two code points', item: '<title>x &NotEqualTilde; y & z</title>', title: 'x \u2242\u0338 y & z' },
    { says: 'an entity neither XML nor HTML defines, kept as written', item: '<title>Report &vigil; on Mopti</title>', title: 'Report &vigil; on Mopti' },
    { says: 'a character reference XML forbids, dropped', item: '<title>Koro&#0; attack&#x1F;</title>', title: 'Koro attack' },
    { says: 'an undeclared dc: prefix', item: '<title>Ogota</title><dc:creator>MINUSMA</dc:creator>', title: 'Ogota' },
    {
      says: 'an undeclared content: prefix, whose body is still read',
      item: '<title>Ogota</title><content:encoded><![CDATA[<p>Gunmen attacked Ogota.</p>]]></content:encoded>',
      html: '<p>Gunmen attacked Ogota.</p>',
    },
    {
      says: 'a bare & elsewhere, leaving the & of a CDATA section as it is',
      item: '<title>Aid & shelter</title><description><![CDATA[<p>Food &amp; water & &nbsp;medicine</p>]]></description>',
      html: '<p>Food &amp; water & &nbsp;medicine</p>',
    },
  ])('reads $says', async ({ item, title, link, html }) => {
    const [entry] = entriesOf(await parseFeed(rss(item)));

    if (title !== undefined) expect(entry?.title).toBe(title);
    if (link !== undefined) expect(entry?.link).toBe(link);
    if (html !== undefined) expect(entry?.html).toBe(html);
  });

  it('reads a feed with all of them at once, every entry whole', async () => {
    const outcome = await parseFeed(fixture('publisher-bugs.rss.xml'));

    expect(outcome).toMatchObject({ ok: true, ttlMinutes: 90 });
    expect(entriesOf(outcome).map((e) => ({ title: e.title, link: e.link, html: e.html }))).toEqual([
      {
        title: 'Ouémbé\u00a0: l’attaque du 26 novembre & ses suites',
        link: 'https://monitoring.example.org/alertes?id=42&lang=fr',
        html: '<p>Des hommes armés ont attaqué le village d&rsquo;Ouémbé (cercle de Bankass) & incendié des greniers.</p>',
      },
      {
        title: 'Rapport mensuel édition de novembre',
        link: 'https://monitoring.example.org/rapports/2026-11',
        html: '<p>Situation sécuritaire & humanitaire.</p>',
      },
    ]);
  });

  it('repairs a megabyte of bare ampersands in linear time (a loose bound: quadratic would take hours)', async () => {
    const title = 'Aid & shelter '.repeat(75_000).trim();
    const started = performance.now();
    const outcome = await parseFeed(rss(`<title>${title}</title>`));

    expect(performance.now() - started).toBeLessThan(10_000);
    expect(entriesOf(outcome).map((e) => e.title)).toEqual([title]);
  });

  it('reads an RSS 0.91 feed through the Netscape DOCTYPE it declares', async () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><item><title>S&eacute;gou</title><link>https://example.org/1</link></item></channel></rss>`;

    expect(entriesOf(await parseFeed(xml)).map((e) => e.title)).toEqual(['Ségou']);
  });

  it('reads an Atom feed whose xhtml content holds a control character (dropped), every entry kept', async () => {
    const atom = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sahel Wire</title>
<entry><id>urn:1</id><title>Ogossagou</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Gunmen attacked Ogossagou\u0001 and killed 5.</div></content></entry>
<entry><id>urn:2</id><title>Koro\u0002 market</title><summary>Aid\u000b arrived.</summary></entry>
</feed>`;
    const entries = entriesOf(await parseFeed(atom));

    expect(entries.map((e) => e.title)).toEqual(['Ogossagou', 'Koro market']);
    expect(entries[0]?.html).toContain('Gunmen attacked Ogossagou and killed 5.');
    expect(entries[1]?.html).toBe('Aid arrived.');
  });

  it('reads an <rss> root without its version attribute as RSS 2.0', async () => {
    const xml = '<rss><channel><title>T</title><item><title>Mopti</title></item></channel></rss>';

    expect(entriesOf(await parseFeed(xml)).map((e) => e.title)).toEqual(['Mopti']);
  });
});

describe('parseFeed refuses what is no feed, in one line', () => {
  const whole = rss('<title>Ogossagou</title><description>Gunmen attacked the village.</description>');
  const truncated = whole.slice(0, whole.indexOf('village'));
  it.each([
    { says: 'an empty body', body: '', error: 'empty response body' },
    { says: 'a body of whitespace', body: ' \r\n\t ', error: 'empty response body' },
    { says: 'a JSON error page', body: '{"error": "feed not found", "status": 404}', error: 'not XML: the body starts with "{\\"error\\": \\"feed not found\\", \\"status\\": 40…"' },
    { says: 'plain text', body: 'Service temporarily unavailable', error: 'not XML: the body starts with "Service temporarily unavailable"' },
    { says: 'an HTML page served at the feed URL', body: '<!DOCTYPE html>\n<html lang="fr"><head><title>Actualités</title></head><body><p>Bienvenue<br></body></html>', error: 'an HTML page, not an RSS or Atom feed' },
    { says: 'an HTML page with an XML declaration', body: '<?xml version="1.0"?>\n<HTML><body>Moved</body></HTML>', error: 'an HTML page, not an RSS or Atom feed' },
    { says: 'an OPML list of feeds', body: '<?xml version="1.0"?><opml version="2.0"><body><outline text="x"/></body></opml>', error: 'not an RSS or Atom feed: its root element is <opml>' },
    { says: 'an RSS feed cut short', body: truncated, error: 'truncated feed: the document ends before </rss>' },
    { says: 'an RSS feed cut short after a bare &', body: truncated.replace('Ogossagou', 'Ogossagou & Ogota'), error: 'truncated feed: the document ends before </rss>' },
    {
      says: 'an Atom feed cut short',
      body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>HRW</title><entry><title>Mali',
      error: 'truncated feed: the document ends before </feed>',
    },
    { says: 'a tag left open in a title, with line and column', body: rss('<title>Tolls <b 10</title>'), error: 'not a readable RSS or Atom feed: Invalid attribute name (line 5, column 27)' },
    {
      says: 'a tag left open after the & beside it was repaired, with its line only',
      body: rss('<title>Aid & tolls <b 10</title>'),
      error: 'not a readable RSS or Atom feed: Invalid attribute name (line 5)',
    },
    { says: 'a closing tag that closes nothing', body: rss('<title>Ogota</titel>'), error: 'not a readable RSS or Atom feed: Unexpected close tag (line 5, column 30)' },
  ])('refuses $says', async ({ body, error }) => {
    const outcome = await parseFeed(body);

    expect(outcome).toEqual({ ok: false, error });
    expect(error).not.toContain('\n');
  });
});

describe('parseFeed after a broken document', () => {
  it('refuses each of several broken documents in a row', async () => {
    // Two errors in each: xml2js, reused, let the second one mark the next parse as failed
    // already, and that parse then passed whatever it met.
    const outcomes = [];
    for (const toll of [10, 20, 30]) outcomes.push(await parseFeed(rss(`<title>Tolls <b ${toll} and <i ${toll + 1}</title>`)));

    expect(outcomes.map((o) => o.ok)).toEqual([false, false, false]);
  });
});

describe('parseFeed and the DOCTYPE attacks', () => {
  let dir: string;
  let server: FeedServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-parse-'));
    writeFileSync(join(dir, 'secret.txt'), 'SECRET-MARKER-7f3a');
    server = await startFeedServer({ '/evil.dtd': { body: '<!ENTITY leak "NETWORK-MARKER-91c2">' } });
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never expands an entity-expansion bomb (billion laughs)', async () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol0 "lol">
${levels}
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>Bomb &lol9;</title><description>&lol5;</description></item></channel></rss>`;
    const started = performance.now();
    const outcome = await parseFeed(xml);

    expect(performance.now() - started).toBeLessThan(1_000);
    expect(entriesOf(outcome).map((e) => [e.title, e.html])).toEqual([['Bomb &lol9;', '&lol5;']]);
    expect(JSON.stringify(outcome)).not.toContain('lollol');
  });

  it('never reads an external entity, from a file or over the network', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY secret SYSTEM "${pathToFileURL(join(dir, 'secret.txt')).href}">
<!ENTITY passwd SYSTEM "file:///etc/passwd">
<!ENTITY % remote SYSTEM "${server.url('/evil.dtd')}">
%remote;
]>
<rss version="2.0"><channel><title>T</title><item><title>a &secret; b &leak;</title><description>&passwd;</description></item></channel></rss>`;
    const outcome = await parseFeed(xml);

    expect(entriesOf(outcome).map((e) => [e.title, e.html])).toEqual([['a &secret; b &leak;', '&passwd;']]);
    expect(JSON.stringify(outcome)).not.toMatch(/SECRET-MARKER|NETWORK-MARKER|root:/);
    expect(server.requests).toEqual([]);
  });
});

describe('parseFeed reads the channel ttl', () => {
  it.each([
    { says: 'whole minutes', channel: '<ttl>60</ttl>', ttlMinutes: 60 },
    { says: 'minutes with spaces around them', channel: '<ttl> 1440 </ttl>', ttlMinutes: 1440 },
    { says: 'no ttl as null', channel: '', ttlMinutes: null },
    { says: 'zero as null', channel: '<ttl>0</ttl>', ttlMinutes: null },
    { says: 'a negative number as null', channel: '<ttl>-5</ttl>', ttlMinutes: null },
    { says: 'a fraction as null', channel: '<ttl>7.5</ttl>', ttlMinutes: null },
    { says: 'words as null', channel: '<ttl>une heure</ttl>', ttlMinutes: null },
  ])('reads $says', async ({ channel, ttlMinutes }) => {
    expect(await parseFeed(rss('<title>x</title>', `\n    ${channel}`))).toMatchObject({ ok: true, ttlMinutes });
  });

  it('gives an Atom feed, which has no ttl, null', async () => {
    expect(await parseFeed(fixture('hrw-mali.atom.xml'))).toMatchObject({ ok: true, ttlMinutes: null });
  });
});
