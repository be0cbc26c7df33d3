// A feed's bytes to text. Publishers label their encoding in three places that often disagree;
// the one written by whoever wrote the bytes wins: a byte-order mark, then the XML declaration,
// then the server's Content-Type, then UTF-8. Pure.
import { TextDecoder } from 'node:util';

/** Decodes a feed body by its BOM, XML declaration, Content-Type charset, else as UTF-8. */
export function decodeBody(bytes: Uint8Array, contentType: string | null): string {
  const label = bomEncoding(bytes) ?? declaredEncoding(bytes) ?? headerCharset(contentType) ?? 'utf-8';
  return decodeAs(label, bytes);
}

function bomEncoding(bytes: Uint8Array): string | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  return null;
}

// XML 1.0 Appendix F: without a BOM, "<?" in UTF-16 still shows which byte order it is in.
function declaredEncoding(bytes: Uint8Array): string | null {
  const [a, b, c, d] = bytes;
  if (a === 0x3c && b === 0x00 && c === 0x3f && d === 0x00) return 'utf-16le';
  if (a === 0x00 && b === 0x3c && c === 0x00 && d === 0x3f) return 'utf-16be';
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const label = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head)?.[1];
  // A declaration readable as ASCII is not in UTF-16, whatever it says.
  return label && !/^utf-?16/i.test(label) ? label : null;
}

function headerCharset(contentType: string | null): string | null {
  return /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType ?? '')?.[1] ?? null;
}

// WHATWG labels: "iso-8859-1" and "ascii" decode as windows-1252, which is what such feeds mean.
function decodeAs(label: string, bytes: Uint8Array): string {
  const decoder = decoderFor(label);
  const text = decoder.decode(bytes);
  return decoder.encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, windows1252Char) : text;
}

function decoderFor(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    return new TextDecoder('utf-8'); // an unknown label
  }
}

// Node 20.18.3+ and 22.13+ decode windows-1252 as ISO-8859-1 (nodejs/node#60888), turning its
// curly quotes, dashes and € (bytes 0x80-0x9F) into C1 controls; those map back through the
// WHATWG index-windows-1252. Its five unassigned bytes stay the controls they already are.
const WINDOWS_1252_C1 = String.fromCharCode(
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
);

function windows1252Char(control: string): string {
  return WINDOWS_1252_C1.charAt(control.charCodeAt(0) - 0x80);
}
