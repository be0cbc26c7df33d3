// XML text from feed text: escaped, and without the control characters XML 1.0 forbids (one
// stray \u0007 in a title would make the whole Atom or CAP document unreadable). Pure.

// XML 1.0 allows tab, newline and carriage return below 0x20, and nothing in U+FFFE–U+FFFF.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text safe inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
