// Hostile feed answers for the fuzz test: feed documents fast-check writes (RSS 2.0, RSS 1.0,
// Atom) with the values publishers get wrong (HTML in titles, entities, CDATA, dates in any
// format, links that are no web links, duplicate guids, huge or missing fields), and mutations
// of the corpus in test/fixtures/feeds (truncated, bytes flipped, ranges duplicated or deleted,
// entities and CDATA terminators injected, re-encoded with a declaration that lies, gzipped),
// plus binary garbage and servers that misbehave. Each answer is what one HTTP route serves.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Route } from './servers.js';

export const CORPUS: readonly { name: string; text: string }[] = readdirSync(join(import.meta.dirname, '../fixtures/feeds'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(import.meta.dirname, '../fixtures/feeds', name), 'utf8') }));

/** One generated answer: what the route serves, and how it was made (printed on a failure). */
export interface HostileAnswer {
  recipe: string;
  route: Route;
}

// Names of the shipped watchlist, so that some entries match and go on to signals and events.
const WATCHED = ['Ogossagou', 'Ouémbé', 'Gouari', 'Sobane-Da', 'Djimdo', 'Bankass', 'Katiba Macina'];
const VIOLENCE = ['attacked', 'killing 5 villagers', 'ont attaqué', 'tuant 12 civils', 'burned houses', 'abducted 3 people'];

const nasty = fc.constantFrom(
  '&', '<', '>', '&amp;', '&nbsp;', '&eacute;', '&#0;', '&#1;', '&#xD800;', '&#x1F600;', '&#99999999;', '&undefined;', ']]>', '<![CDATA[', '<b>', '</p>',
  '<script>alert(1)</script>', '\u0000', '\u0007', '\uFFFE', '\uD800', '\u202E', 'é', 'ß', '漢', '\r\n', '\t', '"', "'",
);
const words = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WATCHED, ...VIOLENCE, 'report', 'the', 'village', 'Mali', 'de', 'la') },
  { weight: 2, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
);
const prose = (max: number) => fc.array(words, { maxLength: max }).map((parts) => parts.join(' '));
const hugeText = fc.integer({ min: 10_000, max: 120_000 }).map((n) => 'Ogossagou attacked '.repeat(Math.ceil(n / 19)).slice(0, n));
const textValue = fc.oneof({ weight: 30, arbitrary: prose(30) }, { weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: hugeText });

const link = fc.oneof(
  fc.integer({ min: 0, max: 50 }).map((n) => `https://news.example.org/story/${n}`),
  fc.constantFrom('javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.org/x', '/relative/path', 'mailto:a@b.example', '', '   ', 'http://', 'https://exa mple.org/ x', 'https://xn--80ak6aa92e.com/?utm_source=rss&a=1', 'HTTPS://NEWS.EXAMPLE.ORG/A?fbclid=1'),
  fc.webUrl(),
  fc.string({ maxLength: 40 }),
);
const dates = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('', 'yesterday', '2026-11-27', '27/11/2026', '11/27/2026', 'Thu, 31 Feb 2026 25:61:00 +9900', '1764201600', '0', 'Fri, 27 Nov 2026 08:00:00 CET', '2026-11-27T08:00:00', '2026-W48-5', 'NaN', 'mardi 24 novembre 2026'),
);
const guid = fc.oneof(fc.constantFrom('g1', 'g2', 'g1', ''), fc.string({ maxLength: 30 }), fc.integer({ min: 0, max: 1e6 }).map(String), fc.constant('x'.repeat(2000)));

interface GenEntry {
  title: string | null;
  link: string | null;
  guid: string | null;
  date: string | null;
  body: string | null;
  cdata: boolean;
}
const entry: fc.Arbitrary<GenEntry> = fc.record({
  title: fc.option(textValue, { freq: 6 }),
  link: fc.option(link, { freq: 6 }),
  guid: fc.option(guid, { freq: 3 }),
  date: fc.option(dates, { freq: 5 }),
  body: fc.option(textValue, { freq: 5 }),
  cdata: fc.boolean(),
});

// Half the values are escaped as a correct feed would; the others go in raw, as broken ones do.
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const put = (tag: string, value: string | null, raw: boolean, cdata = false) =>
  value === null ? '' : `<${tag}>${cdata ? `<![CDATA[${value}]]>` : raw ? value : xmlEscape(value)}</${tag}>`;

