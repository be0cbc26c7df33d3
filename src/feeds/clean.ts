// Feed HTML to the plain text Vigil matches and shows: tags, scripts, styles and images
// (tracking pixels) dropped, entities decoded, link targets left out so that words inside
// URLs never count as mentions, whitespace collapsed.
import { decodeHTML } from 'entities';
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

// html-to-text costs most of cleaning a feed. Two shapes that make most of feeds' titles and
// summaries are done here instead, as it would do them: text without tag or entity, where it
// only collapses whitespace (its own whitespace characters, which include the zero-width
// space), and paragraphs of text (<p>, <br>, entities). test/feeds/clean.test.ts holds both
// to html-to-text's output.
const MARKUP = /[<&]/;
// Runs of whitespace become one space. The patterns leave a lone space alone: replacing each
// space between two words by a space is most of the cost of collapsing.
const HTML_WHITESPACE = /[ \t\r\n\f\u200b]{2,}|[\t\r\n\f\u200b]/g;
const HTML_WHITESPACE_OR_NBSP = /[ \t\r\n\f\u200b\u00a0]{2,}|[\t\r\n\f\u200b\u00a0]/g;
const SPACES = /[ \t\u00a0]{2,}|[\t\u00a0]/g;
// <p>, </p>, <br>, <br/>, </br> without attributes: the only tags of a paragraphs-only fragment.
const PARAGRAPH_TAG = /<\/?(p|br)\s*\/?>/gi;

/** Plain text of an HTML fragment (or of text that merely contains entities). */
export function htmlToPlainText(html: string): string {
  if (!MARKUP.test(html)) return html.replace(HTML_WHITESPACE_OR_NBSP, ' ').trim();
  return tidy(paragraphsToText(html) ?? toText(html));
}

// Null when the fragment holds any other markup than paragraphs and line breaks.
function paragraphsToText(html: string): string | null {
  let text = '';
  let copied = 0;
  for (const tag of html.matchAll(PARAGRAPH_TAG)) {
    const words = html.slice(copied, tag.index);
    if (words.includes('<')) return null;
    text += decodeHTML(words).replace(HTML_WHITESPACE, ' ') + (tag[1]?.toLowerCase() === 'br' ? '\n' : '\n\n');
    copied = tag.index + tag[0].length;
  }
  const rest = html.slice(copied);
  return rest.includes('<') ? null : text + decodeHTML(rest).replace(HTML_WHITESPACE, ' ');
}

function tidy(text: string): string {
  return text
    .replace(SPACES, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
