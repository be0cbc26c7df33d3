// Entries as feeds send them become items every column of the database takes: no control
// characters, no half of a surrogate pair, bounded titles, texts, guids and links, plausible
// dates; and links in the one spelling under which the same story is recognised across feeds.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, toItemDraft } from '../../src/feeds/items.js';
import { canonicalLink } from '../../src/feeds/links.js';
import type { FeedEntry } from '../../src/feeds/parse.js';

const fetchedAt = new Date('2026-11-26T12:00:00Z');

const entry = (fields: Partial<FeedEntry>): FeedEntry => ({
  guid: 'g1',
  link: 'https://reliefweb.int/report/mali/ouembe',
  title: 'Mali : attaque contre Ouémbé',
  html: '<p>Des hommes armés ont attaqué le village.</p>',
  publishedAt: new Date('2026-11-26T08:00:00Z'),
  ...fields,
});

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const words = (count: number): string => Array.from({ length: count }, (_, i) => `mot${i}`).join(' ');

describe('toItemDraft removes control characters', () => {
  it.each([
    { field: 'title', given: { title: 'Attaque\u0000 à\u0007 Ouémbé\u0085 \u009b' }, read: 'title', value: 'Attaque à Ouémbé' },
    { field: 'text', given: { html: 'Ogossagou\u0000 : 37\u001b morts\u007f' }, read: 'text', value: 'Ogossagou : 37 morts' },
    { field: 'text, keeping its line breaks', given: { html: '<p>Un\u0001</p><p>Deux</p>' }, read: 'text', value: 'Un\n\nDeux' },
    { field: 'link', given: { link: 'https://reliefweb.int/report/\u0000mali\u0008' }, read: 'link', value: 'https://reliefweb.int/report/mali' },
    { field: 'guid, keeping a tab', given: { guid: 'tag:\u0000un.org,2026:\t42\u0090' }, read: 'guid', value: 'tag:un.org,2026:\t42' },
  ] as const)('from the $field', ({ given, read, value }) => {
    expect(toItemDraft(entry(given), fetchedAt)[read]).toBe(value);
  });

  it('replaces half of a surrogate pair by U+FFFD, keeping whole pairs', () => {
    const draft = toItemDraft(entry({ title: 'Alerte \ud83d\udea8 Mopti \ud83d', html: 'Texte \udea8 ici' }), fetchedAt);

    expect([draft.title, draft.text]).toEqual(['Alerte \ud83d\udea8 Mopti \ufffd', 'Texte \ufffd ici']);
  });
});

describe('toItemDraft caps lengths', () => {
  it.each([
    { field: 'title', max: MAX_TITLE_LENGTH, given: (s: string) => ({ title: s }), read: (d: { title: string }) => d.title },
    { field: 'text', max: MAX_TEXT_LENGTH, given: (s: string) => ({ html: s }), read: (d: { text: string }) => d.text },
  ])('cuts a long $field after a whole word and marks the cut', ({ max, given, read }) => {
    const long = words(max / 3);
    const value = read(toItemDraft(entry(given(long)), fetchedAt));

    expect(value.length).toBeLessThanOrEqual(max);
    expect(value.length).toBeGreaterThan(max * 0.9);
    expect(value.endsWith('…')).toBe(true);
    expect(long.startsWith(`${value.slice(0, -1)} `)).toBe(true);
  });

  it.each([
    { field: 'title', max: MAX_TITLE_LENGTH, given: (s: string) => ({ title: s }), read: (d: { title: string }) => d.title },
    { field: 'text', max: MAX_TEXT_LENGTH, given: (s: string) => ({ html: s }), read: (d: { text: string }) => d.text },
  ])('cuts a $field without spaces mid-word, never between the halves of a pair', ({ max, given, read }) => {
    const value = read(toItemDraft(entry(given('\ud83d\udea8'.repeat(max))), fetchedAt));

    expect(value.length).toBeLessThanOrEqual(max);
    expect(value.length).toBeGreaterThanOrEqual(max - 2);
    expect(value).not.toMatch(/\p{Cs}/u);
  });

  it('keeps a title and a text at their limits whole', () => {
    const title = 'x'.repeat(MAX_TITLE_LENGTH);
    const text = 'y'.repeat(MAX_TEXT_LENGTH);

    expect(toItemDraft(entry({ title, html: text }), fetchedAt)).toMatchObject({ title, text });
  });
});

describe('toItemDraft bounds guids and links', () => {
  it('stores a guid over 512 characters as its sha256', () => {
    const guid = `https://example.org/${'a'.repeat(600)}`;

    expect(toItemDraft(entry({ guid }), fetchedAt).guid).toBe(`sha256:${sha256(guid)}`);
  });

  it('keeps a guid of 512 characters', () => {
    const guid = 'g'.repeat(512);

    expect(toItemDraft(entry({ guid }), fetchedAt).guid).toBe(guid);
  });

  it('hashes a long link standing in for a missing guid', () => {
    const link = `https://example.org/${'b'.repeat(1_000)}`;

    expect(toItemDraft(entry({ guid: null, link }), fetchedAt)).toMatchObject({ guid: `sha256:${sha256(link)}`, link });
  });

  it('identifies an entry with neither guid nor link by its content hash', () => {
    const draft = toItemDraft(entry({ guid: '\u0000', link: null }), fetchedAt);

    expect(draft.guid).toBe(`sha256:${draft.contentHash}`);
  });

  it('drops a link over 2,048 characters and keeps one of 2,048', () => {
    const base = 'https://example.org/';
    const atLimit = base + 'c'.repeat(2_048 - base.length);

    expect(toItemDraft(entry({ link: `${atLimit}c` }), fetchedAt)).toMatchObject({ link: null, canonicalLink: null });
    expect(toItemDraft(entry({ link: atLimit }), fetchedAt).link).toBe(atLimit);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>x</script>', 'ftp://example.org/report', 'not a link'])('drops a link that is not http(s): %s', (link) => {
    expect(toItemDraft(entry({ link }), fetchedAt)).toMatchObject({ link: null, canonicalLink: null });
  });

  it('gives the canonical link beside the link as published', () => {
    const link = 'https://News.UN.org/en/story/2026/11/1160001/?utm_source=rss&utm_medium=feed#top';

    expect(toItemDraft(entry({ link }), fetchedAt)).toMatchObject({
      link: 'https://news.un.org/en/story/2026/11/1160001/?utm_source=rss&utm_medium=feed#top',
      canonicalLink: 'https://news.un.org/en/story/2026/11/1160001',
    });
  });
});