function rss2(entries: GenEntry[], raw: boolean): string {
  const items = entries.map((e) => `<item>${put('title', e.title, raw, e.cdata)}${put('link', e.link, raw)}${put('guid', e.guid, raw)}${put('pubDate', e.date, raw)}${put('description', e.body, raw, e.cdata)}</item>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Fuzz</title><link>https://fuzz.example.org/</link><ttl>60</ttl>\n${items.join('\n')}\n</channel></rss>\n`;
}

function atom(entries: GenEntry[], raw: boolean): string {
  const items = entries.map(
    (e) =>
      `<entry>${put('title', e.title, raw, e.cdata)}${e.link === null ? '' : `<link href="${xmlEscape(e.link).replace(/"/g, '&quot;')}"/>`}${put('id', e.guid, raw)}${put('updated', e.date, raw)}` +
      (e.body === null ? '' : e.cdata ? `<content type="html">${put('x', e.body, raw, true).slice(3, -4)}</content>` : `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${raw ? e.body : xmlEscape(e.body)}</div></content>`) +
      '</entry>',
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Fuzz</title><id>urn:fuzz</id>\n${items.join('\n')}\n</feed>\n`;
}

function rdf(entries: GenEntry[], raw: boolean): string {
  const items = entries.map((e) => `<item rdf:about="${xmlEscape(e.link ?? 'urn:x').replace(/"/g, '&quot;')}">${put('title', e.title, raw, e.cdata)}${put('link', e.link, raw)}${put('dc:date', e.date, raw)}${put('description', e.body, raw, e.cdata)}</item>`);
  return `<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="urn:c"><title>Fuzz</title></channel>\n${items.join('\n')}\n</rdf:RDF>\n`;
}

// Deeply nested markup: a parser that recurses may overflow its stack.
const nested = fc.integer({ min: 100, max: 5_000 }).map((depth) => `<?xml version="1.0"?><rss version="2.0"><channel><item><title>Deep</title><description>${'<div>'.repeat(depth)}Ogossagou${'</div>'.repeat(depth)}</description></item>${'<x>'.repeat(depth)}</channel></rss>`);
const manyItems = fc.integer({ min: 50, max: 300 }).map((n) => rss2(Array.from({ length: n }, (_, i) => ({ title: `Item ${i} Ogossagou`, link: `https://many.example.org/${i}`, guid: `m${i % (n - 7)}`, date: null, body: 'attacked', cdata: false })), false));
const entityBomb = fc.constant(`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&d;&e;</title></item></channel></rss>`);

const document = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(rss2, atom, rdf), fc.array(entry, { maxLength: 8 }), fc.boolean()).map(([write, entries, raw]) => write(entries, raw)) },
  { weight: 6, arbitrary: fc.constantFrom(...CORPUS.map((c) => c.text)) },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: manyItems },
  { weight: 1, arbitrary: entityBomb },
);

type Mutation = (bytes: Buffer) => Buffer;
const mutations: fc.Arbitrary<{ name: string; apply: Mutation }>[] = [
  fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ name: `truncate@${at.toFixed(3)}`, apply: (b: Buffer) => b.subarray(0, Math.floor(b.length * at)) })),
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => ({
    name: `flip×${flips.length}`,
    apply: (b: Buffer) => {
      const copy = Buffer.from(b);
      for (const [at, byte] of flips) if (copy.length > 0) copy[Math.floor(at * (copy.length - 1))] = byte;
      return copy;
    },
  })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 20 })).map(([a, b, times]) => ({
    name: `duplicate-range×${times}`,
    apply: (buf: Buffer) => {
      const [from, to] = [Math.floor(Math.min(a, b) * buf.length), Math.floor(Math.max(a, b) * buf.length)];
      return Buffer.concat([buf.subarray(0, to), ...Array.from({ length: times }, () => buf.subarray(from, to)), buf.subarray(to)]);
    },
  })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]) => ({
    name: 'delete-range',
    apply: (buf: Buffer) => Buffer.concat([buf.subarray(0, Math.floor(Math.min(a, b) * buf.length)), buf.subarray(Math.floor(Math.max(a, b) * buf.length))]),
  })),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), nasty).map(([at, text]) => ({
    name: `inject ${JSON.stringify(text)}`,
    apply: (buf: Buffer) => Buffer.concat([buf.subarray(0, Math.floor(at * buf.length)), Buffer.from(text), buf.subarray(Math.floor(at * buf.length))]),
  })),
];
// Half the documents are served as written, so that most of what parses goes on to be stored.
const mutation = fc.oneof({ weight: mutations.length, arbitrary: fc.constant({ name: 'as written', apply: (b: Buffer) => b }) }, ...mutations);

