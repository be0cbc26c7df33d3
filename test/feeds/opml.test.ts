// OPML exports of feed readers: the feeds found through folders, entries without a usable URL
// named, and a document that is not OPML, or that declares entities, refused or left inert.
import { describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/feeds/index.js';

const READER_EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Sahel reading list</title></head>
  <body>
    <outline text="UN">
      <outline text="ReliefWeb — Mali" title="ReliefWeb — Mali" type="rss" xmlUrl="https://reliefweb.int/country/mli/rss.xml" htmlUrl="https://reliefweb.int/country/mli"/>
      <outline text="OCHA &amp; partners" type="rss" xmlUrl=" https://www.unocha.org/rss.xml " language="en"/>
    </outline>
    <outline text="Studio Tamani" type="rss" xmlUrl="https://www.studiotamani.org/feed" language="fr"/>
    <outline text="A podcast" type="rss" xmlUrl="itpc://example.org/podcast"/>
    <outline text="A web page, no feed" htmlUrl="https://example.org/"/>
  </body>
</opml>`;

describe('parseOpml', () => {
  it('finds every feed through folders, each named by its title, in the order of the file', () => {
    expect(parseOpml(READER_EXPORT)).toEqual({
      ok: true,
      feeds: [
        { name: 'ReliefWeb — Mali', url: 'https://reliefweb.int/country/mli/rss.xml', publisher: 'ReliefWeb — Mali' },
        { name: 'OCHA & partners', url: 'https://www.unocha.org/rss.xml', publisher: 'OCHA & partners', language: 'en' },
        { name: 'Studio Tamani', url: 'https://www.studiotamani.org/feed', publisher: 'Studio Tamani', language: 'fr' },
      ],
      skipped: ['A podcast: "itpc://example.org/podcast" is not an http(s) URL'],
    });
  });

  it('refuses a document that is not OPML, saying so', () => {
    expect(parseOpml('<rss version="2.0"><channel/></rss>')).toEqual({ ok: false, error: 'not an OPML file: no <opml><body> with outlines' });
    expect(parseOpml('<opml><body><outline text="x"')).toMatchObject({ ok: false, error: expect.stringMatching(/^not an OPML file: /) });
  });

  it('never expands a declared entity nor reads an external one', () => {
    const hostile = `<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<opml version="2.0"><body><outline text="&secret;&b;" type="rss" xmlUrl="https://example.org/feed.xml"/></body></opml>`;
    const result = parseOpml(hostile);
    expect(result.ok).toBe(true);
    const name = result.ok ? (result.feeds[0]?.name ?? '') : '';
    expect(name).not.toContain('root:');
    expect(name).not.toContain('aaaaaaaaaa');
  });
});
