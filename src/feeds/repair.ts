// The publisher bugs a feed document is forgiven, and the one thing it is never allowed: a
// document type declaration. Pure; linear in the size of the document, whatever it holds.
import { decodeHTMLStrict } from 'entities';

/** The first element's name and where a document type declaration sits before it, if any. */
export interface Prolog {
  root: string | null;
  doctype: { start: number; end: number } | null;
}

// What may stand before the root element: whitespace, the XML declaration and other processing
// instructions, comments, one DOCTYPE (its internal subset in brackets). Each alternative starts
// with a different character and the expression is tried once per position, so it cannot
// backtrack its way into quadratic time.
const PROLOG_PART = /\s|<\?[^]*?\?>|<!--[^]*?-->|<!DOCTYPE(?:[^[>]|\[[^\]]*\])*>/iy;
const ROOT_TAG = /<([A-Za-z_][\w:.-]*)/y;

/** Reads what stands before the root element. */
export function readProlog(xml: string): Prolog {
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  let doctype: Prolog['doctype'] = null;
  for (let part = matchAt(PROLOG_PART, xml, at); part !== null; part = matchAt(PROLOG_PART, xml, at)) {
    if (part.startsWith('<!D') || part.startsWith('<!d')) doctype = { start: at, end: at + part.length };
    at += part.length;
  }
  return { root: matchAt(ROOT_TAG, xml, at, 1), doctype };
}

/**
 * The document without its DOCTYPE: a feed needs none, and an internal subset is where an
 * entity-expansion bomb or an external entity (`SYSTEM "file:///etc/passwd"`) would be
 * declared. Its entities are then unknown, and `repairXml` keeps them as literal text. The
 * declaration's line breaks stay, so that error positions still name the right line.
 */
export function withoutDoctype(xml: string, prolog: Prolog): string {
  if (!prolog.doctype) return xml;
  const { start, end } = prolog.doctype;
  return xml.slice(0, start) + xml.slice(start, end).replace(/[^\n]/g, '') + xml.slice(end);
}

// Where an ampersand, a CDATA section, a comment or a bare < starts; CDATA sections and comments
// are copied as they are (an & in them is text, not markup). A < that no tag, end tag,
// declaration or processing instruction can start with ("prices < last year", "<3 villages") is
// text a publisher forgot to escape.
const SPECIAL = /&|<!\[CDATA\[|<!--|<(?![A-Za-z_:/!?])/g;
const REFERENCE = /&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{0,40}));/y;
const XML_NAMED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/**
 * Repairs what publishers get wrong and a strict XML parser refuses: a bare `&` ("Tom & Jerry",
 * `?a=1&b=2`) and a bare `<` ("fewer < 10") are escaped; an HTML named entity XML does not
 * define (`&hellip;`, `&NewLine;`) becomes numeric references; any other unknown name (`&lol9;`)
 * is kept as literal text; a character XML forbids (a C0 control) is dropped, and so is a numeric
 * reference to one (`&#0;`). Everything else is left byte for byte, so a document with nothing
 * to repair comes back unchanged.
 */
export function repairXml(document: string): string {
  const xml = withoutForbiddenChars(document);
  let out = '';
  let copied = 0;
  SPECIAL.lastIndex = 0;
  for (let found = SPECIAL.exec(xml); found !== null; found = SPECIAL.exec(xml)) {
    const at = found.index;
    if (found[0] === '<') {
      out += `${xml.slice(copied, at)}&lt;`;
      copied = at + 1;
      continue;
    }
    if (found[0] !== '&') {
      const close = xml.indexOf(found[0] === '<!--' ? '-->' : ']]>', at);
      if (close < 0) break; // an unclosed section: the parser will say so
      SPECIAL.lastIndex = close + 3;
      continue;
    }
    const reference = execAt(REFERENCE, xml, at);
    const replacement = reference ? repairReference(reference) : '&amp;';
    const length = reference ? reference[0].length : 1;
    if (replacement === xml.slice(at, at + length)) continue;
    out += xml.slice(copied, at) + replacement;
    copied = at + length;
    SPECIAL.lastIndex = copied;
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}

// Characters XML 1.0 forbids even as text (C0 controls but tab and line breaks, U+FFFE, U+FFFF).
// rss-parser re-serialises xhtml content and throws on one, refusing the whole feed for it; they
// carry nothing a reader could see, and no line break is among them, so lines keep their numbers.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const FORBIDDEN = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

function withoutForbiddenChars(xml: string): string {
  return xml.replace(FORBIDDEN, '');
}

function repairReference([whole, decimal, hex, name]: RegExpExecArray): string {
  if (decimal !== undefined || hex !== undefined) {
    return isXmlChar(decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16)) ? whole : '';
  }
  if (name === undefined || XML_NAMED.has(name)) return whole;
  const decoded = htmlEntity(name) ?? htmlEntity(name.toLowerCase());
  return decoded === null ? `&amp;${name};` : [...decoded].map((char) => `&#${char.codePointAt(0)};`).join('');
}

// The HTML table of the `entities` package: the string a name stands for, or null.
function htmlEntity(name: string): string | null {
  const reference = `&${name};`;
  const decoded = decodeHTMLStrict(reference);
  return decoded === reference ? null : decoded;
}

// XML 1.0's Char production: what a character reference may stand for.
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

// The sticky patterns above are shared: each use sets where it reads.
function execAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function matchAt(pattern: RegExp, text: string, at: number, group = 0): string | null {
  return execAt(pattern, text, at)?.[group] ?? null;
}
