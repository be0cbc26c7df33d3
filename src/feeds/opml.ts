// OPML, the reading lists feed readers export: the feeds of one turned into feed entries for the
// catalog (pure). Folders are walked through; each feed's title stands for its publisher until
// the operator writes a better one. A DOCTYPE is dropped before parsing, so no entity is ever
// declared, expanded or fetched.
import { XMLParser } from 'fast-xml-parser';

/** A feed found in an OPML file, as the catalog's feed list writes it. */
export interface OpmlFeed {
  name: string;
  url: string;
  publisher: string;
  language?: string;
}

export type OpmlOutcome = { ok: true; feeds: OpmlFeed[]; skipped: string[] } | { ok: false; error: string };

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  language?: string;
  outline?: Outline[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'outline' });

/** The feeds of an OPML document, in its order; entries without a usable URL are named in `skipped`. */
export function parseOpml(xml: string): OpmlOutcome {
  let doc: { opml?: { body?: { outline?: Outline[] } } };
  try {
    doc = parser.parse(xml.replace(/<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i, '')) as typeof doc;
  } catch (error) {
    return { ok: false, error: `not an OPML file: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const outlines = doc.opml?.body?.outline;
  if (!outlines) return { ok: false, error: 'not an OPML file: no <opml><body> with outlines' };
  const feeds: OpmlFeed[] = [];
  const skipped: string[] = [];
  collect(outlines, feeds, skipped);
  return { ok: true, feeds, skipped };
}

function collect(outlines: readonly Outline[], feeds: OpmlFeed[], skipped: string[]): void {
  for (const outline of outlines) {
    const name = (outline.title ?? outline.text ?? '').trim();
    if (outline.outline) collect(outline.outline, feeds, skipped);
    if (outline.xmlUrl === undefined) continue;
    const url = outline.xmlUrl.trim();
    if (!/^https?:\/\//i.test(url)) {
      skipped.push(`${name || '(untitled)'}: "${url}" is not an http(s) URL`);
      continue;
    }
    const feed: OpmlFeed = { name: name || url, url, publisher: name || new URL(url).hostname };
    if (outline.language && /^[a-z]{2}$/.test(outline.language)) feed.language = outline.language;
    feeds.push(feed);
  }
}
