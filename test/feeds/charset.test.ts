// Feed bytes to text: the byte-order mark, then the XML declaration, then Content-Type, then
// UTF-8, with the windows-1252 punctuation French and English feeds are full of.
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/feeds/charset.js';

const declared = (encoding: string, text: string): string => `<?xml version="1.0" encoding="${encoding}"?><title>${text}</title>`;
const bom = (bytes: number[], body: Buffer): Buffer => Buffer.concat([Buffer.from(bytes), body]);

describe('decodeBody', () => {
  it.each([
    { says: 'reads UTF-8 when nothing says otherwise', bytes: Buffer.from('<title>Ouémbé</title>'), contentType: null, text: '<title>Ouémbé</title>' },
    { says: 'takes the Content-Type charset', bytes: Buffer.from('<title>Ségou</title>', 'latin1'), contentType: 'text/xml; charset=ISO-8859-1', text: '<title>Ségou</title>' },
    { says: 'takes a quoted Content-Type charset', bytes: Buffer.from('<title>Ségou</title>', 'latin1'), contentType: 'text/xml; charset="iso-8859-1"', text: '<title>Ségou</title>' },
    {
      says: 'believes the XML declaration over the Content-Type',
      bytes: Buffer.from(declared('ISO-8859-1', 'Ouémbé'), 'latin1'),
      contentType: 'application/rss+xml; charset=utf-8',
      text: declared('ISO-8859-1', 'Ouémbé'),
    },
    {
      says: 'believes a UTF-8 BOM over the XML declaration',
      bytes: bom([0xef, 0xbb, 0xbf], Buffer.from(declared('ISO-8859-1', 'Ségou'))),
      contentType: 'text/xml; charset=iso-8859-1',
      text: declared('ISO-8859-1', 'Ségou'),
    },
    { says: 'reads UTF-16LE by its BOM', bytes: bom([0xff, 0xfe], Buffer.from(declared('UTF-16', 'Ségou'), 'utf16le')), contentType: 'text/xml; charset=utf-8', text: declared('UTF-16', 'Ségou') },
    { says: 'reads UTF-16BE by its BOM', bytes: bom([0xfe, 0xff], Buffer.from(declared('UTF-16', 'Ségou'), 'utf16le').swap16()), contentType: null, text: declared('UTF-16', 'Ségou') },
    { says: 'reads UTF-16LE without a BOM by how "<?" is written', bytes: Buffer.from(declared('UTF-16', 'Mopti'), 'utf16le'), contentType: null, text: declared('UTF-16', 'Mopti') },
    {
      says: 'ignores a declaration of UTF-16 written in ASCII bytes',
      bytes: Buffer.from(declared('UTF-16', 'Ségou'), 'latin1'),
      contentType: 'text/xml; charset=windows-1252',
      text: declared('UTF-16', 'Ségou'),
    },
    {
      says: 'maps windows-1252 curly quotes, dashes and the euro sign',
      bytes: Buffer.from([0x93, 0x4f, 0x94, 0x20, 0x92, 0x20, 0x96, 0x20, 0x97, 0x20, 0x80, 0x20, 0x85, 0x20, 0x9c]),
      contentType: 'text/xml; charset=windows-1252',
      text: '“O” ’ – — € … œ',
    },
    { says: 'reads ISO-8859-1 as windows-1252, as its writers mean it', bytes: Buffer.from([0x93, 0x4f, 0x94]), contentType: 'text/xml; charset=iso-8859-1', text: '“O”' },
    { says: 'keeps the bytes windows-1252 leaves unassigned as they are', bytes: Buffer.from([0x81, 0x9d]), contentType: 'text/xml; charset=cp1252', text: '\u0081\u009d' },
    { says: 'falls back to UTF-8 for a label it does not know', bytes: Buffer.from(declared('x-klingon', 'Ségou')), contentType: 'text/xml; charset=also-unknown', text: declared('x-klingon', 'Ségou') },
  ])('$says', ({ bytes, contentType, text }) => {
    expect(decodeBody(bytes, contentType)).toBe(text);
  });
});