describe('toItemDraft keeps publication dates plausible', () => {
  it.each([
    { says: 'keeps a date before the fetch', published: '2026-11-26T08:00:00Z', stored: '2026-11-26T08:00:00.000Z' },
    { says: 'keeps a date equal to the fetch', published: '2026-11-26T12:00:00Z', stored: '2026-11-26T12:00:00.000Z' },
    { says: 'clamps a date after the fetch to the fetch', published: '2026-11-27T02:00:00Z', stored: '2026-11-26T12:00:00.000Z' },
    { says: 'clamps a date years ahead to the fetch', published: '2099-01-01T00:00:00Z', stored: '2026-11-26T12:00:00.000Z' },
    { says: 'keeps 1 January 1990', published: '1990-01-01T00:00:00Z', stored: '1990-01-01T00:00:00.000Z' },
    { says: 'drops a date before 1990', published: '1989-12-31T23:59:59Z', stored: null },
    { says: 'drops the Unix epoch placeholder', published: '1970-01-01T00:00:00Z', stored: null },
    { says: 'keeps a missing date missing', published: null, stored: null },
  ])('$says', ({ published, stored }) => {
    const draft = toItemDraft(entry({ publishedAt: published === null ? null : new Date(published) }), fetchedAt);

    expect(draft.publishedAt?.toISOString() ?? null).toBe(stored);
  });
});

describe('toItemDraft content hash', () => {
  it('is the sha256 of the lower-cased title and text', () => {
    const draft = toItemDraft(entry({ title: 'OUÉMBÉ attaqué', html: '<p>Quatre morts.</p>' }), fetchedAt);

    expect(draft.contentHash).toBe(sha256('ouémbé attaqué\nquatre morts.'));
  });
});

describe('canonicalLink', () => {
  it.each([
    ['https://news.un.org/en/story/2026/11/1160001?utm_source=rss&utm_medium=feed', 'https://news.un.org/en/story/2026/11/1160001'],
    ['https://www.rfi.fr/fr/afrique/20261126-mali-attaque?UTM_Campaign=x&Utm_Source=y', 'https://www.rfi.fr/fr/afrique/20261126-mali-attaque'],
    ['HTTPS://ReliefWeb.INT/report/mali/Ouembe', 'https://reliefweb.int/report/mali/Ouembe'],
    ['http://reliefweb.int/report/mali/ouembe', 'http://reliefweb.int/report/mali/ouembe'],
    ['https://www.hrw.org/news/2026/11/26/mali', 'https://www.hrw.org/news/2026/11/26/mali'],
    ['https://example.org:443/a', 'https://example.org/a'],
    ['http://example.org:80/a', 'http://example.org/a'],
    ['https://example.org:8443/a', 'https://example.org:8443/a'],
    ['https://www.hrw.org/africa/mali/', 'https://www.hrw.org/africa/mali'],
    ['https://www.hrw.org/africa/mali//', 'https://www.hrw.org/africa/mali'],
    ['https://www.hrw.org/', 'https://www.hrw.org/'],
    ['https://www.hrw.org', 'https://www.hrw.org/'],
    ['https://example.org/a#section-2', 'https://example.org/a'],
    ['https://example.org/search?q=mali&lang=fr&page=2', 'https://example.org/search?lang=fr&page=2&q=mali'],
    ['https://example.org/a?fbclid=IwAR0x&id=7', 'https://example.org/a?id=7'],
    ['https://example.org/a?gclid=1&dclid=2&msclkid=3&yclid=4', 'https://example.org/a'],
    ['https://example.org/a?mc_cid=1&mc_eid=2&id=3', 'https://example.org/a?id=3'],
    ['https://example.org/a?igshid=1&_hsenc=2&_hsmi=3&ref_src=twsrc', 'https://example.org/a'],
    ['https://example.org/a?ref=home&source=rss', 'https://example.org/a?ref=home&source=rss'],
    ['https://example.org/a/?utm_content=x&b=2&a=1#top', 'https://example.org/a?a=1&b=2'],
    ['https://example.org/a?tag=sahel&tag=mali', 'https://example.org/a?tag=sahel&tag=mali'],
    ['https://example.org/a?id&utm_source=x', 'https://example.org/a?id'],
    ['https://example.org/s?q=Ou%C3%A9mb%C3%A9+attaque', 'https://example.org/s?q=Ou%C3%A9mb%C3%A9+attaque'],
    ['https://example.org/fr/actualités', 'https://example.org/fr/actualit%C3%A9s'],
    ['https://example.org/a?', 'https://example.org/a'],
  ])('%s → %s', (link, canonical) => {
    expect(canonicalLink(link)).toBe(canonical);
  });

  it.each(['javascript:alert(1)', 'mailto:info@example.org', 'ftp://example.org/a', '/relative/path', ''])('has none for %j', (link) => {
    expect(canonicalLink(link)).toBeNull();
  });
});
