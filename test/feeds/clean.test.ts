// Feed HTML to plain text. Plain text and paragraphs-only fragments skip html-to-text; their text
// must be what html-to-text gives. An HTML comment renders as nothing and sends any fragment
// through html-to-text, so `html + '<!---->'` is html-to-text's reading of `html`.
import { describe, expect, it } from 'vitest';
import { htmlToPlainText } from '../../src/feeds/clean.js';

const throughHtmlToText = (html: string): string => htmlToPlainText(`${html}<!---->`);

describe('htmlToPlainText', () => {
  it.each([
    { says: 'collapses the whitespace of plain text', html: '  Gunmen  attacked\n\tOgossagou\r\n ', text: 'Gunmen attacked Ogossagou' },
    { says: 'turns no-break spaces into spaces', html: 'Ouémbé\u00a0: 4\u00a0tués', text: 'Ouémbé : 4 tués' },
    { says: 'separates paragraphs by a blank line', html: '<p>Des hommes armés ont attaqué Ouémbé.</p><p>Quatre morts.</p>', text: 'Des hommes armés ont attaqué Ouémbé.\n\nQuatre morts.' },
    { says: 'breaks a line at <br>', html: 'Bankass<br>12 juin<BR />Mopti', text: 'Bankass\n12 juin\nMopti' },
    { says: 'decodes entities in paragraphs', html: '<p>Ou&eacute;mb&eacute;&nbsp;: l&rsquo;attaque &amp; ses suites</p>', text: 'Ouémbé : l’attaque & ses suites' },
    { says: 'keeps an escaped tag as text', html: '<p>&lt;b&gt;Mopti&lt;/b&gt;</p>', text: '<b>Mopti</b>' },
    { says: 'drops scripts and tracking pixels', html: '<p>Mopti</p><script>alert(1)</script><img src="https://pixel.example.org/t.gif">', text: 'Mopti' },
    { says: 'leaves link targets out', html: 'Read <a href="https://example.org/ogossagou">the report</a>.', text: 'Read the report.' },
  ])('$says', ({ html, text }) => {
    expect(htmlToPlainText(html)).toBe(text);
  });

  it.each([
    'Gunmen attacked Ogossagou.',
    ' \u200b Ouémbé\u200b:\f 4 tués \u2003',
    '\u00a0\u00a0Mopti \u00a0 région\u00a0',
    '<p>Un</p>\n<p>Deux</p>',
    '<p> Un <br> deux </p><p></p><br><br><br>trois',
    '<P>Ségou</P >&amp;&nbsp;&hellip;&#10;&copy 2026 &unknown; &',
    'Texte&#32;&#32;avec<br/>&#x200b;espaces</br>fin',
  ])('reads %j as html-to-text does', (html) => {
    expect(htmlToPlainText(html)).toBe(throughHtmlToText(html));
  });

  it('reads random plain text and paragraphs as html-to-text does', () => {
    const parts = ['<p>', '</p>', '<br>', '<br/>', '<BR />', '</br>', ' ', '\n', '\t', '\r\n', '\u00a0', '\u200b', '\u2003', 'mot', 'Ouémbé', '&amp;', '&nbsp;', '&eacute;', '&#10;', '&lt;i&gt;', '&copy 2026', '&', '>'];
    let state = 7;
    const pick = (): string => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return parts[state % parts.length] ?? '';
    };
    const fragments = Array.from({ length: 3_000 }, (_, i) => Array.from({ length: 1 + (i % 12) }, pick).join(''));

    expect(fragments.filter((html) => htmlToPlainText(html) !== throughHtmlToText(html))).toEqual([]);
  });
});