// The bytes in another encoding, with what the document and the server say about it (which may lie).
const encoding: fc.Arbitrary<{ name: string; encode: (text: string) => Buffer; contentType: string }> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ name: 'utf-8', encode: (t: string) => Buffer.from(t, 'utf8'), contentType: 'application/rss+xml; charset=utf-8' }) },
  fc.constant({ name: 'latin1 declared', encode: (t: string) => Buffer.from(t.replace(/encoding="[^"]*"/i, 'encoding="ISO-8859-1"'), 'latin1'), contentType: 'application/xml' }),
  fc.constant({ name: 'windows-1252 undeclared', encode: (t: string) => Buffer.from(t.replace(/[‘’]/g, "'"), 'latin1'), contentType: 'text/xml; charset=windows-1252' }),
  fc.constant({ name: 'latin1 declared utf-8', encode: (t: string) => Buffer.from(t, 'latin1'), contentType: 'application/rss+xml; charset=utf-8' }),
  fc.constant({ name: 'utf-16le BOM', encode: (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]), contentType: 'application/xml' }),
  fc.constant({ name: 'utf-16le no BOM declared utf-8', encode: (t: string) => Buffer.from(t, 'utf16le'), contentType: 'application/xml; charset=utf-8' }),
  fc.constant({ name: 'utf-16be BOM', encode: (t: string) => Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])), contentType: 'text/xml' }),
  fc.constant({ name: 'unknown charset', encode: (t: string) => Buffer.from(t, 'utf8'), contentType: 'text/xml; charset=x-klingon' }),
);

const documentAnswer: fc.Arbitrary<HostileAnswer> = fc.tuple(document, encoding, mutation, fc.boolean()).map(([doc, enc, mut, gzip]): HostileAnswer => {
  const bytes = mut.apply(enc.encode(doc));
  const body = gzip ? gzipSync(bytes) : bytes;
  return {
    recipe: `${doc.slice(0, 60).replace(/\s+/g, ' ')}… | ${enc.name} | ${mut.name}${gzip ? ' | gzip' : ''}`,
    route: { contentType: enc.contentType, body, headers: gzip ? { 'content-encoding': 'gzip' } : ({}) },
  };
});

// Servers that misbehave: garbage, a body cut mid-transfer, a lying Content-Length or encoding,
// error statuses, redirects nowhere, an HTML page.
const serverAnswer: fc.Arbitrary<HostileAnswer> = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }).map((bytes): HostileAnswer => ({ recipe: `binary garbage (${bytes.length} bytes)`, route: { contentType: 'application/octet-stream', body: Buffer.from(bytes) } })),
  fc.uint8Array({ maxLength: 512 }).map((bytes): HostileAnswer => ({ recipe: 'garbage labelled gzip', route: { body: Buffer.from(bytes), headers: { 'content-encoding': 'gzip' } } })),
  fc.constantFrom(...CORPUS).map((c): HostileAnswer => ({
    recipe: `${c.name} cut mid-transfer`,
    route: {
      handle: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(c.text.length * 2) });
        response.write(c.text.slice(0, c.text.length / 2));
        setTimeout(() => response.destroy(), 5);
      },
    } satisfies Route,
  })),
  fc.constantFrom(400, 401, 403, 404, 429, 500, 502, 503, 410).map((status): HostileAnswer => ({ recipe: `HTTP ${status}`, route: { status, body: 'nope', headers: status === 429 ? { 'retry-after': 'soon' } : ({}) } })),
  fc.constantFrom('/nowhere', 'javascript:alert(1)', 'http://[::1', '', 'ftp://x/').map((location): HostileAnswer => ({ recipe: `redirect to ${JSON.stringify(location)}`, route: { status: 302, headers: location ? { location } : ({}), body: '' } })),
  fc.constant({ recipe: 'an HTML page', route: { contentType: 'text/html', body: '<!DOCTYPE html><html><body><h1>Not a feed</h1></body></html>' } }),
  fc.constant({ recipe: 'unsupported encoding', route: { body: 'x', headers: { 'content-encoding': 'zstd' } } }),
);

/** Any answer a feed URL may give, mostly feed documents. */
export const hostileAnswer: fc.Arbitrary<HostileAnswer> = fc.oneof({ weight: 9, arbitrary: documentAnswer }, { weight: 1, arbitrary: serverAnswer });
