// Feed HTML to the plain text Vigil matches and shows: tags, scripts, styles and images
// (tracking pixels) dropped, entities decoded, link targets left out so that words inside
// URLs never count as mentions, whitespace collapsed.
import { compile } from 'html-to-text';

const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
});

/** Plain text of an HTML fragment (or of text that merely contains entities). */
export function htmlToPlainText(html: string): string {
  return toText(html)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
